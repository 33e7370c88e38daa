import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

const DEMO = join(ROOT, 'fixtures/demo/demo-account.snapshot.json');
const work = mkdtempSync(join(tmpdir(), 'sealcheck-compliance-e2e-'));
const results = join(work, 'scan', 'results.json');
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(() => {
  const run = runCli(['scan', '--snapshot', DEMO, '--out', join(work, 'scan'), '--format', 'json', '--fail-on', 'none', '-q']);
  expect(run.code, run.stderr).toBe(0);
}, 120_000);

/** Each CLI run scans or reads the demo; on a busy machine that takes seconds. */
const SLOW = 120_000;

interface Requirement {
  id: string;
  status: string;
  failing: { ruleId: string; name?: string; arn: string }[];
}
type Doc = { format: string; frameworks: { framework: { id: string }; requirements: Requirement[] }[] };

function statuses(doc: Doc, framework: string): Map<string, Requirement> {
  return new Map(doc.frameworks.find((f) => f.framework.id === framework)!.requirements.map((r) => [r.id, r]));
}

describe('sealcheck report --compliance on the demo', () => {
  it('gives each requirement its status and failing resources, per framework and version (JSON)', () => {
    const run = runCli(['report', '--results', results, '--compliance', 'cis-aws-v5.0.0,cis-aws-v3.0.0,fsbp-v1.0.0,pci-dss-v4.0', '--compliance-format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as Doc;
    expect(doc.format).toBe('sealcheck-compliance');
    expect(doc.frameworks.map((f) => f.framework.id)).toEqual(['cis-aws-v5.0.0', 'cis-aws-v3.0.0', 'fsbp-v1.0.0', 'pci-dss-v4.0']);
    const cis5 = statuses(doc, 'cis-aws-v5.0.0');
    expect(cis5.get('2.1.1')!.status).toBe('failed');
    expect(cis5.get('2.1.1')!.failing.map((f) => f.name)).toEqual(expect.arrayContaining(['nw-public-website', 'nw-legacy-uploads']));
    expect(cis5.get('2.1.3')!.status).toBe('not-evidenced');
    // RDS encryption is 2.2.1 in v5.0.0 and 2.3.1 in v3.0.0: the same finding under each version's number.
    expect(cis5.get('2.2.1')!.failing.map((f) => f.name)).toEqual(['nw-legacy-mariadb']);
    expect(statuses(doc, 'cis-aws-v3.0.0').get('2.3.1')!.failing.map((f) => f.name)).toEqual(['nw-legacy-mariadb']);
    const fsbp = statuses(doc, 'fsbp-v1.0.0');
    expect(fsbp.get('KMS.5')!.status).toBe('passed');
    // RDS.2 gained rds-instance-not-public; ElastiCache.6 gained a rule, which the demo's Redis OSS 5.0 group without a token fails and its Redis OSS 7 group passes.
    expect(fsbp.get('RDS.2')!.status).toBe('failed');
    expect(fsbp.get('RDS.2')!.failing.map((f) => f.name)).toEqual(['nw-legacy-mariadb']);
    expect(fsbp.get('ElastiCache.6')!.status).toBe('failed');
    expect(fsbp.get('ElastiCache.6')!.failing.map((f) => f.name)).toEqual(['nw-legacy-sessions']);
    expect(fsbp.get('SQS.3')!.status).toBe('failed');
    expect(statuses(doc, 'pci-dss-v4.0').get('3.2.1')!.status).toBe('not-evidenced');
  }, SLOW);

  it('prints a table by default and writes no report file', () => {
    const cwd = mkdtempSync(join(work, 'table-'));
    const run = runCli(['report', '--results', results, '--compliance', 'fsbp-v1.0.0'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^KMS\.5 +passed /m);
    expect(run.stdout).toMatch(/^RDS\.2 +failed /m);
    expect(run.stdout).toMatch(/^ElastiCache\.6 +failed /m);
    expect(run.stdout).toContain('AWS Foundational Security Best Practices 1.0.0 (fsbp-v1.0.0)');
    // Every FSBP control has a rule now: a requirement no rule evidences is shown from PCI DSS.
    const pci = runCli(['report', '--results', results, '--compliance', 'pci-dss-v4.0'], { cwd });
    expect(pci.code, pci.stderr).toBe(0);
    expect(pci.stdout).toMatch(/^3\.2\.1 +not evidenced /m);
  }, SLOW);

  it('an alias or unknown name is a usage error (exit 2) naming the known frameworks', () => {
    const run = runCli(['report', '--results', results, '--compliance', 'cis']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"cis" is not a framework with a mapping file (known: cis-aws-v3.0.0, cis-aws-v5.0.0, fsbp-v1.0.0, hipaa-security-rule, nist-800-53-r5, pci-dss-v4.0)');
  }, SLOW);

  it('escapes resource names in the CSV export and the HTML report', () => {
    const doc = JSON.parse(readFileSync(results, 'utf8')) as { resources: { name?: string }[] };
    const hostile = '=HYPERLINK("http://evil.example")<img src=x onerror=alert(1)>';
    const target = doc.resources.find((r) => r.name === 'nw-public-website')!;
    target.name = hostile;
    const edited = join(work, 'hostile.results.json');
    writeFileSync(edited, JSON.stringify(doc));
    const csvFile = join(work, 'out', 'cis.csv');
    const run = runCli(['report', '--results', edited, '--compliance', 'cis-aws-v5.0.0', '--compliance-csv', csvFile, '--format', 'html', '--out', join(work, 'out'), '-q']);
    expect(run.code, run.stderr).toBe(0);
    const csv = readFileSync(csvFile, 'utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"")<img src=x onerror=alert(1)>"`);
    expect(csv.split('\r\n')[0]).toBe('"framework","version","requirement","title","status","reason","rules","pass","fail","unknown","rule_id","resource","arn","account","region","suppressed","not_evidenced"');
    const html = readFileSync(join(work, 'out', 'report.html'), 'utf8');
    const section = html.slice(html.indexOf('<section id="compliance">'), html.indexOf('<section id="coverage">'));
    expect(section).toContain('<tr data-requirement="2.1.1" data-status="failed">');
    expect(section).toContain('=HYPERLINK(&quot;http://evil.example&quot;)&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img src=x');
  }, SLOW);

  it('scan --compliance runs the framework’s rules and adds the Compliance section to report.html', () => {
    const out = join(work, 'scan-compliance');
    const run = runCli(['scan', '--snapshot', DEMO, '--out', out, '--format', 'html', '--compliance', 'pci-dss-v4.0', '--fail-on', 'none', '-q']);
    expect(run.code, run.stderr).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<section id="compliance"><h2>Compliance</h2><h3>PCI DSS 4.0</h3>');
    expect(html).toContain('<tr data-requirement="3.2.1" data-status="not-evidenced">');
    expect(html).toContain('<tr data-requirement="4.2.1" data-status="failed">');
    const plain = runCli(['scan', '--snapshot', DEMO, '--out', join(work, 'scan-plain'), '--format', 'html', '--fail-on', 'none', '-q']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(readFileSync(join(work, 'scan-plain', 'report.html'), 'utf8')).not.toContain('<section id="compliance">');
  }, 2 * SLOW);
});
