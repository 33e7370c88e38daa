import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asScanResults, verdictsOf } from '../../src/gate/results-file.js';
import { ROOT, runCli } from './run-cli.js';

/** Custom rules, rule selection and `rules list|show|test|validate`, run on the built CLI as a user would. */

const work = mkdtempSync(join(tmpdir(), 'sealcheck-rules-cli-'));
const DEMO = join(ROOT, 'fixtures/demo/demo-account.snapshot.json');

/** The worked example of docs/rule-language.md, written out as a rules folder: the docs' example is what is tested. */
function exampleFolder(name: string): string {
  const docs = readFileSync(join(ROOT, 'docs/rule-language.md'), 'utf8');
  const block = (kind: string) => {
    const m = new RegExp(`<!-- example: ${kind} -->\\n\`\`\`json\\n([\\s\\S]*?)\\n\`\`\``).exec(docs);
    if (!m?.[1]) throw new Error(`docs/rule-language.md has no "${kind}" example`);
    return m[1];
  };
  const dir = join(work, name);
  mkdirSync(join(dir, 's3'), { recursive: true });
  writeFileSync(join(dir, 's3', 's3-bucket-classified.json'), block('rule'));
  writeFileSync(join(dir, 's3', 's3-bucket-classified.cases.json'), block('cases'));
  return dir;
}

function resultsOf(dir: string) {
  const file = join(dir, 'results.json');
  return verdictsOf(asScanResults(JSON.parse(readFileSync(file, 'utf8')) as unknown, file));
}

describe('the worked example in docs/rule-language.md', () => {
  const dir = exampleFolder('example');

  it('validates and its cases pass', () => {
    const validate = runCli(['rules', 'validate', dir]);
    expect(validate.stderr).toBe('');
    expect(validate.stdout).toBe(`1 rules valid in ${dir}, each with a case file\n`);
    const test = runCli(['rules', 'test', dir]);
    expect(test.code).toBe(0);
    expect(test.stdout).toMatch(/^ok {4}s3-bucket-classified {2}a bucket without the tag fails: FAIL$/m);
    expect(test.stdout).toMatch(/1 rules, 5 cases: 5 as expected, 0 not\n$/);
  });

  it('adds to the bundled catalogue in a scan: the custom rule judges the demo buckets beside the bundled rules', () => {
    const out = join(work, 'scan-example');
    const run = runCli(['scan', '--snapshot', DEMO, '--rules', dir, '--out', out, '--format', 'json', '--fail-on', 'none', '-q']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const results = resultsOf(out);
    const custom = results.filter((r) => r.ruleId === 's3-bucket-classified');
    const demoBuckets = JSON.parse(readFileSync(DEMO, 'utf8')).resources.filter((r: { resourceType: string }) => r.resourceType === 'AWS::S3::Bucket');
    expect(custom).toHaveLength(demoBuckets.length);
    expect(results.some((r) => r.ruleId === 's3-bucket-tls-only')).toBe(true);
  });

  it('a case that does not come out as expected exits 1 and says which and what came instead', () => {
    const broken = exampleFolder('broken');
    const file = join(broken, 's3', 's3-bucket-classified.cases.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"name": "a bucket without the tag fails", "expect": "FAIL"', '"name": "a bucket without the tag fails", "expect": "PASS"'));
    const test = runCli(['rules', 'test', broken]);
    expect(test.code).toBe(1);
    expect(test.stdout).toMatch(/^FAIL {2}s3-bucket-classified {2}a bucket without the tag fails: expected PASS, got FAIL$/m);
    expect(test.stdout).toMatch(/5 cases: 4 as expected, 1 not/);
    const json = runCli(['rules', 'test', broken, '--format', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ rules: 1, cases: 5, failed: 1 });
  });

  it('a custom rule with a bundled id is an error naming both files', () => {
    const clash = join(work, 'clash', 's3');
    mkdirSync(clash, { recursive: true });
    writeFileSync(join(clash, 's3-bucket-tls-only.json'), readFileSync(join(ROOT, 'rules/s3/s3-bucket-tls-only.json'), 'utf8'));
    const run = runCli(['scan', '--snapshot', DEMO, '--rules', join(work, 'clash'), '--out', join(work, 'clash-out')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/clash\/s3\/s3-bucket-tls-only\.json: \/id: "s3-bucket-tls-only" is already defined in rules\/s3\/s3-bucket-tls-only\.json/);
  });

  it('--no-bundled-rules runs only the custom folder', () => {
    const out = join(work, 'only-custom');
    const run = runCli(['scan', '--snapshot', DEMO, '--rules', dir, '--no-bundled-rules', '--out', out, '--format', 'json', '--fail-on', 'none', '-q']);
    expect(run.code).toBe(0);
    expect([...new Set(resultsOf(out).map((r) => r.ruleId))]).toEqual(['s3-bucket-classified']);
  });

  it('validate refuses a rule without its case file', () => {
    const lonely = join(work, 'lonely', 's3');
    mkdirSync(lonely, { recursive: true });
    writeFileSync(join(lonely, 's3-bucket-classified.json'), readFileSync(join(dir, 's3', 's3-bucket-classified.json'), 'utf8'));
    const run = runCli(['rules', 'validate', join(work, 'lonely')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/s3-bucket-classified\.cases\.json: missing: every rule has a case file beside it/);
  });
});

describe('rule selection from the command line', () => {
  it('rules list applies the same filters as scan, in JSON', () => {
    const run = runCli(['rules', 'list', '--rules-include', 's3-*', '--severity', 'critical', '--format', 'json']);
    const ids = (JSON.parse(run.stdout) as { id: string; severity: string }[]).map((r) => r.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => id.startsWith('s3-'))).toBe(true);
    const all = JSON.parse(runCli(['rules', 'list', '--json']).stdout) as { id: string; severity: string }[];
    expect(ids).toEqual(all.filter((r) => r.id.startsWith('s3-') && r.severity === 'critical').map((r) => r.id));
  });

  it('--compliance keeps only rules citing the framework, in scan and in rules list alike', () => {
    const listed = (JSON.parse(runCli(['rules', 'list', '--compliance', 'security-hub:S3.5', '--json']).stdout) as { id: string }[]).map((r) => r.id);
    expect(listed).toContain('s3-bucket-tls-only');
    const out = join(work, 'compliance');
    const run = runCli(['scan', '--snapshot', DEMO, '--compliance', 'security-hub:S3.5', '--out', out, '--format', 'json', '--fail-on', 'none', '-q']);
    expect(run.code).toBe(0);
    expect([...new Set(resultsOf(out).map((r) => r.ruleId))].sort()).toEqual([...listed].sort());
  });

  it('--services and --regions narrow what a snapshot scan evaluates', () => {
    const out = join(work, 'scoped');
    const run = runCli(['scan', '--snapshot', DEMO, '--services', 's3,firehose', '--regions', 'us-east-1', '--out', out, '--format', 'json', '--fail-on', 'none', '-q']);
    expect(run.code).toBe(0);
    const results = resultsOf(out);
    // The us-east-1 bucket, the us-east-1 delivery stream (a type whose service name differs from its namespace), and S3's global resources: the account-wide setting and the Multi-Region Access Points.
    expect([...new Set(results.map((r) => `${r.resourceType} ${r.region}`))].sort()).toEqual([
      'AWS::KinesisFirehose::DeliveryStream us-east-1',
      'AWS::S3::AccountPublicAccessBlock global',
      'AWS::S3::Bucket us-east-1',
      'AWS::S3::MultiRegionAccessPoint global',
    ]);
  });

  it.each([
    [['--profile', 'audit'], /--profile: applies to live collection, not to --snapshot/],
    [['--regions', 'ap-south-1'], /--regions ap-south-1: the snapshot holds no such region \(it has: eu-west-1, us-east-1\)/],
    [['--services', 'nosuch'], /--services: unknown service "nosuch"/],
    [['--compliance', 'constructor'], /--compliance: unknown framework "constructor"/],
  ])('%j with a snapshot is a usage error, not a no-op', (args, message) => {
    const run = runCli(['scan', '--snapshot', DEMO, ...args, '--out', join(work, 'refused')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('rules show gives the rule in full with its cases', () => {
    const run = runCli(['rules', 'show', 's3-bucket-tls-only']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^s3-bucket-tls-only {2}medium {2}encryption-in-transit$/m);
    expect(run.stdout).toMatch(/references: {5}s3-bucket-ssl-requests-only, SH S3\.5/);
    expect(run.stdout).toMatch(/^cases \(\d+\):$/m);
    expect(run.stdout).toMatch(/^why medium: Clients may read and write objects over plain HTTP\. \(plaintext-in-transit\)$/m);
    expect(run.stdout).toContain('\nAWS CLI:\n  aws s3api put-bucket-policy --bucket <bucket> ');
    expect(run.stdout).toContain('\nCloudFormation:\n  Type: AWS::S3::BucketPolicy\n  Properties:\n');
    // s3-bucket-tls-only gained a Terraform snippet; it sits between the CLI and CloudFormation forms.
    expect(run.stdout).toMatch(/\nAWS CLI:\n[^]*\nTerraform:\n  resource "aws_s3_bucket_policy" "this" \{\n[^]*\nCloudFormation:\n/);
    const md = runCli(['rules', 'show', 's3-bucket-tls-only', '--format', 'markdown']).stdout;
    expect(md).toContain('\nCloudFormation:\n\n```yaml\nType: AWS::S3::BucketPolicy\n');
    expect(runCli(['rules', 'show', 'no-such-rule']).stderr).toMatch(/no rule "no-such-rule"/);
  });

  it('rules show gives the reason a snippet form is missing, in the form\'s place', () => {
    const run = runCli(['rules', 'show', 'docdb-snapshot-not-public']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('\nAWS CLI:\n  aws docdb modify-db-cluster-snapshot-attribute ');
    expect(run.stdout).toContain('\nTerraform: none. The Terraform AWS provider has no setting for a DocumentDB cluster snapshot\'s restore attribute.\n');
    expect(run.stdout).toMatch(/\nTerraform: none\. [^\n]+\n\nCloudFormation: none\. CloudFormation has no DocumentDB snapshot resource/);
    const md = runCli(['rules', 'show', 'docdb-snapshot-not-public', '--format', 'markdown']).stdout;
    expect(md).toContain("\nTerraform: none. The Terraform AWS provider has no setting for a DocumentDB cluster snapshot\\'s restore attribute\\.\n");
  });
});
