import { cannotMatchReason } from './action-keys.js';
import type { Statement, UnreadableStatement } from './parse.js';
import { accountOfArn } from './principal.js';
import { RESTRICTING_KEYS, restrictingClauses } from './public.js';

/** How a grant reaches outside the account. */
export type CrossAccountKind = 'account' | 'principal' | 'organization' | 'federated' | 'service' | 'canonical-user';

/** One grant to someone outside `accountId`. */
export interface CrossAccountGrant {
  /** The principal or condition value as written in the policy. */
  readonly principal: string;
  readonly kind: CrossAccountKind;
  readonly accountId?: string;
  /** Actions granted; a `NotAction` statement is reported as `NotAction:<action>` entries. */
  readonly actions: readonly string[];
  readonly statementIndex: number;
}

const ACCOUNT_KEYS = new Set(['aws:principalaccount', 'aws:sourceaccount', 'aws:sourceowner', 'kms:calleraccount']);
const ORG_KEYS = new Set(['aws:principalorgid', 'aws:principalorgpaths', 'aws:sourceorgid', 'aws:sourceorgpaths']);

/** The account field of a fixed ARN (`arn:aws:sns:eu-west-1:111122223333:topic`), when it has one. */
function sourceArnAccount(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

function actionsOf(st: Statement): string[] {
  if (st.action) return [...st.action];
  return (st.notAction ?? []).map((a) => `NotAction:${a}`);
}

/**
 * Grants in Allow statements to principals outside `accountId`: other accounts
 * and their users or roles, organizations (via `aws:PrincipalOrgID` and
 * friends on a `*` principal), federated identities, and services not pinned to
 * this account. Without `accountId` every account-scoped grant is reported.
 */
export function crossAccountGrants(statements: readonly Statement[], accountId: string | undefined): CrossAccountGrant[] {
  const out: CrossAccountGrant[] = [];
  const outside = (acct: string | undefined): boolean => acct === undefined || accountId === undefined || acct !== accountId;
  for (const st of statements) {
    if (st.effect !== 'Allow' || !st.principal || cannotMatchReason(st, RESTRICTING_KEYS) !== undefined) continue;
    const actions = actionsOf(st);
    const push = (g: Omit<CrossAccountGrant, 'actions' | 'statementIndex'>): void => {
      out.push({ ...g, actions, statementIndex: st.index });
    };
    const { clauses } = restrictingClauses(st);
    const pinnedAccounts = clauses
      .filter((c) => ACCOUNT_KEYS.has(c.key.toLowerCase()))
      .flatMap((c) => c.values);
    // aws:SourceArn names its account too, even when the resource part has wildcards
    // (API Gateway's `…/*/GET/orders`); an S3 bucket ARN has no account and pins nothing.
    for (const c of st.conditions) {
      if (c.key.toLowerCase() !== 'aws:sourcearn' || !/^(Arn|String)(Equals|Like)$/.test(c.operator)) continue;
      const accounts = c.values.map(sourceArnAccount);
      if (accounts.length > 0 && accounts.every((a): a is string => a !== undefined)) pinnedAccounts.push(...accounts);
    }
    for (const p of st.principal) {
      if (p.type === '*' || (p.type === 'AWS' && p.value === '*')) {
        // Only the conditions say who is reached; report the outside ones.
        for (const c of clauses) {
          const key = c.key.toLowerCase();
          if (ORG_KEYS.has(key)) for (const v of c.values) push({ principal: v, kind: 'organization' });
          else if (ACCOUNT_KEYS.has(key)) {
            for (const v of c.values) if (outside(v)) push({ principal: v, kind: 'account', accountId: v });
          } else if (key === 'aws:principalarn') {
            for (const v of c.values) {
              const acct = accountOfArn(v);
              if (outside(acct)) push(acct ? { principal: v, kind: 'principal', accountId: acct } : { principal: v, kind: 'principal' });
            }
          }
        }
        continue;
      }
      if (p.type === 'AWS') {
        const acct = accountOfArn(p.value);
        if (!outside(acct)) continue;
        const isAccount = /^\d{12}$/.test(p.value) || /:root$/.test(p.value);
        const kind: CrossAccountKind = isAccount ? 'account' : 'principal';
        push(acct ? { principal: p.value, kind, accountId: acct } : { principal: p.value, kind });
      } else if (p.type === 'Federated') {
        push({ principal: p.value, kind: 'federated' });
      } else if (p.type === 'CanonicalUser') {
        push({ principal: p.value, kind: 'canonical-user' });
      } else if (p.type === 'Service') {
        // A service acting for another account is the confused-deputy case; pinned to ours, it is not cross-account.
        const pinnedHere = accountId !== undefined && pinnedAccounts.length > 0 && pinnedAccounts.every((a) => a === accountId);
        if (!pinnedHere) {
          const other = pinnedAccounts.find((a) => a !== accountId);
          push(other ? { principal: p.value, kind: 'service', accountId: other } : { principal: p.value, kind: 'service' });
        }
      }
    }
  }
  return out;
}

/**
 * Statements with unreadable elements that may grant outside `accountId`: any
 * that may be an Allow, unless its principal was read and names only AWS
 * principals of the owning account (an unreadable condition can only narrow that).
 */
export function crossAccountUnreadable(statements: readonly UnreadableStatement[], accountId: string | undefined): number[] {
  const out: number[] = [];
  for (const st of statements) {
    if (st.effect === 'Deny') continue;
    const principalRead = !st.unreadable.some((e) => e !== 'Action' && e !== 'NotAction' && e !== 'Resource' && e !== 'NotResource' && e !== 'Condition');
    const ownOnly =
      principalRead &&
      accountId !== undefined &&
      st.effect === 'Allow' &&
      !st.notPrincipal &&
      (st.principal ?? []).every((p) => p.type === 'AWS' && accountOfArn(p.value) === accountId);
    if (!ownOnly) out.push(st.index);
  }
  return out;
}
