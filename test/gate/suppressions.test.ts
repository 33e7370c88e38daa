import { readFileSync } from 'node:fs';
import { asScanResults } from '../../src/gate/results-file.js';
import { describe, expect, it } from 'vitest';
import type { ScanResults } from '../../src/engine/result.js';
import { applyBaseline, baselineFromResults } from '../../src/gate/baseline.js';
import { applySuppressions, isExpired, loadSuppressions, parseSuppressions, SuppressionMatcher } from '../../src/gate/suppressions.js';
import { decideExit } from '../../src/gate/threshold.js';
import { compileGlob, matchGlob, type StepCounter } from '../../src/util/glob.js';

const small = (): ScanResults => asScanResults(JSON.parse(readFileSync('fixtures/gate/small.results.json', 'utf8')), 'fixtures/gate/small.results.json');
const known = ['s3-bucket-tls-only', 's3-bucket-public-read', 'kms-key-rotation-enabled', 'sqs-queue-encrypted', 'ebs-volume-encrypted', 'sns-topic-encrypted'];
const now = new Date('2025-06-01T12:00:00Z');

describe('applySuppressions', () => {
  it('suppresses with the active entry, lists expired and stale entries, and the gate ignores suppressed findings', async () => {
    const set = await loadSuppressions('fixtures/gate/suppressions.yaml', { knownRuleIds: known });
    const { results, report } = applySuppressions(small().findings, set, { now });
    const suppressed = results.filter((r) => r.suppression);
    expect(suppressed.map((r) => r.arn)).toEqual(['arn:aws:s3:::legacy-site']);
    expect(suppressed[0]!.suppression).toEqual({
      reason: 'Public static website, moving behind CloudFront',
      owner: 'web-team',
      ticket: 'WEB-142',
      expires: '2099-12-31',
      source: 'fixtures/gate/suppressions.yaml:5',
    });
    expect(report.active.map((a) => [a.entry.rule, a.matched])).toEqual([['s3-bucket-public-read', 1]]);
    expect(report.expired.map((a) => [a.entry.rule, a.matched])).toEqual([['kms-key-rotation-enabled', 1]]);
    expect(report.stale.map((a) => a.entry.source)).toEqual(['fixtures/gate/suppressions.yaml:17']);

    const run = small().run;
    const critical = decideExit({ findings: results, run }, { failOn: 'critical', failOnUnknown: false, strict: false });
    expect(critical).toMatchObject({ exitCode: 0, counted: { suppressed: 1 } });
    // The expired KMS entry no longer hides the medium finding.
    expect(decideExit({ findings: results, run }, { failOn: 'medium', failOnUnknown: false, strict: false }).counted.failing.medium).toBe(1);
  });

  it('matches by rule glob, account, region and tags: every field given must match', () => {
    const text = [
      'suppressions:',
      '  - { rule: "s3-*", account: "111122223333", region: [eu-west-1, global], reason: sandbox account buckets, expires: 2099-01-01 }',
      '  - { rule: "*", tags: { env: "dev*" }, reason: development data is synthetic }',
      '  - { rule: kms-key-rotation-enabled, resource: "arn:aws:kms:*", account: "444455556666", reason: other account, expires: 2099-01-01 }',
    ].join('\n');
    const parsed = parseSuppressions(text, 's.yaml', { knownRuleIds: known });
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const matcher = new SuppressionMatcher(parsed.set, now);
    const finding = { status: 'FAIL' as const, ruleId: 's3-bucket-tls-only', arn: 'arn:aws:s3:::b', accountId: '111122223333', region: 'eu-west-1' };
    expect(matcher.match(finding)?.source).toBe('s.yaml:2');
    expect(matcher.match({ ...finding, region: 'us-east-1' })).toBeUndefined();
    expect(matcher.match({ ...finding, accountId: '999999999999' })).toBeUndefined();
    const key = { status: 'FAIL' as const, ruleId: 'kms-key-rotation-enabled', arn: 'arn:aws:kms:eu-west-1:111122223333:key/k', accountId: '111122223333', region: 'eu-west-1' };
    expect(matcher.match(key)).toBeUndefined();
    expect(matcher.match(key, { env: 'production' })).toBeUndefined();
    // A tag entry without an expiry matches where the resource's tags are known, and never expires.
    expect(matcher.match(key, { env: 'dev-7' })).toEqual({ reason: 'development data is synthetic', source: 's.yaml:3' });
    expect(matcher.report().stale.map((e) => e.entry.source)).toEqual(['s.yaml:4']);
  });

  it('a rule pattern that matches no loaded rule is an error, as an unknown id is', () => {
    const parsed = parseSuppressions('suppressions:\n  - { rule: "s4-*", reason: typo }\n  - { rule: s3-bucket-tls-onyl, reason: typo }\n', 's.yaml', { knownRuleIds: known });
    expect(parsed).toEqual({
      ok: false,
      errors: ['s.yaml:2: /suppressions/0/rule: rule pattern "s4-*" matches no rule', 's.yaml:3: /suppressions/1/rule: unknown rule id "s3-bucket-tls-onyl"'],
    });
  });

  it('treats the expiry date as inclusive (UTC)', () => {
    expect(isExpired({ expires: '2025-06-01' }, new Date('2025-06-01T23:59:59Z'))).toBe(false);
    expect(isExpired({ expires: '2025-06-01' }, new Date('2025-06-02T00:00:00Z'))).toBe(true);
  });

  it('works together with a baseline: suppressed findings stay unsuppressed in neither', async () => {
    const parsed = parseSuppressions(readFileSync('fixtures/gate/suppressions.yaml', 'utf8'), 's.yaml');
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const base = await applyBaseline(small().findings, baselineFromResults(small(), 'prev.json'));
    const { results } = applySuppressions(base.results, parsed.set, { now });
    expect(results.every((r) => r.status === 'PASS' || r.baselineState === 'unchanged')).toBe(true);
    expect(decideExit({ findings: results, run: small().run }, { failOn: 'info', failOnUnknown: true, strict: false }).exitCode).toBe(0);
  });

  it('matches wildcards in linear work on hostile patterns', () => {
    const pattern = `${'*a'.repeat(2000)}b`;
    const arn = 'a'.repeat(50_000);
    const set = { file: 's.yaml', entries: [{ rule: '*', resource: pattern, reason: 'r', expires: '2099-01-01', source: 's.yaml:1' }] };
    const r = { ...small().findings[0]!, arn };
    const { report } = applySuppressions([r], set, { now });
    expect(report.stale).toHaveLength(1);
    // The work, counted rather than timed: the matcher suppressions use compares each character a bounded number of times.
    const counter: StepCounter = { steps: 0 };
    expect(matchGlob(compileGlob(pattern), arn, counter)).toBe(false);
    expect(counter.steps).toBeLessThan(4 * (arn.length + pattern.length));
  });
});

describe('suppression file errors name the line', () => {
  it('reports every bad YAML entry with its line', () => {
    const result = parseSuppressions(readFileSync('fixtures/gate/suppressions-bad.yaml', 'utf8'), 'bad.yaml', { knownRuleIds: known });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      'bad.yaml:2: /suppressions/0: missing required key "reason"',
      'bad.yaml:8: /suppressions/1/expires: "2025-02-30" is not a valid date (YYYY-MM-DD)',
      'bad.yaml:9: /suppressions/2/rule: unknown rule id "s3-no-such-rule"',
      'bad.yaml:17: /suppressions/3/owenr: unknown key "owenr"',
    ]);
  });

  it('names the line in a JSON file too', async () => {
    await expect(loadSuppressions('fixtures/gate/suppressions-bad.json')).rejects.toThrow(
      'fixtures/gate/suppressions-bad.json:7: /suppressions/0/expires: "next year" is not a valid date (YYYY-MM-DD)',
    );
  });

  it('reports syntax errors and wrong shapes with a line', () => {
    const syntax = parseSuppressions('suppressions:\n  - rule: a\n   bad: [', 'x.yaml');
    expect(syntax.ok ? [] : syntax.errors[0]).toMatch(/^x\.yaml:\d+:\d+: not valid YAML/);
    const json = parseSuppressions('{"suppressions": [}', 'x.json');
    expect(json.ok ? [] : json.errors[0]).toMatch(/^x\.json:1:\d+: not valid JSON/);
    const shape = parseSuppressions('version: 1\nsuppresions: []\n', 'y.yaml');
    expect(shape.ok ? [] : shape.errors).toEqual(['y.yaml:1: /: missing required key "suppressions"']);
    const blank = parseSuppressions('suppressions:\n  - rule: "*"\n    resource: "*"\n    reason: "   "\n    expires: "2099-01-01"\n', 'z.yaml');
    expect(blank.ok ? [] : blank.errors[0]).toMatch(/^z\.yaml:4: \/suppressions\/0\/reason: /);
  });
});
