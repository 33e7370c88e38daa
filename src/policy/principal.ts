import type { PrincipalEntry } from './parse.js';

/**
 * Who is making a request, derived from the string a caller gives: an IAM ARN,
 * an STS session ARN, a 12-digit account id, a service principal, or `anonymous`.
 */
export type RequestPrincipal =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'service'; readonly name: string }
  | {
      readonly kind: 'iam';
      readonly arn: string;
      readonly accountId: string;
      readonly partition: string;
      readonly isRoot: boolean;
      /** For `assumed-role` sessions: the role's name, which a role ARN in a policy must end with. */
      readonly roleName?: string;
    }
  | { readonly kind: 'other'; readonly value: string };

/** How a statement's principal list reaches a request principal. */
export type PrincipalMatch = 'direct' | 'account' | 'none';

const ACCOUNT_ID = /^\d{12}$/;
const ARN_PRINCIPAL = /^arn:([^:]+):(iam|sts)::(\d{12}):(.+)$/;

/** Classifies the requester string. */
export function describePrincipal(principal: string): RequestPrincipal {
  if (principal === 'anonymous' || principal === '*') return { kind: 'anonymous' };
  if (ACCOUNT_ID.test(principal)) {
    return { kind: 'iam', arn: `arn:aws:iam::${principal}:root`, accountId: principal, partition: 'aws', isRoot: true };
  }
  const m = ARN_PRINCIPAL.exec(principal);
  if (m) {
    const [, partition = 'aws', service, accountId = '', rest = ''] = m;
    const isRoot = service === 'iam' && rest === 'root';
    if (service === 'sts' && rest.startsWith('assumed-role/')) {
      const roleName = rest.split('/')[1] ?? '';
      return { kind: 'iam', arn: principal, accountId, partition, isRoot, roleName };
    }
    return { kind: 'iam', arn: principal, accountId, partition, isRoot };
  }
  if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/i.test(principal)) return { kind: 'service', name: principal };
  return { kind: 'other', value: principal };
}

/** The account an `AWS` principal value names: a bare id or `arn:…:iam::id:root`. */
export function accountOfPrincipalValue(value: string): string | undefined {
  if (ACCOUNT_ID.test(value)) return value;
  const m = /^arn:[^:]+:iam::(\d{12}):root$/.exec(value);
  return m?.[1];
}

/** The account of any IAM/STS ARN in a principal value, e.g. a role ARN. */
export function accountOfArn(value: string): string | undefined {
  return accountOfPrincipalValue(value) ?? ARN_PRINCIPAL.exec(value)?.[3];
}

function matchEntry(entry: PrincipalEntry, who: RequestPrincipal): PrincipalMatch {
  if (entry.type === '*' || (entry.type === 'AWS' && entry.value === '*')) return 'direct';
  switch (entry.type) {
    case 'AWS': {
      if (who.kind !== 'iam') return 'none';
      const account = accountOfPrincipalValue(entry.value);
      if (account !== undefined) {
        if (account !== who.accountId) return 'none';
        return who.isRoot ? 'direct' : 'account';
      }
      if (entry.value === who.arn) return 'direct';
      if (who.roleName !== undefined) {
        // A role ARN in a policy covers every session of that role; the path is not in the session ARN.
        const m = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(entry.value);
        if (m && m[1] === who.partition && m[2] === who.accountId && m[3] === who.roleName) return 'direct';
      }
      return 'none';
    }
    case 'Service':
      return who.kind === 'service' && who.name.toLowerCase() === entry.value.toLowerCase() ? 'direct' : 'none';
    case 'Federated':
    case 'CanonicalUser': {
      const id = who.kind === 'iam' ? who.arn : who.kind === 'other' ? who.value : undefined;
      return id !== undefined && id === entry.value ? 'direct' : 'none';
    }
    default:
      return 'none';
  }
}

/** The strongest way any entry names the principal: direct beats account-level. */
export function matchPrincipal(entries: readonly PrincipalEntry[], who: RequestPrincipal): PrincipalMatch {
  let best: PrincipalMatch = 'none';
  for (const e of entries) {
    const m = matchEntry(e, who);
    if (m === 'direct') return 'direct';
    if (m === 'account') best = 'account';
  }
  return best;
}

/**
 * Whether a `NotPrincipal` list exempts the principal. AWS may check the account
 * first, then the role, then the session ("IAM JSON policy elements: NotPrincipal"),
 * so an IAM principal is exempt only when its account and the principal itself
 * (or, for a session, its role) are both listed.
 */
export function exemptByNotPrincipal(entries: readonly PrincipalEntry[], who: RequestPrincipal): boolean {
  const m = matchPrincipal(entries, who);
  if (who.kind !== 'iam') return m === 'direct';
  if (who.isRoot) return m === 'direct';
  if (entries.some((e) => e.type === '*' || (e.type === 'AWS' && e.value === '*'))) return true;
  const accountListed = entries.some((e) => e.type === 'AWS' && accountOfPrincipalValue(e.value) === who.accountId);
  const selfListed = entries.some((e) => e.type === 'AWS' && accountOfPrincipalValue(e.value) === undefined && matchEntry(e, who) === 'direct');
  return accountListed && selfListed;
}
