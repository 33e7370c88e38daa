import { readFileSync } from 'node:fs';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAccessIndex } from '../../src/access/build-index.js';
import { decide } from '../../src/access/decide.js';
import type { AccessDecisionKind } from '../../src/access/model.js';
import { REWRITES } from './differential-classes.js';
import { engineInput, oracleInput, worldArb, type World } from './differential-world.js';

/**
 * Differential test of the access engine against @cloud-copilot/iam-simulate
 * (a dev dependency, AGPL: a test oracle only). Seeded worlds combine identity
 * policies, a permissions boundary, a bucket or key policy, SCPs and RCPs per
 * level, same- and cross-account, inside and outside the organization. Every
 * disagreement must fall in a class of differential-known.json, each decided
 * by an AWS documentation page. The suite runs SUITE_CASES; the full run is
 * `npm run test:access-diff` (ACCESS_DIFF_CASES=10000).
 */

interface KnownClass {
  readonly id: string;
  readonly rewrite: string;
  readonly explanation: string;
  readonly doc: string;
}

const known: readonly KnownClass[] = JSON.parse(readFileSync(new URL('./differential-known.json', import.meta.url), 'utf8')).classes;

const SEED = 15;
const SUITE_CASES = 1500;
const CASES = Number(process.env.ACCESS_DIFF_CASES ?? SUITE_CASES);

const THEIRS: Record<string, AccessDecisionKind> = { Allowed: 'Allow', ExplicitlyDenied: 'ExplicitDeny', ImplicitlyDenied: 'ImplicitDeny' };

async function theirs(w: World): Promise<AccessDecisionKind | undefined> {
  const r = await runSimulation(oracleInput(w), {});
  return r.resultType === 'single' ? THEIRS[r.overallResult] : undefined;
}

function ours(w: World): AccessDecisionKind {
  const { resources, request } = engineInput(w);
  return decide(buildAccessIndex(resources), request).decision;
}

/** The known class a disagreement belongs to: its rewrite keeps our decision and brings theirs to it. */
async function classOf(w: World, decision: AccessDecisionKind): Promise<string | undefined> {
  for (const k of known) {
    const rewrite = REWRITES[k.rewrite];
    if (!rewrite) continue;
    const w2 = rewrite(w);
    if (ours(w2) === decision && (await theirs(w2)) === decision) return k.id;
  }
  return undefined;
}

describe('differential: access engine vs iam-simulate', () => {
  it('every known class names its rewrite and an AWS documentation page', () => {
    for (const k of known) {
      expect(REWRITES[k.rewrite], k.id).toBeTypeOf('function');
      expect(k.doc, k.id).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    }
  });

  it(`agrees on ${CASES} seeded worlds except the known classes`, async () => {
    const worlds = fc.sample(worldArb, { seed: SEED, numRuns: CASES });
    const tally = { cases: CASES, compared: 0, agreements: 0, byClass: {} as Record<string, number> };
    const unexplained: { id: number; ours: AccessDecisionKind; theirs: AccessDecisionKind; world: World }[] = [];
    for (const [id, w] of worlds.entries()) {
      const t = await theirs(w);
      if (t === undefined) continue;
      tally.compared++;
      const o = ours(w);
      if (o === t) {
        tally.agreements++;
        continue;
      }
      const cls = await classOf(w, o);
      if (cls === undefined) unexplained.push({ id, ours: o, theirs: t, world: w });
      else tally.byClass[cls] = (tally.byClass[cls] ?? 0) + 1;
    }
    console.log(`access differential: ${JSON.stringify({ ...tally, unexplained: unexplained.length })}`);
    if (unexplained.length > 0) console.log(JSON.stringify(unexplained.slice(0, 5), null, 1));
    // iam-simulate answers every world the generator draws (no validation errors, no wildcard resources).
    expect(tally.compared).toBe(CASES);
    expect(unexplained.map((u) => u.id)).toEqual([]);
  }, 600_000);
});
