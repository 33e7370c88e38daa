import { matchesAnyAction } from './evaluate.js';
import type { PrincipalEntry, Statement } from './parse.js';
import { accountOfArn } from './principal.js';
import { restrictingClauses } from './public.js';

/** What makes a statement a wildcard grant: rules test these, the reason explains them. */
export type WildcardGrantKind = 'wildcard-action' | 'not-action' | 'kms-decrypt-beyond-account';

/** An Allow that grants more than named actions, or key use beyond the owning account. */
export interface WildcardGrant {
  readonly statementIndex: number;
  readonly sid?: string;
  readonly actions: readonly string[];
  /** Principals as `Type:value` (`*` for everyone); empty for identity policies. */
  readonly principals: readonly string[];
  readonly kinds: readonly WildcardGrantKind[];
  readonly reason: string;
}

/** Actions that read key material's protected data: decrypting directly or via re-encryption. */
const KMS_DATA_ACTIONS = ['kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'];

function principalText(p: PrincipalEntry): string {
  return p.type === '*' ? '*' : `${p.type}:${p.value}`;
}

function grant(st: Statement, kinds: WildcardGrantKind[], reason: string): WildcardGrant {
  const base = {
    statementIndex: st.index,
    actions: st.action ? [...st.action] : (st.notAction ?? []).map((a) => `NotAction:${a}`),
    principals: [...(st.principal ?? []).map(principalText), ...(st.notPrincipal ?? []).map((p) => `Not:${principalText(p)}`)],
    kinds,
    reason,
  };
  return st.sid === undefined ? base : { ...base, sid: st.sid };
}

/** Why the statement's actions are a wildcard grant, or undefined. */
function wildcardActionReason(st: Statement): string | undefined {
  if (st.notAction) return `NotAction grants every action except ${st.notAction.join(', ')}`;
  const all = (st.action ?? []).find((a) => a === '*' || /^[A-Za-z0-9-]+:\*$/.test(a));
  return all === undefined ? undefined : `grants every action matching "${all}"`;
}

/** Who beyond the key's own account (root and its IAM policies) may use the key, or undefined. */
function kmsBeyondAccount(st: Statement, accountId: string | undefined): string | undefined {
  if (st.notPrincipal) return 'NotPrincipal grants the key to everyone not listed';
  for (const p of st.principal ?? []) {
    if (p.type === '*' || (p.type === 'AWS' && p.value === '*')) {
      if (restrictingClauses(st).clauses.length === 0) return 'grants the key to "*" without a condition that fixes the caller';
      continue;
    }
    if (p.type === 'AWS') {
      const acct = accountOfArn(p.value);
      if (accountId !== undefined && acct !== undefined && acct !== accountId) return `grants the key to another account (${p.value})`;
    }
    if (p.type === 'Federated' || p.type === 'CanonicalUser') return `grants the key to ${p.type} ${p.value}`;
  }
  return undefined;
}

/**
 * Allow statements granting `*`, `service:*` or `NotAction`, and — for KMS key
 * policies — grants of decrypt-capable actions to anyone beyond the owning account.
 */
export function wildcardGrants(
  statements: readonly Statement[],
  opts: { readonly service?: string; readonly accountId?: string },
): WildcardGrant[] {
  const out: WildcardGrant[] = [];
  const isKms = opts.service?.toLowerCase() === 'kms';
  for (const st of statements) {
    if (st.effect !== 'Allow') continue;
    const reasons: string[] = [];
    const kinds: WildcardGrantKind[] = [];
    const w = wildcardActionReason(st);
    if (w) {
      reasons.push(w);
      kinds.push(st.notAction ? 'not-action' : 'wildcard-action');
    }
    if (isKms) {
      const decrypts = st.action
        ? KMS_DATA_ACTIONS.some((a) => matchesAnyAction(st.action ?? [], a))
        : KMS_DATA_ACTIONS.some((a) => !matchesAnyAction(st.notAction ?? [], a));
      const beyond = decrypts ? kmsBeyondAccount(st, opts.accountId) : undefined;
      if (beyond) {
        reasons.push(`allows decryption: ${beyond}`);
        kinds.push('kms-decrypt-beyond-account');
      }
    }
    if (reasons.length > 0) out.push(grant(st, kinds, reasons.join('; ')));
  }
  return out;
}
