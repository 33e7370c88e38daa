import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EvalState } from '../../src/engine/compile-condition.js';
import { compileRule } from '../../src/engine/compile-rule.js';
import { InventoryIndex } from '../../src/engine/inventory-index.js';
import type { Result } from '../../src/engine/result.js';
import type { Condition, LoadedRule, RuleFile } from '../../src/engine/rule-types.js';
import type { Resource } from '../../src/inventory/resource.js';
import { RuleLoadError } from '../../src/errors.js';

// Operators never throw: a value of the wrong kind is an ERROR value that combines by the truth tables.
const file = 'rules/s3/s3-account-public-access-block.json';
const base = JSON.parse(readFileSync(file, 'utf8')) as RuleFile;

const resource: Resource = {
  resourceType: 'AWS::S3::AccountPublicAccessBlock',
  resourceId: '111122223333',
  arn: 'arn:aws:s3::111122223333:account',
  accountId: '111122223333',
  region: 'us-east-1',
  tags: {},
  // restrictPublicBuckets was not collected.
  properties: { publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: false, blockPublicPolicy: true } },
};

const T: Condition = { path: 'publicAccessBlock.blockPublicAcls', op: 'equals', value: true };
const F: Condition = { path: 'publicAccessBlock.ignorePublicAcls', op: 'equals', value: true };
const U: Condition = { path: 'publicAccessBlock.restrictPublicBuckets', op: 'equals', value: true };
/** A boolean compared as a number: the rule's mistake, found only at evaluation. */
const E: Condition = { path: 'publicAccessBlock.blockPublicPolicy', op: 'gt', value: 0 };

function run(assert: Condition, evidence: 'failures' | 'all' = 'failures'): Result {
  const loaded: LoadedRule = { file, service: 's3', rule: { ...base, assert } };
  const st: EvalState = { index: new InventoryIndex(), now: 0, derived: new Map() };
  const r = compileRule(loaded, { now: 0, evidence }).evaluate(resource, st);
  if (!r) throw new Error('rule did not apply');
  return r;
}

describe('a wrong operand type is an ERROR value', () => {
  it('a leaf on a value of the wrong kind is ERROR with the operator reason and the value found', () => {
    const r = run(E);
    expect(r.status).toBe('ERROR');
    expect(r.message).toBe('Rule s3-account-public-access-block could not be evaluated on this resource: gt needs a number, found true (at publicAccessBlock.blockPublicPolicy)');
    expect(r.evidence).toEqual([{ path: 'publicAccessBlock.blockPublicPolicy', found: true, expected: 'gt 0' }]);
  });

  it('combines as the truth tables say, in both evidence modes', () => {
    const cases: [Condition, Result['status']][] = [
      [{ any: [E, T] }, 'PASS'],
      [{ any: [T, E] }, 'PASS'],
      [{ all: [E, F] }, 'FAIL'],
      [{ all: [F, E] }, 'FAIL'],
      [{ all: [E, U] }, 'ERROR'],
      [{ all: [U, E] }, 'ERROR'],
      [{ any: [U, E] }, 'ERROR'],
      [{ any: [F, E] }, 'ERROR'],
      [{ all: [T, U] }, 'UNKNOWN'],
      [{ not: E }, 'ERROR'],
      [{ not: U }, 'UNKNOWN'],
    ];
    for (const mode of ['failures', 'all'] as const) {
      expect(cases.map(([c]) => `${JSON.stringify(c)} ${run(c, mode).status}`)).toEqual(cases.map(([c, s]) => `${JSON.stringify(c)} ${s}`));
    }
  });

  it('the reason shown is the one that decided the verdict, not one a FALSE made irrelevant', () => {
    const masked: Condition = { path: 'publicAccessBlock.ignorePublicAcls', op: 'lt', value: 1 };
    const r = run({ any: [{ all: [masked, F] }, E] });
    expect(r.status).toBe('ERROR');
    expect(r.message).toMatch(/gt needs a number, found true \(at publicAccessBlock\.blockPublicPolicy\)$/);
  });

  it('a quantifier or count over a value that is not an array (data unlike its schema) is ERROR', () => {
    const snapshotFile = 'rules/ec2/ec2-snapshot-not-public.json';
    const snapshotRule = JSON.parse(readFileSync(snapshotFile, 'utf8')) as RuleFile;
    const snapshot: Resource = {
      resourceType: 'AWS::EC2::Snapshot',
      resourceId: 'snap-1',
      arn: 'arn:aws:ec2:us-east-1:111122223333:snapshot/snap-1',
      accountId: '111122223333',
      region: 'us-east-1',
      tags: {},
      properties: { createVolumePermissions: 'all' },
    };
    const count = { count: 'createVolumePermissions', op: 'lt', value: 1 } as unknown as Condition;
    const verdicts = (properties: Record<string, unknown>) =>
      [snapshotRule.assert, count].map((assert) => {
        const loaded: LoadedRule = { file: snapshotFile, service: 'ec2', rule: { ...snapshotRule, assert } };
        const r = compileRule(loaded, { now: 0 }).evaluate({ ...snapshot, properties }, { index: new InventoryIndex(), now: 0, derived: new Map() });
        return `${r?.status}: ${r?.message}`;
      });
    // An array, even an empty one, is evaluated: only a value that is not one is an ERROR.
    expect(verdicts({ createVolumePermissions: [] }).map((v) => v.slice(0, 5))).toEqual(['PASS:', 'PASS:']);
    expect(verdicts({ createVolumePermissions: [{ group: 'all' }] }).map((v) => v.slice(0, 5))).toEqual(['FAIL:', 'FAIL:']);
    // The rule's block public access exception (unknownAs false, and no setting in this inventory) is FALSE: it leaves the ERROR standing.
    expect(verdicts(snapshot.properties)).toEqual([
      'ERROR: Rule ec2-snapshot-not-public could not be evaluated on this resource: createVolumePermissions is not an array (at /assert/any/0)',
      'ERROR: Rule ec2-snapshot-not-public could not be evaluated on this resource: createVolumePermissions is not an array (at /assert)',
    ]);
  });

  it("a rule's own value of the wrong kind stays a load error naming the place", () => {
    expect(() => run({ all: [T, { path: 'publicAccessBlock.blockPublicAcls', op: 'in', value: 'yes' }] })).toThrow(RuleLoadError);
    expect(() => run({ all: [T, { path: 'publicAccessBlock.blockPublicAcls', op: 'in', value: 'yes' }] })).toThrow(`${file}: /assert/all/1/value: in needs an array value`);
  });
});
