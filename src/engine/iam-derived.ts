import type { Resource } from '../inventory/resource.js';
import type { SchemaNode } from '../inventory/resource-schemas.js';
import { matchesAnyAction } from '../policy/evaluate.js';
import { parsePolicy, type Policy, type Statement } from '../policy/parse.js';
import { accountOfArn } from '../policy/principal.js';
import type { Derived } from './encryption.js';

/**
 * Actions that read stored data or its plaintext: the data plane of the stores
 * sealcheck grades, and KMS decryption (Security Hub KMS.1/KMS.2 look for it on all keys).
 */
export const DATA_READ_ACTIONS: readonly string[] = [
  's3:GetObject',
  's3:GetObjectVersion',
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'secretsmanager:GetSecretValue',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'sqs:ReceiveMessage',
  'kinesis:GetRecords',
  'kms:Decrypt',
  'kms:ReEncryptFrom',
];

/** Condition keys that tie an assuming principal of another account to an agreed secret or to the organization. */
const CROSS_ACCOUNT_GUARD_KEYS = new Set(['sts:externalid', 'aws:principalorgid', 'aws:sourceorgid', 'aws:principalorgpaths', 'aws:sourceorgpaths']);

/** The fields of `$iam`, for checking rule paths at load. */
export const IAM_SCHEMA: SchemaNode = {
  type: 'object',
  additionalProperties: false,
  properties: {
    crossAccountTrustWithoutGuard: { type: 'array', items: { type: 'string' } },
    federatedTrustWithoutAudience: { type: 'array', items: { type: 'string' } },
    dataReadOnAllResources: { type: 'array', items: {} },
    awsManaged: { type: 'boolean' },
  },
};

/** One identity-policy statement that lets its holder read data on every resource. */
export interface DataReadGrant {
  policyName: string;
  statementIndex: number;
  actions: string[];
}

const IAM_TYPES = new Set(['AWS::IAM::User', 'AWS::IAM::Group', 'AWS::IAM::Role', 'AWS::IAM::Policy']);

/** The statement allows `action`, by a pattern in Action (wildcards count) or by not excluding it in NotAction. */
function allows(st: Statement, action: string): boolean {
  if (st.effect !== 'Allow') return false;
  if (st.action) return matchesAnyAction(st.action, action);
  return st.notAction !== undefined && !matchesAnyAction(st.notAction, action);
}

/** The parsed document, or why it cannot be judged: unparseable, or a statement that could not be read. */
function readPolicy(doc: unknown, label: string): Policy | string {
  const parsed = parsePolicy(doc);
  if (!parsed.ok) return `${label} could not be read: ${parsed.errors[0]?.message ?? 'invalid policy'}`;
  const bad = parsed.policy.unreadable?.[0];
  if (bad) return `${label}: statement ${bad.index} could not be read (${bad.unreadable.join(', ')})`;
  return parsed.policy;
}

/** Principals of other accounts (or everyone) that the trust policy lets assume the role with no ExternalId or organization condition. */
function unguardedCrossAccount(policy: Policy, accountId: string): string[] {
  const out: string[] = [];
  for (const st of policy.statements) {
    if (!allows(st, 'sts:AssumeRole')) continue;
    if (st.conditions.some((c) => CROSS_ACCOUNT_GUARD_KEYS.has(c.key.toLowerCase()))) continue;
    if (st.notPrincipal) out.push(...st.notPrincipal.map((p) => `NotPrincipal:${p.value}`));
    for (const p of st.principal ?? []) {
      if (p.type === '*' || (p.type === 'AWS' && p.value === '*')) out.push('*');
      else if (p.type === 'AWS' && accountOfArn(p.value) !== accountId) out.push(p.value);
    }
  }
  return [...new Set(out)];
}

/** Web-identity providers the trust policy accepts with no `<provider>:aud` condition. */
function federatedWithoutAudience(policy: Policy): string[] {
  const out: string[] = [];
  for (const st of policy.statements) {
    if (!allows(st, 'sts:AssumeRoleWithWebIdentity')) continue;
    for (const p of st.principal ?? []) {
      if (p.type !== 'Federated' || p.value.includes(':saml-provider/')) continue;
      const provider = p.value.replace(/^arn:[^:]+:iam::\d{12}:oidc-provider\//, '').toLowerCase();
      const audience = `${provider}:aud`;
      if (!st.conditions.some((c) => c.key.toLowerCase() === audience)) out.push(p.value);
    }
  }
  return [...new Set(out)];
}

/** Allow statements granting a data-read action on Resource "*" (or on everything but a NotResource list). */
function dataReadOnAll(policy: Policy, policyName: string): DataReadGrant[] {
  const out: DataReadGrant[] = [];
  for (const st of policy.statements) {
    const onAll = st.resource?.includes('*') === true || st.notResource !== undefined;
    if (!onAll) continue;
    const actions = DATA_READ_ACTIONS.filter((a) => allows(st, a));
    if (actions.length > 0) out.push({ policyName, statementIndex: st.index, actions });
  }
  return out;
}

/** The identity-policy documents the resource itself holds (inline ones, or a managed policy's own document), or why they are not known. */
function ownDocuments(r: Resource): { name: string; doc: unknown }[] | string {
  const p = r.properties;
  if (r.resourceType === 'AWS::IAM::Policy') {
    if (!('document' in p)) return 'document was not collected';
    return [{ name: String(p.policyName ?? r.resourceId), doc: p.document }];
  }
  if (!('inlinePolicies' in p)) return 'inlinePolicies was not collected';
  const inline = p.inlinePolicies;
  if (!Array.isArray(inline)) return 'inlinePolicies is not a list';
  return inline.map((e: unknown, i) => {
    const entry = (e ?? {}) as { policyName?: unknown; policyDocument?: unknown };
    return { name: typeof entry.policyName === 'string' ? entry.policyName : `#${i}`, doc: entry.policyDocument };
  });
}

/** Derives `$iam` for IAM users, groups, roles and managed policies: trust-policy and identity-policy facts rules test. */
export function deriveIam(r: Resource): Derived | undefined {
  if (!IAM_TYPES.has(r.resourceType)) return undefined;
  const values: Record<string, unknown> = {};
  const missing: Record<string, string> = {};
  if (r.resourceType === 'AWS::IAM::Role') {
    const trust = 'assumeRolePolicyDocument' in r.properties ? readPolicy(r.properties.assumeRolePolicyDocument, 'assumeRolePolicyDocument') : 'assumeRolePolicyDocument was not collected';
    if (typeof trust === 'string') {
      missing.crossAccountTrustWithoutGuard = trust;
      missing.federatedTrustWithoutAudience = trust;
    } else {
      values.crossAccountTrustWithoutGuard = unguardedCrossAccount(trust, r.accountId);
      values.federatedTrustWithoutAudience = federatedWithoutAudience(trust);
    }
  } else {
    missing.crossAccountTrustWithoutGuard = 'only roles have a trust policy';
    missing.federatedTrustWithoutAudience = 'only roles have a trust policy';
  }
  if (r.resourceType !== 'AWS::IAM::Policy') values.awsManaged = false;
  else if (typeof r.properties.awsManaged === 'boolean') values.awsManaged = r.properties.awsManaged;
  else missing.awsManaged = 'awsManaged was not collected';
  const docs = ownDocuments(r);
  if (typeof docs === 'string') missing.dataReadOnAllResources = docs;
  else {
    const grants: DataReadGrant[] = [];
    let unreadable: string | undefined;
    for (const { name, doc } of docs) {
      const policy = readPolicy(doc, `policy ${name}`);
      if (typeof policy === 'string') unreadable ??= policy;
      else grants.push(...dataReadOnAll(policy, name));
    }
    // A grant found stands; none found while a policy could not be read proves nothing.
    if (unreadable !== undefined && grants.length === 0) missing.dataReadOnAllResources = unreadable;
    else values.dataReadOnAllResources = grants;
  }
  return { values, missing };
}
