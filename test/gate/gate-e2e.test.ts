import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Resource } from '../../src/inventory/resource.js';
import { asScanResults } from '../../src/gate/results-file.js';

/** The built CLI (test/global-setup.ts compiles dist/ first), run as a user would. */
function sealcheck(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/sealcheck.js', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const DEMO = 'fixtures/demo/demo-account.snapshot.json';
const BROKEN_ARN = 'arn:aws:s3:::nw-analytics-staging';
const BROKEN_RULE = 's3-bucket-public-access-block';

describe('CI gate end to end on the demo account', () => {
  let dir: string;
  let changedSnapshot: string;
  const scan = (out: string, ...extra: string[]) => sealcheck('scan', '--snapshot', extra.includes('--changed') ? changedSnapshot : DEMO, '--out', join(dir, out), '--format', 'json', '--fail-on', 'medium', ...extra.filter((e) => e !== '--changed'));
  const results = (out: string) => asScanResults(JSON.parse(readFileSync(join(dir, out, 'results.json'), 'utf8')), out);
  const suppression = (expires: string) => {
    const file = join(dir, `suppressions-${expires}.yaml`);
    writeFileSync(file, `suppressions:\n  - rule: ${BROKEN_RULE}\n    resource: "arn:aws:s3:::nw-analytics-*"\n    reason: Staging bucket opened for a one-off partner import\n    owner: data-platform\n    ticket: DP-77\n    expires: "${expires}"\n`);
    return file;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sealcheck-gate-e2e-'));
    // One demo resource changed to break a medium-severity rule (the rubric ranks a public access block that is off as medium) it passed before.
    const snapshot = JSON.parse(readFileSync(DEMO, 'utf8')) as { resources: Resource[] };
    const bucket = snapshot.resources.find((r) => r.arn === BROKEN_ARN);
    if (!bucket) throw new Error(`${BROKEN_ARN} is not in the demo snapshot`);
    (bucket.properties as { publicAccessBlock: { blockPublicAcls: boolean } }).publicAccessBlock.blockPublicAcls = false;
    changedSnapshot = join(dir, 'changed.snapshot.json');
    writeFileSync(changedSnapshot, JSON.stringify(snapshot));
  });

  it('1. fails on the demo with --fail-on medium', () => {
    const r = scan('first');
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(1);
    expect(results('first').findings.some((x) => x.status === 'FAIL' && x.severity !== 'low' && x.severity !== 'info')).toBe(true);
  });

  it('2. passes with a baseline made from the same run', () => {
    const made = sealcheck('baseline', 'create', '--results', join(dir, 'first', 'results.json'), '--out', join(dir, 'baseline.json'));
    expect(made.status).toBe(0);
    const r = scan('second', '--baseline', join(dir, 'baseline.json'));
    expect(r.status).toBe(0);
    const states = results('second').findings.filter((x) => x.status !== 'PASS').map((x) => x.baselineState);
    expect(states.length).toBeGreaterThan(0);
    expect(new Set(states)).toEqual(new Set(['unchanged']));
  });

  it('3. fails after one resource breaks a rule, with exactly that finding marked new', () => {
    const r = scan('third', '--changed', '--baseline', join(dir, 'baseline.json'));
    expect(r.status).toBe(1);
    const fresh = results('third').findings.filter((x) => x.baselineState === 'new');
    expect(fresh.map((x) => [x.ruleId, x.arn])).toEqual([[BROKEN_RULE, BROKEN_ARN]]);
    expect(results('third').findings.filter((x) => x.baselineState === 'updated')).toEqual([]);
  });

  it('4. passes with a suppression for it', () => {
    const r = scan('fourth', '--changed', '--baseline', join(dir, 'baseline.json'), '--suppressions', suppression('2099-12-31'));
    expect(r.status).toBe(0);
    const finding = results('fourth').findings.find((x) => x.ruleId === BROKEN_RULE && x.arn === BROKEN_ARN)!;
    expect(finding.baselineState).toBe('new');
    expect(finding.suppression).toMatchObject({ reason: 'Staging bucket opened for a one-off partner import', ticket: 'DP-77', expires: '2099-12-31' });
  });

  it('5. fails again once the suppression has expired, and says so', () => {
    const r = scan('fifth', '--changed', '--baseline', join(dir, 'baseline.json'), '--suppressions', suppression('2020-01-31'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/suppression expired 2020-01-31 .*s3-bucket-public-access-block arn:aws:s3:::nw-analytics-\* no longer suppresses 1 finding/);
    expect(results('fifth').findings.find((x) => x.arn === BROKEN_ARN && x.ruleId === BROKEN_RULE)?.suppression).toBeUndefined();
  });

  it('6. a suppression by tags and region, without expiry, suppresses and is reported as never expiring, with the count', () => {
    const file = join(dir, 'by-tags.yaml');
    writeFileSync(file, `suppressions:\n  - rule: "s3-bucket-public-*"\n    region: eu-west-1\n    tags: { env: "stag*" }\n    reason: Staging data is synthetic\n`);
    const r = scan('sixth', '--changed', '--baseline', join(dir, 'baseline.json'), '--suppressions', file);
    expect(r.status).toBe(0);
    expect(results('sixth').findings.find((x) => x.arn === BROKEN_ARN && x.ruleId === BROKEN_RULE)?.suppression).toEqual({ reason: 'Staging data is synthetic', source: `${file}:2` });
    expect(r.stderr).toMatch(new RegExp(`suppressions ${file}: [1-9]\\d* finding\\(s\\) suppressed by 1 entry`));
    expect(r.stderr).toContain(`suppression without expiry (${file}:2): s3-bucket-public-* region eu-west-1 tags env=stag*: give it an expires date so it is reviewed`);
  });

  it('rejects a bad suppressions file with exit 2 and the line', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, `suppressions:\n  - rule: ${BROKEN_RULE}\n    resource: "*"\n    expires: "2099-01-01"\n  - rule: s3-no-such-rule\n    resource: "*"\n    reason: typo\n    expires: "2099-01-01"\n`);
    const r = scan('bad', '--suppressions', bad);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${bad}:2: /suppressions/0: missing required key "reason"`);
    expect(r.stderr).toContain(`${bad}:5: /suppressions/1/rule: unknown rule id "s3-no-such-rule"`);
  });
});
