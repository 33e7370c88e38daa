import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanOutputs, writeReports } from '../../src/report/write.js';
import type { SarifLog } from '../../src/report/sarif.js';
import { loadResults, resultsFixture } from './fixtures.js';
import { codeScanningErrors, sarifSchemaErrors } from './sarif-schema.js';

describe('writeReports', () => {
  it('writes the four files and leaves no temporary file behind', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sealcheck-write-'));
    const written = await writeReports(loadResults('small'), { formats: ['json', 'sarif', 'html', 'junit', 'console'], outDir: join(out, 'nested') });
    expect(written.map((w) => w.format)).toEqual(['json', 'sarif', 'html', 'junit']);
    expect(readdirSync(join(out, 'nested')).sort()).toEqual(['junit.xml', 'report.html', 'results.json', 'results.sarif']);
  });

  it('writes only what is asked', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sealcheck-write-'));
    await writeReports(loadResults('small'), { formats: ['sarif'], outDir: out });
    expect(readdirSync(out)).toEqual(['results.sarif']);
  });

  it('points SARIF results at snapshot lines when the snapshot is in the repository, and reads tags for HTML', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'sealcheck-repo-'));
    mkdirSync(join(repo, '.git'));
    mkdirSync(join(repo, 'snap shots'));
    const snapshot = join(repo, 'snap shots', 'prod.json');
    copyFileSync(resultsFixture('small.snapshot.json'), snapshot);
    const out = join(repo, 'reports');
    await writeReports(loadResults('small'), { formats: ['sarif', 'html'], outDir: out, snapshotFile: snapshot, repoRoot: repo, includeUnknownInSarif: true });
    const log = JSON.parse(readFileSync(join(out, 'results.sarif'), 'utf8')) as SarifLog;
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(codeScanningErrors(log)).toEqual([]);
    const logs = log.runs[0].results.find((r) => r.locations[0].logicalLocations[0]!.fullyQualifiedName === 'arn:aws:s3:::logs-bucket')!;
    expect(logs.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'snap%20shots/prod.json' }, region: { startLine: 2 } });
    expect(log.runs[0].results.some((r) => r.kind === 'open')).toBe(true);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('"team":"platform"');
  });

  it('falls back to pseudo-paths when the snapshot is outside the repository', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'sealcheck-repo-'));
    const out = mkdtempSync(join(tmpdir(), 'sealcheck-out-'));
    await writeReports(loadResults('small'), { formats: ['sarif'], outDir: out, snapshotFile: resultsFixture('small.snapshot.json'), repoRoot: repo });
    const log = JSON.parse(readFileSync(join(out, 'results.sarif'), 'utf8')) as SarifLog;
    expect(log.runs[0].results.every((r) => r.locations[0].physicalLocation.artifactLocation.uri.startsWith('aws/'))).toBe(true);
  });

  it('still writes reports when the snapshot file is missing', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sealcheck-out-'));
    await writeReports(loadResults('small'), { formats: ['sarif', 'html'], outDir: out, snapshotFile: join(out, 'missing.json.gz') });
    expect(readdirSync(out).sort()).toEqual(['report.html', 'results.sarif']);
  });

  it('takes HTML tags from the resources a scan hands over with its findings, not from the snapshot', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sealcheck-out-'));
    const small = loadResults('small');
    // The snapshot named is missing: tags can only have come with the findings.
    const outputs = await ScanOutputs.open({ formats: ['html'], outDir: out, rules: small.rules, snapshotFile: join(out, 'missing.json') });
    for (const r of small.findings) outputs.add({ ...r }, { tags: { team: `scan-${r.resourceId}` } });
    await outputs.finish(small);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    for (const r of small.findings) expect(html).toContain(`"team":"scan-${r.resourceId}"`);
  });
});
