import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EvalState } from '../../src/engine/compile-condition.js';
import { compileRule } from '../../src/engine/compile-rule.js';
import { InventoryIndex } from '../../src/engine/inventory-index.js';
import type { Result } from '../../src/engine/result.js';
import type { Condition, LoadedRule, RuleFile } from '../../src/engine/rule-types.js';
import type { Resource } from '../../src/inventory/resource.js';
import { RuleLoadError } from '../../src/errors.js';

// `unknownAs: false` on a reference: a guard that lifts a failure only when it is known to hold.
const file = 'rules/ec2/ec2-snapshot-not-public.json';
const base = JSON.parse(readFileSync(file, 'utf8')) as RuleFile;
const ACCOUNT = '111122223333';

const snapshot: Resource = {
  resourceType: 'AWS::EC2::Snapshot',
  resourceId: 'snap-1',
  arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:snapshot/snap-1`,
  accountId: ACCOUNT,
  region: 'eu-west-1',
  tags: {},
  properties: { snapshotId: 'snap-1', createVolumePermissions: [{ group: 'all', userId: null }] },
};

function setting(properties: Record<string, unknown>): Resource {
  return {
    resourceType: 'AWS::EC2::SnapshotBlockPublicAccess',
    resourceId: 'eu-west-1',
    arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:snapshot-block-public-access`,
    accountId: ACCOUNT,
    region: 'eu-west-1',
    tags: {},
    properties,
  };
}

const isPublic: Condition = { each: 'createVolumePermissions', quantifier: 'none', where: { path: 'group', op: 'equals', value: 'all' } };
const blocks = (unknownAs: boolean): Condition => ({
  ref: 'AWS::EC2::SnapshotBlockPublicAccess',
  scope: 'region',
  ...(unknownAs ? { unknownAs: false as const } : {}),
  where: { path: 'state', op: 'equals', value: 'block-all-sharing' },
});

function rule(assert: Condition, appliesTo?: Condition): LoadedRule {
  return { file, service: 'ec2', rule: { ...base, assert, ...(appliesTo ? { appliesTo } : {}) } };
}

function run(assert: Condition, inventory: Resource[]): Result {
  const index = new InventoryIndex();
  for (const r of [snapshot, ...inventory]) index.add(r);
  const st: EvalState = { index, now: 0, derived: new Map() };
  const r = compileRule(rule(assert), { now: 0 }).evaluate(snapshot, st);
  if (!r) throw new Error('rule did not apply');
  return r;
}

describe('a reference with unknownAs false', () => {
  it('counts as FALSE when the referenced setting is not in the inventory, where a plain reference is UNKNOWN', () => {
    expect(run({ any: [isPublic, blocks(false)] }, []).status).toBe('UNKNOWN');
    const r = run({ any: [isPublic, blocks(true)] }, []);
    expect(r.status).toBe('FAIL');
    // The evidence still says why the guard could not be counted on.
    expect(r.evidence).toContainEqual(expect.objectContaining({ path: 'ref(AWS::EC2::SnapshotBlockPublicAccess)', missing: `no AWS::EC2::SnapshotBlockPublicAccess for region eu-west-1 of account ${ACCOUNT} in the inventory` }));
    expect(r.message).toContain('createVolumePermissions[0].group is "all"');
  });

  it('counts as FALSE when the setting is there but its state was not collected', () => {
    const unread = setting({ managedBy: 'account' });
    unread.errors = [{ property: 'state', operation: 'ec2:GetSnapshotBlockPublicAccessState', code: 'UnauthorizedOperation', message: 'denied' }];
    expect(run({ any: [isPublic, blocks(false)] }, [unread]).status).toBe('UNKNOWN');
    expect(run({ any: [isPublic, blocks(true)] }, [unread]).status).toBe('FAIL');
  });

  it('lifts the failure when the guard is known to hold, and not when it is known not to', () => {
    expect(run({ any: [isPublic, blocks(true)] }, [setting({ state: 'block-all-sharing' })]).status).toBe('PASS');
    expect(run({ any: [isPublic, blocks(true)] }, [setting({ state: 'block-new-sharing' })]).status).toBe('FAIL');
  });

  it('leaves an ERROR an ERROR: a broken evaluation is never read as a plain FALSE', () => {
    const broken: Condition = { ref: 'AWS::EC2::SnapshotBlockPublicAccess', scope: 'region', unknownAs: false, where: { path: 'state', op: 'gt', value: 1 } };
    expect(run({ any: [isPublic, broken] }, [setting({ state: 'block-all-sharing' })]).status).toBe('ERROR');
  });

  it('is refused at load wherever a FALSE could become a pass, naming the place', () => {
    const compile = (assert: Condition, appliesTo?: Condition) => () => compileRule(rule(assert, appliesTo), { now: 0 });
    expect(compile({ not: blocks(true) })).toThrow(RuleLoadError);
    expect(compile({ not: { all: [isPublic, blocks(true)] } })).toThrow(`${file}: /assert/not/all/1/unknownAs: "unknownAs" would let missing data pass here: it is refused under /assert`);
    expect(compile({ each: 'createVolumePermissions', quantifier: 'none', where: blocks(true) })).toThrow(`${file}: /assert/where/unknownAs:`);
    expect(compile({ count: 'createVolumePermissions', where: blocks(true), op: 'lte', value: 0 })).toThrow(`${file}: /assert/where/unknownAs:`);
    expect(compile(isPublic, blocks(true))).toThrow(`${file}: /appliesTo/unknownAs: "unknownAs" would let missing data pass here: it is refused under /appliesTo`);
    // Where a FALSE can only fail, it loads: inside any/all, and in an "any" or "all" quantifier.
    expect(compile({ all: [{ any: [isPublic, blocks(true)] }] })).not.toThrow();
    expect(compile({ each: 'createVolumePermissions', quantifier: 'any', where: blocks(true) })).not.toThrow();
  });
});
