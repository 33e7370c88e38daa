import { GetResourcePolicyCommand, ListSecretsCommand, type SecretListEntry } from '@aws-sdk/client-secrets-manager';
import { isoDate, policyDocumentFromText, tagMap, type Collector } from './context.js';
import { declarativeCollector, readInto } from './declarative.js';

/**
 * The metadata of a listed secret, in the model's terms. Only ListSecrets and
 * GetResourcePolicy are called: the value of a secret is never read.
 */
export function secretProperties(s: SecretListEntry, name: string): Record<string, unknown> {
  return {
    secretName: name,
    // Without a key of its own a secret is encrypted with the AWS managed key aws/secretsmanager.
    kmsKeyId: s.KmsKeyId ?? null,
    // Secrets Manager returns no RotationEnabled for a secret never configured for rotation (API Reference, DescribeSecret).
    rotationEnabled: s.RotationEnabled ?? false,
    rotationIntervalDays: s.RotationRules?.AutomaticallyAfterDays ?? null,
    lastRotatedDate: isoDate(s.LastRotatedDate),
    lastAccessedDate: isoDate(s.LastAccessedDate),
    createdDate: isoDate(s.CreatedDate),
    owningService: s.OwningService ?? null,
  };
}

/**
 * Secrets Manager secrets: their key, rotation, last access and resource policy — never their values.
 * KmsKeyId, LastAccessedDate and LastRotatedDate are documented as omitted when
 * unset (the AWS managed key, never read, never rotated). The reference marks no
 * member of SecretListEntry as always returned, but every secret has a creation
 * date: an entry without CreatedDate is read as an odd answer, whose omissions
 * cannot be given their documented meaning, rather than trusted. A
 * GetResourcePolicy answer names the secret (ARN) and leaves ResourcePolicy out
 * when the secret has no policy.
 */
export const secretsmanagerCollector: Collector = declarativeCollector({
  service: 'secretsmanager',
  client: 'secretsmanager',
  resourceType: 'AWS::SecretsManager::Secret',
  list: {
    operation: 'secretsmanager:ListSecrets',
    page: (sm, t) => sm.send(new ListSecretsCommand({ MaxResults: 100, ...(t ? { NextToken: t } : {}) })),
    items: (o) => o.SecretList,
    next: (o) => o.NextToken,
  },
  // A secret's ARN ends in a random suffix, so it cannot be built from the name: both are required.
  id: (s) => (s.ARN ? s.Name : undefined),
  idField: 'ARN or Name',
  arn: (_ctx, s) => s.ARN!,
  listed: (s, name) => secretProperties(s, name),
  itemCarries: { fields: ['CreatedDate'], keep: ['secretName'] },
  listedTags: (s) => tagMap(s.Tags),
  reads: [
    readInto({
      property: 'policy',
      operation: 'secretsmanager:GetResourcePolicy',
      send: (sm, _s, secret) => sm.send(new GetResourcePolicyCommand({ SecretId: secret.arn })),
      carries: ['ARN'],
      map: (o) => policyDocumentFromText(o.ResourcePolicy),
    }),
  ],
});

