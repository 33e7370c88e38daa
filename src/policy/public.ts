import { parseOperatorName } from './conditions.js';
import { parseCidr } from './ip.js';
import type { ConditionClause, Statement } from './parse.js';

/**
 * "Is this resource policy public?" as Amazon S3 defines it for Block Public
 * Access (S3 User Guide, "Blocking public access to your Amazon S3 storage",
 * section "The meaning of 'public'"): a policy is public unless every Allow
 * grants only to fixed values — no wildcard, no policy variable — of a
 * principal or of one of the listed condition keys.
 */

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

/** IPv4 ranges broader than /8 and IPv6 broader than /32 count as public (same S3 page). */
const MIN_PREFIX = { 4: 8, 6: 32 } as const;

function isVariableOrWildcard(v: string): boolean {
  return v.includes('*') || v.includes('?') || v.includes('${');
}

/** Why a value is not fixed for its key, or undefined when it is fixed. */
export function notFixedReason(key: string, value: string): string | undefined {
  const k = key.toLowerCase();
  if (k === 'aws:sourceip') {
    const cidr = parseCidr(value.trim());
    if (!cidr) return `aws:SourceIp value "${value}" is not a CIDR`;
    if (cidr.prefix < MIN_PREFIX[cidr.version]) return `aws:SourceIp range ${value} is broader than /${MIN_PREFIX[cidr.version]}`;
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

function principalIsWildcard(st: Statement): boolean {
  return (st.principal ?? []).some((p) => p.type === '*' || isVariableOrWildcard(p.value));
}

/** Why an Allow statement is public, or undefined when it is not. */
export function publicReason(st: Statement): string | undefined {
  if (st.effect !== 'Allow') return undefined;
  if (st.notPrincipal) return 'Allow with NotPrincipal grants everyone not listed, including anonymous callers';
  if (!st.principal) return undefined;
  if (!principalIsWildcard(st)) return undefined;
  const { clauses, rejected } = restrictingClauses(st);
  if (clauses.length > 0) return undefined;
  const wild = st.principal.find((p) => p.type === '*' || isVariableOrWildcard(p.value));
  const who = wild?.type === '*' ? '"*"' : `${wild?.type} "${wild?.value}"`;
  return rejected.length > 0
    ? `Principal ${who} and ${rejected.join('; ')}`
    : `Principal ${who} without a condition that fixes the caller`;
}

/** The statements that make a policy public. */
export function publicStatements(statements: readonly Statement[]): StatementRef[] {
  const out: StatementRef[] = [];
  for (const st of statements) {
    const reason = publicReason(st);
    if (reason === undefined) continue;
    out.push(st.sid === undefined ? { index: st.index, reason } : { index: st.index, sid: st.sid, reason });
  }
  return out;
}
