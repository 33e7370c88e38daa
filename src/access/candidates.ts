import type { Policy, Statement } from '../policy/parse.js';
import type { AccessIndex } from './build-index.js';

/**
 * Which principals of an index may be allowed by their own policies to act
 * on a resource: identity Allow statements indexed by service and by the
 * literal start of their Resource patterns, so that a store is compared only
 * with the statements that can name it (never principals × resources).
 * A candidate is then decided in full; this only rules out the rest.
 */

interface Entry {
  readonly principal: string;
}

const WILDCARD = /[*?$]/;

function literalPrefix(pattern: string): string {
  const at = pattern.search(WILDCARD);
  return at < 0 ? pattern : pattern.slice(0, at);
}

function servicesOf(st: Statement): string[] {
  if (!st.action) return ['*'];
  return st.action.map((a) => {
    const s = a.split(':')[0]?.toLowerCase() ?? '*';
    return WILDCARD.test(s) ? '*' : s;
  });
}

function prefixesOf(st: Statement): string[] {
  if (!st.resource) return [''];
  return st.resource.map((r) => (r === '*' ? '' : literalPrefix(r)));
}

/** Identity statements by service, then by literal resource prefix. */
export class CandidateIndex {
  private readonly byService = new Map<string, { prefixes: Map<string, Entry[]>; lengths: number[] }>();

  constructor(index: AccessIndex) {
    for (const p of index.principals.values()) {
      for (const loaded of p.identity) this.addPolicy(p.arn, loaded.policy);
    }
    for (const s of this.byService.values()) s.lengths = [...new Set([...s.prefixes.keys()].map((k) => k.length))].sort((a, b) => a - b);
  }

  private addPolicy(principal: string, policy: Policy): void {
    for (const st of policy.statements) {
      if (st.effect !== 'Allow') continue;
      for (const service of servicesOf(st)) {
        let s = this.byService.get(service);
        if (!s) this.byService.set(service, (s = { prefixes: new Map(), lengths: [] }));
        for (const prefix of prefixesOf(st)) {
          const list = s.prefixes.get(prefix) ?? [];
          if (list[list.length - 1]?.principal !== principal) list.push({ principal });
          s.prefixes.set(prefix, list);
        }
      }
    }
  }

  /** Principals with an identity Allow statement that may name this service's action on this ARN. */
  candidates(service: string, arn: string, into: Set<string>): void {
    for (const key of [service.toLowerCase(), '*']) {
      const s = this.byService.get(key);
      if (!s) continue;
      for (const len of s.lengths) {
        if (len > arn.length) break;
        for (const e of s.prefixes.get(arn.slice(0, len)) ?? []) into.add(e.principal);
      }
    }
  }
}
