import { prepareContext, type PreparedContext } from '../policy/conditions.js';
import { resourceMatches } from '../policy/evaluate.js';
import type { Statement } from '../policy/parse.js';
import type { AccessIndex } from './build-index.js';
import type { LoadedPolicy } from './read-policy.js';

/**
 * Which Resource and NotResource patterns of the identity side (identity
 * policies, boundaries, SCPs, RCPs) name an ARN, as one text. Two ARNs with the
 * same signature are named by exactly the same statements, so a request on
 * either gets the same answer from those policies: stores under one
 * `team-a-*` prefix, or under `*`, share it (issue 15 §2, the scale target).
 * A pattern with a policy variable depends on the caller: an ARN it may name
 * has no signature and is decided on its own.
 */

const WILDCARD = /[*?$]/;

function literalPrefix(pattern: string): string {
  const at = pattern.search(WILDCARD);
  return at < 0 ? pattern : pattern.slice(0, at);
}

function identitySidePolicies(index: AccessIndex): LoadedPolicy[] {
  const out: LoadedPolicy[] = [];
  for (const p of index.principals.values()) {
    out.push(...p.identity);
    if (p.boundary) out.push(p.boundary);
  }
  for (const g of index.guardrails.values()) if (g) out.push(...(g.scps ?? []).flat(), ...g.rcps.flat());
  return out;
}

const patternsOf = (st: Statement): readonly string[] => [...(st.resource ?? []), ...(st.notResource ?? [])];

/** Resource patterns of an index by literal prefix, each with a number; built once per engine. */
export class ResourceSignatures {
  private readonly byPrefix = new Map<string, { pattern: string; id: number; variable: boolean }[]>();
  private readonly lengths: number[];
  private readonly ctx: PreparedContext = prepareContext({});

  constructor(index: AccessIndex) {
    const ids = new Map<string, number>();
    for (const p of identitySidePolicies(index)) {
      for (const st of p.policy.statements) {
        for (const pattern of patternsOf(st)) {
          // `*` names every ARN: it tells no two apart.
          if (pattern === '*' || ids.has(pattern)) continue;
          ids.set(pattern, ids.size);
          const prefix = literalPrefix(pattern);
          const list = this.byPrefix.get(prefix) ?? [];
          list.push({ pattern, id: ids.size - 1, variable: pattern.includes('${') });
          this.byPrefix.set(prefix, list);
        }
      }
    }
    this.lengths = [...new Set([...this.byPrefix.keys()].map((k) => k.length))].sort((a, b) => a - b);
  }

  /** The numbers of the patterns naming `arn`, as text; undefined when a pattern with a policy variable may name it. */
  of(arn: string): string | undefined {
    const hits: number[] = [];
    for (const len of this.lengths) {
      if (len > arn.length) break;
      for (const e of this.byPrefix.get(arn.slice(0, len)) ?? []) {
        if (e.variable) return undefined;
        if (resourceMatches(e.pattern, arn, this.ctx, false)) hits.push(e.id);
      }
    }
    return hits.sort((a, b) => a - b).join(',');
  }
}
