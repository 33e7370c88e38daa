import type { Statement } from '../policy/parse.js';
import type { AccessIndex } from './build-index.js';
import { decide } from './decide.js';
import type { AccessDecision, AccessRequest } from './model.js';

/**
 * Decisions on requests that many stores share (kms:Decrypt on one key by one
 * principal), remembered. The request context differs per store (the
 * encryption context names the store), but a context key that no policy,
 * variable or grant constraint of the index reads cannot change a decision:
 * the cache key keeps only the keys that are read.
 */

const VARIABLE = /\$\{([^}]+)\}/g;

function keysOf(st: Statement, into: Set<string>): void {
  for (const c of st.conditions) {
    into.add(c.key.toLowerCase());
    for (const v of c.values) for (const m of v.matchAll(VARIABLE)) into.add((m[1] ?? '').toLowerCase());
  }
  for (const r of [...(st.resource ?? []), ...(st.notResource ?? [])]) for (const m of r.matchAll(VARIABLE)) into.add((m[1] ?? '').toLowerCase());
}

/** Every context key some statement of the index reads (lower case); grant constraints read the whole encryption context. */
function readKeys(index: AccessIndex): { keys: Set<string>; encryptionContext: boolean } {
  const keys = new Set<string>();
  const policies = [
    ...[...index.principals.values()].flatMap((p) => [...p.identity, ...(p.boundary ? [p.boundary] : []), ...(p.trust ? [p.trust] : [])]),
    ...[...index.resourcePolicies.values()].flatMap((p) => (p ? [p] : [])),
    ...[...index.guardrails.values()].flatMap((g) => (g ? [...(g.scps ?? []), ...g.rcps].flat() : [])),
  ];
  for (const p of policies) for (const st of p.policy.statements) keysOf(st, keys);
  const encryptionContext = [...index.grants.values()].some((gs) => gs.some((g) => g.constraints !== null && g.constraints !== undefined));
  return { keys, encryptionContext };
}

/** Remembers decisions by principal, action, resource and the context keys that can matter. */
export class DecisionCache {
  private readonly memo = new Map<string, Map<string, AccessDecision>>();
  private read: { keys: Set<string>; encryptionContext: boolean } | undefined;
  constructor(private readonly index: AccessIndex) {}

  /** The part of a context that can change a decision, as text; compute it once for requests that share the context. */
  contextKey(context: AccessRequest['context']): string {
    const read = (this.read ??= readKeys(this.index));
    const parts: string[] = [];
    for (const [k, v] of Object.entries(context ?? {})) {
      const lower = k.toLowerCase();
      if (read.keys.has(lower) || (read.encryptionContext && lower.startsWith('kms:encryptioncontext:'))) parts.push(`${lower}=${JSON.stringify(v)}`);
    }
    return parts.sort().join('&');
  }

  /** The decision of `decide`, computed once per distinct request; `contextKey` is `this.contextKey(req.context)`, when known. */
  decide(req: AccessRequest, contextKey = this.contextKey(req.context)): AccessDecision {
    let byRequest = this.memo.get(req.principal);
    if (!byRequest) this.memo.set(req.principal, (byRequest = new Map<string, AccessDecision>()));
    const key = `${req.action}\n${req.resource}\n${contextKey}`;
    let d = byRequest.get(key);
    if (!d) byRequest.set(key, (d = decide(this.index, req)));
    return d;
  }
}
