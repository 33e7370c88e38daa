import { cannotMatchReason } from './action-keys.js';
import { parseOperatorName } from './conditions.js';
import { cidrContains, parseCidr, type Cidr } from './ip.js';
import type { ConditionClause, PrincipalEntry, Statement, UnreadableStatement } from './parse.js';

/**
 * "Is this resource policy public?" as Amazon S3 defines it for Block Public
 * Access (S3 User Guide, "Blocking public access to your Amazon S3 storage",
 * section "The meaning of 'public'"): a policy is public unless every Allow
 * grants only to fixed values — no wildcard, no policy variable — of a
 * principal or of one of the listed condition keys. Federated principals
 * (web identity and SAML providers) are public: S3's definition names no key
 * that restricts them. In a role trust policy AWS has them pinned by the
 * provider's audience key instead ("Available keys for AWS web identity
 * federation", "Available keys for SAML-based AWS STS federation").
 */

/** Which kind of document is judged: a resource policy, or a role's trust policy. */
export type PolicyKind = 'resource' | 'trust';

/** A statement and why it is public. */
export interface StatementRef {
  readonly index: number;
  readonly sid?: string;
  readonly reason: string;
}

/**
 * Keys S3 lists as making a grant non-public when fixed. The last group are
 * principal-identifying keys, covered by S3's "An AWS principal … (e.g.
 * aws:PrincipalOrgID)", plus `kms:CallerAccount`, which the AWS KMS guide uses to
 * pin `"Principal": "*"` key-policy grants to one account.
 */
export const RESTRICTING_KEYS: ReadonlySet<string> = new Set(
  [
    'aws:SourceIp',
    'aws:SourceArn',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceOwner',
    'aws:SourceAccount',
    'aws:userid',
    's3:x-amz-server-side-encryption-aws-kms-key-id',
    's3:DataAccessPointArn',
    's3:DataAccessPointAccount',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:PrincipalServiceName',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'kms:CallerAccount',
  ].map((k) => k.toLowerCase()),
);

/** IPv4 ranges broader than /8 and IPv6 broader than /32 count as public (same S3 page)… */
const MIN_PREFIX = { 4: 8, 6: 32 } as const;
/** …unless the range is private (RFC 1918, RFC 4193 unique local): no one on the internet has such an address. */
const PRIVATE_RANGES: readonly Cidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'].map((c) => {
  const cidr = parseCidr(c);
  if (!cidr) throw new Error(`bad built-in CIDR ${c}`);
  return cidr;
});

function isPrivate(cidr: Cidr): boolean {
  return PRIVATE_RANGES.some((p) => p.version === cidr.version && cidr.prefix >= p.prefix && cidrContains(p, cidr));
}

function isVariableOrWildcard(v: string): boolean {
  return v.includes('*') || v.includes('?') || v.includes('${');
}

/** Why a value is not fixed for its key, or undefined when it is fixed. */
export function notFixedReason(key: string, value: string): string | undefined {
  const k = key.toLowerCase();
  if (k === 'aws:sourceip') {
    const cidr = parseCidr(value.trim());
    if (!cidr) return `aws:SourceIp value "${value}" is not a CIDR`;
    if (cidr.prefix < MIN_PREFIX[cidr.version] && !isPrivate(cidr)) return `aws:SourceIp range ${value} is broader than /${MIN_PREFIX[cidr.version]}`;
    return undefined;
  }
  if (k === 's3:dataaccesspointarn') {
    // S3 allows a wildcard in the access point name as long as the account is fixed.
    const m = /^arn:[^:*?$]+:s3:[^:*?$]*:(\d{12}):accesspoint\/(.*)$/.exec(value);
    if (m) return undefined;
  }
  if (isVariableOrWildcard(value)) return `${key} value "${value}" contains a wildcard or policy variable`;
  if (value === '') return `${key} value is empty`;
  return undefined;
}

/** Operators whose true result pins the key to the listed values. */
function pins(clause: ConditionClause): boolean {
  const op = parseOperatorName(clause.operator);
  if (!op) return false;
  // A negated operator admits everything else; IfExists and ForAllValues pass when the key is missing.
  if (op.spec.negated || op.ifExists || op.set === 'ForAllValues') return false;
  return op.spec.family === 'string' || op.spec.family === 'arn' || op.spec.family === 'ip';
}

/** The clauses that restrict a `*` principal to fixed callers, or the reasons none does. */
export function restrictingClauses(st: Statement): { readonly clauses: ConditionClause[]; readonly rejected: string[] } {
  const clauses: ConditionClause[] = [];
  const rejected: string[] = [];
  for (const c of st.conditions) {
    if (!RESTRICTING_KEYS.has(c.key.toLowerCase())) continue;
    if (!pins(c)) {
      rejected.push(`${c.operator} on ${c.key} does not pin the caller to fixed values`);
      continue;
    }
    if (c.values.length === 0) continue;
    const bad = c.values.map((v) => notFixedReason(c.key, v)).find((r) => r !== undefined);
    if (bad) rejected.push(bad);
    else clauses.push(c);
  }
  return { clauses, rejected };
}

function isWildcardEntry(p: PrincipalEntry): boolean {
  return p.type === '*' || isVariableOrWildcard(p.value);
}

/** The audience keys that pin a federated principal in a trust policy, lower case. */
function audienceKeys(provider: string): string[] {
  const saml = /:saml-provider\//.exec(provider);
  if (saml) return ['saml:aud'];
  const oidc = /:oidc-provider\/(.+)$/.exec(provider);
  const host = (oidc?.[1] ?? provider).toLowerCase();
  // Login with Amazon and Facebook name their audience app_id.
  return [`${host}:aud`, ...(host === 'graph.facebook.com' || host === 'www.amazon.com' ? [`${host}:app_id`] : [])];
}

function audiencePinned(st: Statement, provider: string): boolean {
  const keys = audienceKeys(provider);
  return st.conditions.some(
    (c) => keys.includes(c.key.toLowerCase()) && pins(c) && c.values.length > 0 && c.values.every((v) => v !== '' && !isVariableOrWildcard(v)),
  );
}

function federatedReason(st: Statement, kind: PolicyKind): string | undefined {
  for (const p of st.principal ?? []) {
    if (p.type !== 'Federated') continue;
    if (kind === 'resource') return `Principal Federated "${p.value}" lets anyone signed in with that identity provider in`;
    if (!audiencePinned(st, p.value)) return `Principal Federated "${p.value}" without a condition that fixes the audience (${audienceKeys(p.value).join(' or ')})`;
  }
  return undefined;
}

/** Why an Allow statement is public, or undefined when it is not. */
export function publicReason(st: Statement, kind: PolicyKind = 'resource'): string | undefined {
  if (st.effect !== 'Allow') return undefined;
  if (cannotMatchReason(st, RESTRICTING_KEYS) !== undefined) return undefined;
  if (st.notPrincipal) return 'Allow with NotPrincipal grants everyone not listed, including anonymous callers';
  if (!st.principal) return undefined;
  const wild = st.principal.find(isWildcardEntry);
  if (!wild) return federatedReason(st, kind);
  const { clauses, rejected } = restrictingClauses(st);
  if (clauses.length > 0) return undefined;
  const who = wild.type === '*' ? '"*"' : `${wild.type} "${wild.value}"`;
  return rejected.length > 0
    ? `Principal ${who} and ${rejected.join('; ')}`
    : `Principal ${who} without a condition that fixes the caller`;
}

function ref(st: { readonly index: number; readonly sid?: string }, reason: string): StatementRef {
  return st.sid === undefined ? { index: st.index, reason } : { index: st.index, sid: st.sid, reason };
}

/** The statements that make a policy public. */
export function publicStatements(statements: readonly Statement[], kind: PolicyKind = 'resource'): StatementRef[] {
  const out: StatementRef[] = [];
  for (const st of statements) {
    const reason = publicReason(st, kind);
    if (reason !== undefined) out.push(ref(st, reason));
  }
  return out;
}

/**
 * Judges statements with unreadable elements. An unreadable element is taken
 * as possibly anything: an unreadable condition can only narrow what the
 * readable ones allow, so a statement whose readable parts are not public is
 * not public; one whose readable parts are public is public when only its
 * resource could not be read, and possibly public otherwise.
 */
export function publicUnreadable(
  statements: readonly UnreadableStatement[],
  kind: PolicyKind = 'resource',
): { readonly public: StatementRef[]; readonly possibly: StatementRef[] } {
  const pub: StatementRef[] = [];
  const possibly: StatementRef[] = [];
  const judgedFrom: ReadonlySet<string> = new Set(['Resource', 'NotResource', 'Action', 'NotAction', 'Condition']);
  for (const st of statements) {
    if (st.effect === 'Deny') continue;
    const unknownWho = st.unreadable.some((e) => !judgedFrom.has(e));
    if (unknownWho || st.effect === undefined) {
      possibly.push(ref(st, `statement ${st.index} could not be read (${st.unreadable.join(', ')}) and may grant to anyone`));
      continue;
    }
    // Without its Action the statement could grant any action, so the action-key test is skipped.
    const actionKnown = !st.unreadable.includes('Action') && !st.unreadable.includes('NotAction');
    const readable: Statement = actionKnown ? { ...st, effect: 'Allow' } : { ...st, effect: 'Allow', action: undefined };
    const reason = publicReason(readable, kind);
    if (reason === undefined) continue;
    const narrowable = st.unreadable.includes('Condition') || !actionKnown;
    if (narrowable) possibly.push(ref(st, `${reason}, and its ${st.unreadable.join(', ')} could not be read`));
    else pub.push(ref(st, reason));
  }
  return { public: pub, possibly };
}
