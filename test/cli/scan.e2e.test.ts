import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanResults } from '../../src/engine/result.js';
import { asScanResults, verdictsOf, type Verdict } from '../../src/gate/results-file.js';
import { createAjv } from '../../src/util/ajv.js';
import { ROOT, runCli } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'sealcheck-e2e-'));
const DEMO = join(ROOT, 'fixtures/demo/demo-account.snapshot.json');
const validateResults = createAjv().compile(JSON.parse(readFileSync(join(ROOT, 'schemas/results.schema.json'), 'utf8')) as object);

/** results.json, checked against its schema, with every verdict (passes included) as `results`. */
function readResults(dir: string): ScanResults & { results: Verdict[] } {
  const file = join(dir, 'results.json');
  const doc = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  expect(validateResults(doc), JSON.stringify(validateResults.errors)).toBe(true);
  const results = asScanResults(doc, file);
  return { ...results, results: verdictsOf(results) };
}

describe('sealcheck scan on the demo account', () => {
  const out = join(work, 'demo');
  const run = runCli(['scan', '--snapshot', DEMO, '--out', out]);

  it('fails the default gate (high) and says why', () => {
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/gate: \d+ finding\(s\) at or above high/);
  });

  it('writes results.json that follows its schema, with PASS, FAIL and UNKNOWN results', () => {
    const results = readResults(out);
    const statuses = new Set(results.results.map((r) => r.status));
    expect([...statuses]).toEqual(expect.arrayContaining(['PASS', 'FAIL', 'UNKNOWN']));
    expect(results.run.ruleCount).toBeGreaterThanOrEqual(20);
    expect(results.summary.total).toBe(results.results.length);
  });

  it('writes all four report files', () => {
    for (const f of ['results.json', 'results.sarif', 'report.html', 'junit.xml']) expect(existsSync(join(out, f)), f).toBe(true);
  });

  it('runs the access rules: named findings fail and pass, and report.html shows who can read and decrypt', () => {
    const results = readResults(out);
    const verdict = (rule: string, name: string) => results.results.find((r) => r.ruleId === rule && r.name === name)?.status;
    expect(verdict('access-store-no-read-via-assumable-role', 'nw-hr-documents')).toBe('FAIL');
    expect(verdict('access-store-no-outside-readers', 'nw-ledger-exports')).toBe('PASS');
    expect(verdict('access-store-key-not-weaker-lock', 'nw-ledger-exports')).toBe('PASS');
    expect(verdict('access-store-key-not-weaker-lock', 'nw-customer-data-prod')).toBe('FAIL');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const section = html.slice(html.indexOf('<section id="access">'), html.indexOf('</section>', html.indexOf('<section id="access">')));
    expect(section).toContain('<h2>Who can read / who can decrypt</h2>');
    expect(section).toContain('arn:aws:iam::777788889999:root → arn:aws:iam::111122223333:role/nw-vendor-audit: s3:GetObject');
  });

  it('passes with --fail-on none', () => {
    expect(runCli(['scan', '--snapshot', DEMO, '--out', join(work, 'none'), '--fail-on', 'none', '--quiet']).code).toBe(0);
  });
});

describe('bad input: one line, exit 2, nothing half-written', () => {
  it.each([
    ['not JSON', 'this is not json', /notjson\.json:1:\d+: not valid JSON/],
    ['truncated', '{"format":"sealcheck-snapshot","version":1,"header":{"source"', /truncated file\?/],
    ['wrong shape', '{"format":"sealcheck-snapshot","version":1,"header":{}}', /\/header: must have required property/],
  ])('%s', (name, content, pattern) => {
    const file = join(work, name === 'not JSON' ? 'notjson.json' : `${name.replace(' ', '-')}.json`);
    writeFileSync(file, content);
    const out = join(work, `out-${name.replace(' ', '-')}`);
    const run = runCli(['scan', '--snapshot', file, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(pattern);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it('an invalid rule file names the file and the JSON pointer', () => {
    const rules = join(work, 'rules');
    cpSync(join(ROOT, 'rules'), rules, { recursive: true });
    const file = join(rules, 's3', 's3-bucket-default-encryption.json');
    const rule = JSON.parse(readFileSync(file, 'utf8')) as { assert: { where: { op: string } } };
    rule.assert.where.op = 'eqq';
    writeFileSync(file, JSON.stringify(rule, null, 2));
    const run = runCli(['scan', '--snapshot', DEMO, '--rules', rules, '--no-bundled-rules', '--out', join(work, 'badrule')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/s3-bucket-default-encryption\.json: \/assert\/where\/op: unknown operator "eqq"/);
  });

  it('a typo in a property path is a load error, not a silent UNKNOWN', () => {
    const rules = join(work, 'rules-typo', 's3');
    mkdirSync(rules, { recursive: true });
    const rule = JSON.parse(readFileSync(join(ROOT, 'rules/s3/s3-bucket-default-encryption.json'), 'utf8')) as { assert: { each: string } };
    rule.assert.each = 'encrpytion.rules';
    writeFileSync(join(rules, 's3-bucket-default-encryption.json'), JSON.stringify(rule));
    const run = runCli(['rules', 'validate', join(work, 'rules-typo')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\/assert\/each: AWS::S3::Bucket has no property "encrpytion"/);
  });

  it('unknown options are usage errors (exit 2)', () => {
    expect(runCli(['scan', '--snapshott', DEMO]).code).toBe(2);
    expect(runCli(['scan', '--snapshot', DEMO, '--fail-on', 'severe']).code).toBe(2);
  });
});

describe('hostile but well-formed snapshots scan normally', () => {
  it('keeps every string as data and finishes', () => {
    const huge = 'n'.repeat(1_000_000);
    const deep = `${'{"d":'.repeat(3_000)}"bottom"${'}'.repeat(3_000)}`;
    const bucket = (name: string, extra: Record<string, unknown> = {}) => ({
      resourceType: 'AWS::S3::Bucket',
      resourceId: name.slice(0, 60) || 'x',
      arn: `arn:aws:s3:::${name}`,
      accountId: '111122223333',
      region: 'eu-west-1',
      name,
      tags: { '<script>alert(1)</script>': 'javascript:alert(1)', ctl: '\u0000\u001b[31m\u2028' },
      properties: { encryption: null, policy: 'DEEP', ...extra },
    });
    const snap = {
      format: 'sealcheck-snapshot',
      version: 1,
      header: { source: { kind: 'fixture' }, capturedAt: '2026-11-20T09:00:00Z', accounts: ['111122223333'], regions: ['eu-west-1'], errors: [] },
      resources: [bucket(`<img src=x onerror=alert(1)>${huge}`), bucket('</script><script>alert(1)</script>'), bucket('\u0007bell')],
    };
    const file = join(work, 'hostile.json');
    writeFileSync(file, JSON.stringify(snap).replaceAll('"DEEP"', deep));
    const out = join(work, 'hostile-out');
    const run = runCli(['scan', '--snapshot', file, '--out', out, '--fail-on', 'none']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const results = readResults(out);
    expect(results.results.length).toBeGreaterThan(0);
    expect(results.results.some((r) => r.status === 'ERROR')).toBe(false);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).not.toContain('<img src=x');
  });
});

describe('--version and --help', () => {
  it('print and exit 0', () => {
    const version = runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/scan/);
    expect(help.stdout).toMatch(/Exit codes/i);
  });
});
