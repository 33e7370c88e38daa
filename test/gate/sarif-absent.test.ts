import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanResults } from '../../src/engine/result.js';
import type { AbsentFinding } from '../../src/gate/baseline.js';
import { buildSarif, type SarifLog } from '../../src/report/sarif.js';
import { runCli } from '../cli/run-cli.js';
import { loadResults } from '../report/fixtures.js';
import { codeScanningErrors, sarifSchemaErrors } from '../report/sarif-schema.js';

const ABSENT: AbsentFinding[] = [
  {
    fingerprint: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    ruleId: 's3-bucket-tls-only',
    arn: 'arn:aws:s3:::fixed-bucket',
    status: 'FAIL',
    severity: 'medium',
    message: 'Bucket fixed-bucket accepts requests without TLS',
    baselineState: 'absent',
  },
  // A rule this run did not load, and an ARN with characters a path must not carry through.
  { fingerprint: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', ruleId: 'sqs-retired-rule', arn: 'arn:aws:sqs:eu-west-1:111122223333:../../etc/passwd?x#y', status: 'UNKNOWN', baselineState: 'absent' },
];

function withAbsent(scan: ScanResults, absent: AbsentFinding[]): ScanResults {
  const baseline = { file: 'prev.findings.json', kind: 'results', counts: { new: 0, unchanged: 0, updated: 0, absent: absent.length }, absent };
  return { ...scan, run: { ...scan.run, baseline } as ScanResults['run'] };
}

describe('SARIF: baseline findings fixed since (baselineState absent)', () => {
  it('reports each as a level none, kind pass result after the findings, valid for SARIF and code scanning', () => {
    const small = loadResults('small');
    const log = buildSarif(withAbsent(small, ABSENT));
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(codeScanningErrors(log)).toEqual([]);
    const run = log.runs[0];
    const fails = small.findings.filter((r) => r.status === 'FAIL').length;
    expect(run.results).toHaveLength(fails + 2);
    expect(run.results.slice(0, fails).every((r) => r.baselineState !== 'absent')).toBe(true);
    const [fixed, retired] = run.results.slice(fails);
    expect(fixed).toMatchObject({
      ruleId: 's3-bucket-tls-only',
      level: 'none',
      kind: 'pass',
      baselineState: 'absent',
      message: { text: 'Fixed since the baseline (or the resource is no longer scanned): was "Bucket fixed-bucket accepts requests without TLS"' },
      fingerprints: { 'sealcheck/v1': ABSENT[0]!.fingerprint },
      properties: { baselineStatus: 'FAIL', severity: 'medium' },
    });
    // Its own partial fingerprint, so the finding's code-scanning alert can close.
    expect(fixed!.partialFingerprints.primaryLocationLineHash).not.toBe(ABSENT[0]!.fingerprint);
    expect(fixed!.locations[0].logicalLocations[0]!.fullyQualifiedName).toBe('arn:aws:s3:::fixed-bucket');
    // The unknown rule gets a descriptor so its index resolves; the hostile ARN stays one encoded segment.
    expect(run.tool.driver.rules[retired!.ruleIndex]!.id).toBe('sqs-retired-rule');
    const uri = retired!.locations[0].physicalLocation.artifactLocation.uri;
    expect(uri.startsWith('aws/111122223333/eu-west-1/sqs/')).toBe(true);
    expect(uri.split('/')).toHaveLength(5);
    expect(retired!.message.text).toBe('Fixed since the baseline (or the resource is no longer scanned)');
  });

  it('leaves them out with includeAbsent: false, and drops them first when the file must shrink', () => {
    const small = loadResults('small');
    const fails = small.findings.filter((r) => r.status === 'FAIL').length;
    expect(buildSarif(withAbsent(small, ABSENT), { includeAbsent: false }).runs[0].results).toHaveLength(fails);
    const capped = buildSarif(withAbsent(small, ABSENT), { maxResults: fails + 1 }).runs[0];
    expect(capped.results.filter((r) => r.baselineState === 'absent').map((r) => r.ruleId)).toEqual(['s3-bucket-tls-only']);
    expect(capped.invocations[0]!.toolExecutionNotifications.some((n) => n.descriptor?.id === 'ResultsTruncated')).toBe(true);
  });

  it('end to end: a finding fixed since the baseline is absent in results.json and in results.sarif', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealcheck-absent-'));
    // Baseline: the demo with one bucket broken. Current run: the demo as it is, so that finding is fixed.
    const demo = JSON.parse(readFileSync('fixtures/demo/demo-account.snapshot.json', 'utf8')) as { resources: { arn: string; properties: { publicAccessBlock: { blockPublicAcls: boolean } } }[] };
    demo.resources.find((r) => r.arn === 'arn:aws:s3:::nw-analytics-staging')!.properties.publicAccessBlock.blockPublicAcls = false;
    writeFileSync(join(dir, 'broken.json'), JSON.stringify(demo));
    expect(runCli(['scan', '--snapshot', join(dir, 'broken.json'), '--out', join(dir, 'before'), '--format', 'json', '-q']).code).toBe(1);
    const r = runCli(['scan', '--snapshot', 'fixtures/demo/demo-account.snapshot.json', '--out', join(dir, 'after'), '--format', 'json,sarif', '--baseline', join(dir, 'before', 'results.json'), '-q']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const results = JSON.parse(readFileSync(join(dir, 'after', 'results.json'), 'utf8')) as { run: { baseline: { absent: AbsentFinding[] } } };
    expect(results.run.baseline.absent.map((f) => [f.ruleId, f.arn])).toEqual([['s3-bucket-public-access-block', 'arn:aws:s3:::nw-analytics-staging']]);
    const sarif = JSON.parse(readFileSync(join(dir, 'after', 'results.sarif'), 'utf8')) as SarifLog;
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    const absent = sarif.runs[0].results.filter((x) => x.baselineState === 'absent');
    expect(absent.map((x) => [x.ruleId, x.locations[0].logicalLocations[0]!.fullyQualifiedName, x.level])).toEqual([['s3-bucket-public-access-block', 'arn:aws:s3:::nw-analytics-staging', 'none']]);
    expect(sarif.runs[0].results.filter((x) => x.baselineState !== 'absent').every((x) => x.baselineState === 'unchanged')).toBe(true);
  });
});
