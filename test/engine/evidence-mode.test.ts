import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileRule, type EvidenceMode } from '../../src/engine/compile-rule.js';
import { copyResult } from '../../src/engine/evaluated-result.js';
import { InventoryIndex } from '../../src/engine/inventory-index.js';
import type { LoadedRule } from '../../src/engine/rule-types.js';
import type { Result } from '../../src/engine/result.js';
import type { RuleFile } from '../../src/engine/rule-types.js';
import type { Resource } from '../../src/inventory/resource.js';

const file = 'rules/s3/s3-account-public-access-block.json';
const base = JSON.parse(readFileSync(file, 'utf8')) as RuleFile;

function block(settings: Record<string, unknown>): Resource {
  return {
    resourceType: 'AWS::S3::AccountPublicAccessBlock',
    resourceId: '111122223333',
    arn: 'arn:aws:s3::111122223333:account',
    accountId: '111122223333',
    region: 'us-east-1',
    tags: {},
    properties: { publicAccessBlock: settings },
  };
}

const allOn = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };

function run(resource: Resource, evidence?: EvidenceMode, rule: RuleFile = base): Result {
  const loaded: LoadedRule = { file, service: 's3', rule };
  const compiled = compileRule(loaded, evidence ? { now: 0, evidence } : { now: 0 });
  const result = compiled.evaluate(resource, { index: new InventoryIndex(), now: 0, derived: new Map() });
  if (!result) throw new Error('rule did not apply');
  return result;
}

describe('which results carry evidence', () => {
  it('a PASS carries none by default, and its pass message', () => {
    const r = run(block(allOn));
    expect(r.status).toBe('PASS');
    expect(r.evidence).toEqual([]);
    expect(r.message).toBe('S3 account public access block of account 111122223333 blocks public access to every bucket with all four settings.');
  });

  it('a PASS carries its evidence with evidence "all"', () => {
    const r = run(block(allOn), 'all');
    expect(r.status).toBe('PASS');
    expect(r.evidence).toHaveLength(4);
    expect(r.evidence[0]).toEqual({ path: 'publicAccessBlock.blockPublicAcls', found: true, expected: 'equals true' });
  });

  it('FAIL and UNKNOWN carry the evidence that decided them in either mode', () => {
    for (const mode of [undefined, 'failures', 'all'] as const) {
      const fail = run(block({ ...allOn, ignorePublicAcls: false }), mode);
      expect(fail.status).toBe('FAIL');
      expect(fail.evidence).toEqual([{ path: 'publicAccessBlock.ignorePublicAcls', found: false, expected: 'equals true' }]);
      expect(fail.message).toContain('publicAccessBlock.ignorePublicAcls is false (expected: equals true)');
      const { restrictPublicBuckets: _, ...three } = allOn;
      const unknown = run(block(three), mode);
      expect(unknown.status).toBe('UNKNOWN');
      expect(unknown.evidence.map((e) => e.path)).toContain('publicAccessBlock.restrictPublicBuckets');
      expect(unknown.evidence.find((e) => e.missing !== undefined)?.missing).toBe('not collected');
    }
  });

  it('a pass message that shows {evidence} still gets it', () => {
    const rule: RuleFile = { ...base, messages: { ...base.messages, pass: '{resource} passes: {evidence}.' } };
    const r = run(block(allOn), undefined, rule);
    expect(r.evidence).toHaveLength(4);
    expect(r.message).toContain('publicAccessBlock.blockPublicAcls is true (expected: equals true)');
  });

  it('an ERROR carries the same evidence as when every result is explained', () => {
    const rule: RuleFile = {
      ...base,
      assert: { all: [{ path: 'publicAccessBlock.blockPublicAcls', op: 'equals', value: true }, { count: 'publicAccessBlock.ignorePublicAcls', op: 'gt', value: 0 }] },
    };
    const r = run(block(allOn), undefined, rule);
    expect(r.status).toBe('ERROR');
    expect(r.message).toMatch(/could not be evaluated.*not an array/);
    expect(copyResult(r)).toEqual(copyResult(run(block(allOn), 'all', rule)));
  });
});
