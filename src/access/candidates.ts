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

/** The principals under one service and prefix, numbered so that a set of them can be named as text. */
interface PrefixGroup {
  readonly id: number;
  readonly entries: Entry[];
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
  private readonly byService = new Map<string, { prefixes: Map<string, PrefixGroup>; lengths: number[] }>();
  private nextId = 0;

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
          let group = s.prefixes.get(prefix);
          if (!group) s.prefixes.set(prefix, (group = { id: this.nextId++, entries: [] }));
          if (group.entries[group.entries.length - 1]?.principal !== principal) group.entries.push({ principal });
        }
      }
    }
  }

  /** Principals with an identity Allow statement that may name this service's action on this ARN. */
  candidates(service: string, arn: string, into: Set<string>): void {
    for (const group of this.matching(service, arn)) for (const e of group.entries) into.add(e.principal);
  }

  /** Names the candidate set of `candidates(service, arn)`: ARNs with the same text have the same candidates. */
  key(service: string, arn: string): string {
    return this.matching(service, arn)
      .map((b) => b.id)
      .join(',');
  }

  private matching(service: string, arn: string): PrefixGroup[] {
    const out: PrefixGroup[] = [];
    for (const key of [service.toLowerCase(), '*']) {
      const s = this.byService.get(key);
      if (!s) continue;
      for (const len of s.lengths) {
        if (len > arn.length) break;
        const group = s.prefixes.get(arn.slice(0, len));
        if (group) out.push(group);
      }
    }
    return out;
  }
}
