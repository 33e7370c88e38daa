import type { Resource } from '../inventory/resource.js';
import type { SchemaNode } from '../inventory/resource-schemas.js';
import { analyzePolicy } from '../policy/analyze.js';
import type { Derived } from './encryption.js';
import { own } from '../util/own.js';

/** Which property holds each type's resource policy. */
export const POLICY_PROPERTY: Record<string, string> = {
  'AWS::S3::Bucket': 'policy',
  'AWS::S3::AccessPoint': 'policy',
  'AWS::S3::MultiRegionAccessPoint': 'policy',
  'AWS::SQS::Queue': 'policy',
  'AWS::SNS::Topic': 'policy',
  'AWS::DynamoDB::Table': 'policy',
  'AWS::KMS::Key': 'keyPolicy',
  'AWS::Lambda::Function': 'policy',
  'AWS::Kinesis::Stream': 'policy',
  'AWS::EFS::FileSystem': 'policy',
  'AWS::IoT::Policy': 'policyDocument',
  'AWS::OpenSearch::Domain': 'accessPolicy',
  'AWS::SecretsManager::Secret': 'policy',
  'AWS::Backup::BackupVault': 'policy',
  'AWS::Glacier::Vault': 'policy',
  'AWS::Glue::DataCatalogEncryptionSettings': 'policy',
};

/** The fields of `$policy`, for checking rule paths at load. */
export const POLICY_SCHEMA: SchemaNode = {
  type: 'object',
  additionalProperties: false,
  properties: {
    present: { type: 'boolean' },
    public: { type: 'boolean' },
    publicStatements: { type: 'array', items: {} },
    enforcesSecureTransport: { type: 'boolean' },
    minimumTlsVersion: { type: ['string', 'null'] },
    crossAccount: { type: 'array', items: {} },
    crossAccountPrincipals: { type: 'array', items: { type: 'string' } },
    wildcardGrants: { type: 'array', items: {} },
  },
};

const FIELDS = Object.keys(POLICY_SCHEMA.properties!);

/** Derives `$policy`: the analysis of the resource's policy, with absent fields explained when it was not collected or cannot be read. */
export function derivePolicy(r: Resource): Derived | undefined {
  const prop = own(POLICY_PROPERTY, r.resourceType);
  if (!prop) return undefined;
  const values: Record<string, unknown> = {};
  const missing: Record<string, string> = {};
  if (!(prop in r.properties)) {
    for (const f of FIELDS) missing[f] = `${prop} was not collected`;
    return { values, missing };
  }
  const doc = r.properties[prop];
  if (doc === null) {
    Object.assign(values, {
      present: false,
      public: false,
      publicStatements: [],
      enforcesSecureTransport: false,
      minimumTlsVersion: null,
      crossAccount: [],
      crossAccountPrincipals: [],
      wildcardGrants: [],
    });
    return { values, missing };
  }
  const analysis = analyzePolicy(doc, { resourceArn: r.arn, accountId: r.accountId });
  values.present = true;
  if (!analysis.valid) {
    const first = analysis.errors[0];
    const where = first?.pointer ? `${first.pointer}: ` : '';
    const reason = `${prop} could not be read: ${first ? `${where}${first.message}` : 'invalid policy'}`;
    for (const f of FIELDS) if (f !== 'present') missing[f] = reason;
    return { values, missing };
  }
  Object.assign(values, {
    public: analysis.public,
    publicStatements: analysis.publicStatements,
    enforcesSecureTransport: analysis.enforcesSecureTransport,
    minimumTlsVersion: analysis.minimumTlsVersion,
    crossAccount: analysis.crossAccount,
    crossAccountPrincipals: [...new Set(analysis.crossAccount.map((g) => g.principal))],
    wildcardGrants: analysis.wildcardGrants,
  });
  // Statements that could not be read leave some answers open: those fields are UNKNOWN, never a clean value.
  const open: Record<string, string | undefined> = {
    public: analysis.undecided.public,
    publicStatements: analysis.undecided.public,
    enforcesSecureTransport: analysis.undecided.enforcesSecureTransport,
    minimumTlsVersion: analysis.undecided.minimumTlsVersion,
    crossAccount: analysis.undecided.crossAccount,
    crossAccountPrincipals: analysis.undecided.crossAccount,
    wildcardGrants: analysis.undecided.wildcardGrants,
  };
  for (const [field, why] of Object.entries(open)) {
    if (why === undefined) continue;
    delete values[field];
    missing[field] = `${prop}: ${why}`;
  }
  return { values, missing };
}
