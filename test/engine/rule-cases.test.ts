import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/engine/load-rules.js';
import { readRuleCases, runRuleCases } from '../../src/engine/rule-cases.js';
import type { RuleCases } from '../../src/engine/rule-types.js';

const dir = mkdtempSync(join(tmpdir(), 'sealcheck-cases-'));
const rule = loadRules().find((l) => l.rule.id === 's3-bucket-versioning-enabled') ?? loadRules()[0]!;

function caseFile(name: string, content: string): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe('readRuleCases', () => {
  it.each([
    ['missing', undefined, /missing\.cases\.json: missing: every rule has a case file beside it/],
    ['bad-json', '{"rule": ', /bad-json\.cases\.json:1:\d+: not valid JSON/],
    ['no-cases', JSON.stringify({ rule: rule.rule.id }), /no-cases\.cases\.json: .*cases/],
    ['bad-expect', JSON.stringify({ rule: rule.rule.id, cases: [{ name: 'x', expect: 'MAYBE', resource: { resourceType: 'AWS::S3::Bucket' } }] }), /\/cases\/0\/expect/],
    ['other-rule', JSON.stringify({ rule: 'kms-other', cases: [{ name: 'x', expect: 'PASS', resource: { resourceType: 'AWS::S3::Bucket' } }] }), /\/rule: "kms-other" must be the id of the rule beside it/],
    ['infinite', `{"rule": "${rule.rule.id}", "cases": [{"name": "x", "expect": "PASS", "parameters": {"n": 1e400}, "resource": {"resourceType": "AWS::S3::Bucket"}}]}`, /\/cases\/0\/parameters\/n/],
  ])('%s: an error naming the file and the place', (name, content, message) => {
    const file = content === undefined ? join(dir, `${name}.cases.json`) : caseFile(`${name}.cases.json`, content);
    expect(() => readRuleCases(file, rule.rule.id)).toThrow(message);
  });
});

describe('runRuleCases', () => {
  const cases = (c: RuleCases['cases']): RuleCases => ({ rule: rule.rule.id, evaluatedAt: '2026-11-20T09:00:00Z', cases: c });

  it('reports a case that comes out otherwise as not ok, with what came instead', () => {
    const { verdicts } = runRuleCases(rule, cases([{ name: 'no versioning read', expect: 'PASS', resource: { resourceType: 'AWS::S3::Bucket', name: 'b' } }]));
    expect(verdicts).toEqual([expect.objectContaining({ name: 'no versioning read', expect: 'PASS', actual: 'UNKNOWN', ok: false })]);
  });

  it('a resource the type schema rejects is a problem naming the pointer, not a verdict', () => {
    const { verdicts } = runRuleCases(rule, cases([{ name: 'typo', expect: 'FAIL', resource: { resourceType: 'AWS::S3::Bucket', name: 'b', properties: { versionning: {} } } }]), { label: 'x.cases.json' });
    expect(verdicts[0]).toMatchObject({ ok: false, actual: 'ERROR' });
    expect(verdicts[0]!.problem).toMatch(/x\.cases\.json: \/cases\/0\/resource\/properties/);
  });

  it('a type sealcheck does not model is a problem, not NOT_APPLICABLE', () => {
    const { verdicts } = runRuleCases(rule, cases([{ name: 'odd', expect: 'NOT_APPLICABLE', resource: { resourceType: 'AWS::Made::Up' } }]), { label: 'x.cases.json' });
    expect(verdicts[0]).toMatchObject({ ok: false, problem: 'x.cases.json: /cases/0/resource: AWS::Made::Up is not a type sealcheck models' });
  });

  it('a type the rule does not evaluate is NOT_APPLICABLE', () => {
    const { verdicts } = runRuleCases(rule, cases([{ name: 'a key', expect: 'NOT_APPLICABLE', resource: { resourceType: 'AWS::KMS::Key' } }]));
    expect(verdicts[0]).toMatchObject({ ok: true, actual: 'NOT_APPLICABLE' });
  });
});
