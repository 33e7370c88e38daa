import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import type { Result, ScanResults } from '../../src/engine/result.js';
import { automationId, buildSarif, renderSarif, sarifInput, writeSarifInput, type SarifOptions } from '../../src/report/sarif.js';
import { pseudoPath } from '../../src/report/sarif-location.js';
import { HOSTILE, loadResults } from './fixtures.js';
import { codeScanningErrors, sarifSchemaErrors } from './sarif-schema.js';

/** The text writeSarifInput writes, and how many times it started the file. */
async function written(scan: ScanResults, options: SarifOptions): Promise<{ text: string; opens: number }> {
  let text = '';
  let opens = 0;
  await writeSarifInput(sarifInput(scan, options), options, async () => {
    opens++;
    text = '';
    return { write: (piece: string) => void (text += piece), flush: async () => undefined, close: async () => undefined };
  });
  return { text, opens };
}

function manyResults(n: number): ScanResults {
  const base = loadResults('small');
  const templates = base.findings;
  const results: Result[] = [];
  for (let i = 0; i < n; i++) {
    const t = templates[i % templates.length]!;
    results.push({ ...t, status: 'FAIL', arn: `${t.arn}-${i}`, fingerprint: i.toString(16).padStart(32, '0') });
  }
  return { ...base, findings: results };
}

describe('SARIF', () => {
  const small = loadResults('small');

  it('is valid SARIF 2.1.0 and meets code scanning upload rules, for every fixture', () => {
    for (const name of ['small', 'hostile', 'empty'] as const) {
      for (const includeUnknown of [false, true]) {
        const log = buildSarif(loadResults(name), { includeUnknown });
        expect(sarifSchemaErrors(log), name).toEqual([]);
        expect(codeScanningErrors(log), name).toEqual([]);
      }
    }
  });

  it('describes the tool and each rule the way GitHub code scanning reads them', () => {
    const run = buildSarif(small).runs[0];
    const driver = run.tool.driver;
    expect(driver).toMatchObject({ name: 'sealcheck', semanticVersion: '0.1.0', informationUri: 'https://github.com/sealcheck/sealcheck' });
    const tls = driver.rules.find((r) => r.id === 's3-bucket-tls-only')!;
    expect(tls.name).toBe('S3BucketTlsOnly');
    expect(tls.shortDescription.text).toBe('S3 buckets deny requests without TLS');
    expect(tls.help.markdown).toContain('Add a Deny statement');
    expect(tls.help.text).toContain('Remediation:');
    expect(tls.helpUri).toMatch(/^https:\/\//);
    expect(tls.properties.tags).toEqual(expect.arrayContaining(['security', 'encryption-in-transit', 'security-hub/S3.5', 'cis-aws-v3.0.0/2.1.1', 'aws-config/s3-bucket-ssl-requests-only']));
    expect(tls.properties['security-severity']).toBe('7.5');
    expect(tls.defaultConfiguration.level).toBe('error');
    const critical = driver.rules.find((r) => r.id === 'ebs-volume-encrypted')!;
    expect(Number(critical.properties['security-severity'])).toBeGreaterThan(9);
    expect(driver.rules.find((r) => r.id === 'kms-key-rotation-enabled')!.defaultConfiguration.level).toBe('warning');
  });

  it('has one result per FAIL, most severe first, each naming the resource with location and stable fingerprint', () => {
    const run = buildSarif(small).runs[0];
    const fails = small.findings.filter((r) => r.status === 'FAIL');
    expect(run.results).toHaveLength(fails.length);
    expect(run.results[0]!.ruleId).toBe('ebs-volume-encrypted');
    for (const r of run.results) {
      const source = small.findings.find((s) => s.arn === r.locations[0].logicalLocations[0]!.fullyQualifiedName)!;
      expect(r.message.text).toBe(source.message);
      expect(r.partialFingerprints.primaryLocationLineHash).toBe(source.fingerprint);
      expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
      expect(r.locations[0].physicalLocation.region.startLine).toBe(1);
    }
    const kms = run.results.find((r) => r.ruleId === 'kms-key-rotation-enabled')!;
    expect(kms.locations[0].physicalLocation.artifactLocation.uri).toBe('aws/111111111111/eu-west-1/KMS/Key/alias%2Fapp');
  });

  it('reports UNKNOWN as note only when asked', () => {
    expect(buildSarif(small).runs[0].results.some((r) => r.kind === 'open')).toBe(false);
    const unknown = buildSarif(small, { includeUnknown: true }).runs[0].results.filter((r) => r.kind === 'open');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]!.level).toBe('note');
  });

  it('carries suppressions, baseline state, automation id and collection errors', () => {
    const run = buildSarif(small).runs[0];
    const suppressed = run.results.find((r) => r.suppressions)!;
    expect(suppressed.suppressions![0]).toMatchObject({ kind: 'external', status: 'accepted' });
    expect(suppressed.suppressions![0]!.justification).toContain('Decommissioned in Q3');
    expect(suppressed.suppressions![0]!.justification).toContain('SEC-42');
    expect(run.results.find((r) => r.baselineState === 'new')!.ruleId).toBe('s3-bucket-tls-only');
    expect(run.automationDetails.id).toBe('sealcheck/111111111111+222222222222/2024-05-01T10:00:00.000Z');
    const inv = run.invocations[0]!;
    expect(inv.executionSuccessful).toBe(true);
    expect(inv.toolExecutionNotifications.some((n) => n.descriptor?.id === 'AccessDenied' && n.message.text.includes('s3:GetBucketPolicy'))).toBe(true);
    expect(inv.toolExecutionNotifications.some((n) => n.associatedRule?.id === 'ebs-volume-encrypted' && n.level === 'error')).toBe(true);
  });

  it('uses the locator when it knows the resource, the pseudo-path otherwise', () => {
    const run = buildSarif(small, { locate: (r) => (r.arn === 'arn:aws:s3:::logs-bucket' ? { uri: 'snapshots/prod.json', line: 7 } : undefined) }).runs[0];
    const logs = run.results.find((r) => r.locations[0].logicalLocations[0]!.fullyQualifiedName === 'arn:aws:s3:::logs-bucket')!;
    expect(logs.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'snapshots/prod.json' }, region: { startLine: 7 } });
    const other = run.results.find((r) => r.ruleId === 'ebs-volume-encrypted')!;
    expect(other.locations[0].physicalLocation.artifactLocation.uri).toBe('aws/111111111111/eu-west-1/EC2/Volume/vol-0123456789abcdef0');
  });

  it('keeps hostile names inside one encoded path segment and clips huge ones', () => {
    const hostile = loadResults('hostile');
    for (const r of hostile.findings) {
      const path = pseudoPath(r);
      expect(path.split('/')).toHaveLength(6);
      expect(path).not.toMatch(/[<>\s"]/);
      expect(path.length).toBeLessThan(1200);
    }
    const text = renderSarif(hostile);
    expect(text).not.toContain('x'.repeat(5000));
    const log = JSON.parse(text) as { runs: { results: { locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }[] }[] };
    expect(log.runs[0]!.results.map((r) => r.locations[0]!.logicalLocations[0]!.fullyQualifiedName)).toContain(`arn:aws:s3:::${HOSTILE.scriptBreak}`);
  });

  it('keeps only rules with valid http(s) help links', () => {
    const rule = buildSarif(loadResults('hostile')).runs[0].tool.driver.rules.find((r) => r.id === 's3-bucket-tls-only')!;
    expect(rule.helpUri).toMatch(/^https:/);
  });

  it('keeps within the result limit, most severe first, and says how many were left out', () => {
    const scan = manyResults(300);
    const log = buildSarif(scan, { maxResults: 100 });
    const run = log.runs[0];
    expect(run.results).toHaveLength(100);
    expect(run.results.every((r) => r.ruleId === 'ebs-volume-encrypted' || r.ruleId === 's3-bucket-tls-only')).toBe(true);
    expect(run.results[0]!.ruleId).toBe('ebs-volume-encrypted');
    const note = run.invocations[0]!.toolExecutionNotifications.find((n) => n.descriptor?.id === 'ResultsTruncated')!;
    expect(note.message.text).toContain('200 result(s) were left out');
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  it('keeps within the gzipped size limit', () => {
    const scan = manyResults(2000);
    const limit = 20_000;
    const text = renderSarif(scan, { maxGzipBytes: limit });
    expect(gzipSync(text).length).toBeLessThanOrEqual(limit);
    const log = JSON.parse(text) as ReturnType<typeof buildSarif>;
    expect(log.runs[0].results.length).toBeGreaterThan(0);
    expect(log.runs[0].results.length).toBeLessThan(2000);
    expect(log.runs[0].invocations[0]!.toolExecutionNotifications.some((n) => n.descriptor?.id === 'ResultsTruncated')).toBe(true);
  });

  it('names large account sets by count and hash, stable under reordering', () => {
    const accounts = Array.from({ length: 12 }, (_, i) => String(100000000000 + i));
    const a = automationId({ ...small, run: { ...small.run, snapshot: { ...small.run.snapshot, accounts } } });
    const b = automationId({ ...small, run: { ...small.run, snapshot: { ...small.run.snapshot, accounts: [...accounts].reverse() } } });
    expect(a).toBe(b);
    expect(a).toMatch(/^sealcheck\/12-accounts-[0-9a-f]{12}\//);
  });

  it('is deterministic: the same results give the same bytes', () => {
    const shuffled = { ...small, findings: [...small.findings].reverse() };
    expect(renderSarif(shuffled)).toBe(renderSarif(small));
  });

  it('writes the same bytes piece by piece as it renders whole, for every fixture', async () => {
    for (const name of ['small', 'hostile', 'empty'] as const) {
      const scan = loadResults(name);
      const { text, opens } = await written(scan, { includeUnknown: true });
      expect(opens, name).toBe(1);
      expect(text, name).toBe(renderSarif(scan, { includeUnknown: true }));
      // The pieces are joined as JSON.stringify would lay the whole log out.
      expect(text, name).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    }
  });

  it('writes the file again with fewer results when the pieces gzip above the limit', async () => {
    const scan = manyResults(2000);
    const limit = 20_000;
    const { text, opens } = await written(scan, { maxGzipBytes: limit });
    expect(opens).toBeGreaterThan(1);
    expect(gzipSync(text).length).toBeLessThanOrEqual(limit);
    const log = JSON.parse(text) as ReturnType<typeof buildSarif>;
    expect(log.runs[0].results.length).toBeGreaterThan(0);
    expect(log.runs[0].results.length).toBeLessThan(2000);
    expect(sarifSchemaErrors(log)).toEqual([]);
  });
});
