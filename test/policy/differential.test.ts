import { readFileSync } from 'node:fs';
import { anonymousPrincipal, runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateRequest, type Decision } from '../../src/policy/evaluate.js';
import { OWNER, contextArb, policyArb, principals, requests } from './generators.js';

/**
 * Differential test against @cloud-copilot/iam-simulate (dev dependency only).
 * Every disagreement must be listed, with the AWS documentation that decides
 * it, in differential-known.json.
 */

interface KnownDisagreement {
  readonly id: number;
  readonly ours: Decision;
  readonly theirs: Decision;
  readonly reason: string;
  readonly doc: string;
}

const known: KnownDisagreement[] = JSON.parse(
  readFileSync(new URL('./differential-known.json', import.meta.url), 'utf8'),
).disagreements;

const SEED = 20240601;
const CASES = 1200;

const caseArb = fc.record({
  principal: fc.constantFrom(...principals),
  request: fc.constantFrom(...requests),
  identity: fc.array(policyArb(false, 2), { maxLength: 2 }),
  resourcePolicy: fc.option(policyArb(true, 3), { nil: undefined, freq: 4 }),
  context: contextArb,
});

const theirDecision: Record<string, Decision> = {
  Allowed: 'Allow',
  ExplicitlyDenied: 'ExplicitDeny',
  ImplicitlyDenied: 'ImplicitDeny',
};

describe('differential: evaluateRequest vs iam-simulate', () => {
  it(`agrees on ${CASES} generated cases except the documented ones`, async () => {
    const cases = fc.sample(caseArb, { seed: SEED, numRuns: CASES });
    const disagreements: { id: number; ours: Decision; theirs: Decision; case: unknown }[] = [];
    let compared = 0;
    for (const [id, c] of cases.entries()) {
      const isIam = c.principal.startsWith('arn:');
      const identity = isIam ? c.identity : [];
      const sim: Simulation = {
        request: {
          principal: c.principal === 'anonymous' ? anonymousPrincipal : c.principal,
          action: c.request.action,
          resource: { resource: c.request.resource, accountId: OWNER },
          contextVariables: c.context,
        },
        identityPolicies: identity.map((policy, i) => ({ name: `p${i}`, policy })),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        ...(c.resourcePolicy ? { resourcePolicy: c.resourcePolicy } : {}),
      };
      const theirs = await runSimulation(sim, {});
      if (theirs.resultType !== 'single') continue;
      compared++;
      const ours = evaluateRequest(
        { principal: c.principal, action: c.request.action, resource: c.request.resource, context: c.context },
        { identityPolicies: identity, resourcePolicy: c.resourcePolicy, resourceAccountId: OWNER },
      );
      const t = theirDecision[theirs.overallResult];
      if (t !== ours.decision) disagreements.push({ id, ours: ours.decision, theirs: t ?? 'ImplicitDeny', case: c });
    }
    expect(compared).toBeGreaterThanOrEqual(1000);
    const unexplained = disagreements.filter((d) => !known.some((k) => k.id === d.id && k.ours === d.ours && k.theirs === d.theirs));
    if (unexplained.length > 0) {
      console.log(JSON.stringify(unexplained.slice(0, 5), null, 1));
      console.log('unexplained ids', unexplained.map((d) => d.id).join(','));
    }
    expect(unexplained).toEqual([]);
  }, 60_000);
});
