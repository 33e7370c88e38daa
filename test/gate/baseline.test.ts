import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asScanResults } from '../../src/gate/results-file.js';
import { describe, expect, it } from 'vitest';
import type { ScanResults } from '../../src/engine/result.js';
import { BaselineMatcher, applyBaseline, baselineFromResults, createBaselineFile, loadBaseline, parseBaseline } from '../../src/gate/baseline.js';
import { fingerprintOf } from '../../src/engine/fingerprint.js';
import { decideExit } from '../../src/gate/threshold.js';
import { writeResultsJson } from '../../src/report/results-json-stream.js';

const small = (): ScanResults => asScanResults(JSON.parse(readFileSync('fixtures/gate/small.results.json', 'utf8')), 'fixtures/gate/small.results.json');
const LOGS_BUCKET_TLS = '15f062b9c588a03157e3908c13c72c13';
const gate = { failOn: 'high' as const, failOnUnknown: false, strict: false };

describe('fingerprintOf', () => {
  it('is 32 hex chars of sha256(ruleId \\n arn), independent of anything else', () => {
    // Expected values from outside the code: printf '<rule id>\n<arn>' | sha256sum | cut -c1-32
    expect(fingerprintOf('s3-bucket-tls-only', 'arn:aws:s3:::logs-bucket')).toBe(LOGS_BUCKET_TLS);
    // Moving a character across the separator gives another fingerprint: the separator is hashed.
    expect(fingerprintOf('s3-bucket-tls-onl', 'yarn:aws:s3:::logs-bucket')).toBe('fa7148ea1fb2f8a3702643cb3d1040f5');
    expect(small().findings[0]!.fingerprint).toBe(LOGS_BUCKET_TLS);
  });
});

describe('applyBaseline', () => {
  it('marks every finding unchanged against the same run, so the gate passes', async () => {
    const baseline = await loadBaseline('fixtures/gate/small.results.json');
    expect(baseline.kind).toBe('results');
    expect(baseline.findings.size).toBe(6);
    const { results, absent, counts } = await applyBaseline(small().findings, baseline);
    expect(counts).toEqual({ new: 0, unchanged: 6, updated: 0, absent: 0 });
    expect(absent).toEqual([]);
    expect(results.filter((r) => r.status === 'PASS').every((r) => r.baselineState === undefined)).toBe(true);
    expect(decideExit({ findings: results, run: small().run }, { ...gate, failOn: 'info' }).exitCode).toBe(0);
  });

  it('ignores message wording and lowered severity, marks raised severity and UNKNOWN→FAIL as updated', async () => {
    const baseline = baselineFromResults(small(), 'prev.json');
    const now = small();
    const byRule = (id: string) => now.findings.find((r) => r.ruleId === id)!;
    byRule('s3-bucket-tls-only').message = 'Reworded message';
    byRule('s3-bucket-public-read').severity = 'high';
    byRule('kms-key-rotation-enabled').severity = 'critical';
    byRule('ebs-volume-encrypted').status = 'FAIL';
    const { results, counts } = await applyBaseline(now.findings, baseline);
    const state = (id: string) => results.find((r) => r.ruleId === id)!.baselineState;
    expect(state('s3-bucket-tls-only')).toBe('unchanged');
    expect(state('s3-bucket-public-read')).toBe('unchanged');
    expect(state('kms-key-rotation-enabled')).toBe('updated');
    expect(state('ebs-volume-encrypted')).toBe('updated');
    expect(counts).toEqual({ new: 0, unchanged: 4, updated: 2, absent: 0 });
    const d = decideExit({ findings: results, run: now.run }, gate);
    expect(d.exitCode).toBe(1);
    expect(d.counted.failing).toMatchObject({ critical: 1, high: 1 });
  });

  it('marks a finding not in the baseline new, and a fixed one absent', async () => {
    const baseline = baselineFromResults(small(), 'prev.json');
    const now = small();
    const tls = now.findings.find((r) => r.ruleId === 's3-bucket-tls-only' && r.status === 'FAIL')!;
    tls.status = 'PASS';
    const added = { ...tls, status: 'FAIL' as const, arn: 'arn:aws:s3:::new-bucket', resourceId: 'new-bucket', fingerprint: fingerprintOf(tls.ruleId, 'arn:aws:s3:::new-bucket') };
    now.findings.push(added);
    const { results, absent, counts } = await applyBaseline(now.findings, baseline);
    expect(results.filter((r) => r.baselineState === 'new').map((r) => r.arn)).toEqual(['arn:aws:s3:::new-bucket']);
    expect(absent).toEqual([expect.objectContaining({ ruleId: 's3-bucket-tls-only', arn: 'arn:aws:s3:::logs-bucket', baselineState: 'absent' })]);
    expect(counts).toMatchObject({ new: 1, absent: 1 });
    expect(decideExit({ findings: results, run: now.run }, gate).counted.failing.high).toBe(1);
  });

  it('leaves suppressed findings out of a baseline so the suppression expiry still applies', () => {
    const prev = small();
    prev.findings[2]!.suppression = { reason: 'accepted', expires: '2099-01-01' };
    expect(baselineFromResults(prev, 'prev.json').findings.has(prev.findings[2]!.fingerprint)).toBe(false);
  });
});

describe('baseline sources', () => {
  it('reads a SARIF log by rule id and logical location, skipping passes, absent and suppressed results', () => {
    const sarif = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'sealcheck' } },
          results: [
            { ruleId: 's3-bucket-tls-only', level: 'error', message: { text: 'no TLS' }, properties: { severity: 'high' }, locations: [{ logicalLocations: [{ fullyQualifiedName: 'arn:aws:s3:::logs-bucket' }] }] },
            { ruleId: 's3-bucket-tls-only', kind: 'pass', message: { text: 'ok' }, locations: [{ logicalLocations: [{ fullyQualifiedName: 'arn:aws:s3:::data-bucket' }] }] },
            { ruleId: 'x', baselineState: 'absent', message: { text: 'gone' }, locations: [{ logicalLocations: [{ fullyQualifiedName: 'arn:1' }] }] },
            { ruleId: 'y', message: { text: 's' }, suppressions: [{ kind: 'external', status: 'accepted' }], locations: [{ logicalLocations: [{ fullyQualifiedName: 'arn:2' }] }] },
            { ruleId: 'ebs-volume-encrypted', kind: 'review', message: { text: '?' }, partialFingerprints: { primaryLocationLineHash: 'abcdef0123456789abcdef0123456789' } },
          ],
        },
      ],
    };
    const b = parseBaseline(sarif, 'prev.sarif');
    expect(b.kind).toBe('sarif');
    expect([...b.findings.values()]).toEqual([
      { fingerprint: LOGS_BUCKET_TLS, ruleId: 's3-bucket-tls-only', arn: 'arn:aws:s3:::logs-bucket', status: 'FAIL', severity: 'high', message: 'no TLS' },
      { fingerprint: 'abcdef0123456789abcdef0123456789', ruleId: 'ebs-volume-encrypted', arn: '', status: 'UNKNOWN', message: '?' },
    ]);
  });

  it('round-trips a created baseline file, sorted for review', async () => {
    const file = createBaselineFile(small(), { now: new Date('2025-06-02T00:00:00Z'), source: 'results.json' });
    expect(file).toMatchObject({ format: 'sealcheck-baseline', version: 1, createdAt: '2025-06-02T00:00:00.000Z', source: 'results.json' });
    expect(file.findings.map((f) => f.ruleId)).toEqual([
      'ebs-volume-encrypted',
      'kms-key-rotation-enabled',
      's3-bucket-public-read',
      's3-bucket-tls-only',
      'sns-topic-encrypted',
      'sqs-queue-encrypted',
    ]);
    const b = parseBaseline(JSON.parse(JSON.stringify(file)), 'baseline.json');
    expect(b.kind).toBe('baseline');
    expect((await applyBaseline(small().findings, b)).counts).toEqual({ new: 0, unchanged: 6, updated: 0, absent: 0 });
  });

  it('rejects other files with the file and place', async () => {
    expect(() => parseBaseline({ hello: 1 }, 'x.json')).toThrow(/^x\.json: \/: not a baseline/);
    expect(() => parseBaseline({ format: 'sealcheck-baseline', version: 1, createdAt: 'yesterday', findings: [] }, 'b.json')).toThrow(/^b\.json: \/createdAt: must match format "date-time"/);
    expect(() => parseBaseline({ version: '2.1.0', runs: [{ results: [{ message: { text: 'x' } }] }] }, 's.sarif')).toThrow('s.sarif: /runs/0/results/0/ruleId: missing');
    await expect(loadBaseline('fixtures/gate/does-not-exist.json')).rejects.toThrow('fixtures/gate/does-not-exist.json: cannot read (ENOENT)');
  });
});

describe('a large baseline, read as a stream', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sealcheck-baseline-stream-'));
  const created = () => createBaselineFile(small(), { now: new Date('2025-06-02T00:00:00Z'), source: 'results.json' });

  it('holds the same findings as a whole read, for a baseline file and for a results.json', async () => {
    const file = join(dir, 'baseline.json');
    writeFileSync(file, JSON.stringify(created(), null, 2));
    const streamed = await loadBaseline(file, 0);
    expect(streamed.kind).toBe('baseline');
    const whole = await loadBaseline(file);
    const verdict = (f: { status: string; severity?: string }) => ({ status: f.status, severity: f.severity });
    expect([...streamed.findings].map(([fp, f]) => [fp, verdict(f)])).toEqual([...whole.findings].map(([fp, f]) => [fp, verdict(f)]));
    const all = new Set(whole.findings.keys());
    expect(await streamed.details(all)).toEqual(await whole.details(all));
    const matcher = new BaselineMatcher(streamed);
    for (const r of small().findings) matcher.stateOf(r);
    expect(matcher.counts()).toEqual({ new: 0, unchanged: 6, updated: 0, absent: 0 });
    const results = await loadBaseline('fixtures/gate/small.results.json', 0);
    expect(results.kind).toBe('results');
    expect(results.findings.size).toBe(6);
  });

  it('keeps only verdicts while the scan runs, and reads the fixed findings whole from the file at the end', async () => {
    const file = join(dir, 'compact.json');
    writeFileSync(file, JSON.stringify(created(), null, 2));
    const streamed = await loadBaseline(file, 0);
    const first = [...streamed.findings.values()][0]!;
    expect(Object.keys(first).sort()).toEqual(['severity', 'status']);
    const matcher = new BaselineMatcher(streamed);
    const [fixed, ...rest] = small().findings;
    for (const r of rest) matcher.stateOf(r);
    const absent = await matcher.absent();
    expect(absent.map((f) => [f.ruleId, f.arn, f.message, f.baselineState])).toEqual([[fixed!.ruleId, fixed!.arn, fixed!.message, 'absent']]);
  });

  it('a version 2 results.json: the same verdicts and fixed findings as a whole read, suppressed ones left out', async () => {
    const file = join(dir, 'v2.results.json');
    const scan = small();
    const [suppressed] = scan.findings;
    suppressed!.suppression = { reason: 'accepted', expires: '2099-01-01' };
    await writeResultsJson(file, scan);
    const whole = await loadBaseline(file);
    const streamed = await loadBaseline(file, 0);
    expect(streamed.kind).toBe('results');
    expect(streamed.findings.size).toBe(5);
    const verdict = (f: { status: string; severity?: string }) => ({ status: f.status, severity: f.severity });
    expect([...streamed.findings].map(([fp, f]) => [fp, verdict(f)]).sort()).toEqual([...whole.findings].map(([fp, f]) => [fp, verdict(f)]).sort());
    expect(streamed.findings.has(suppressed!.fingerprint)).toBe(false);
    const all = new Set(whole.findings.keys());
    expect(await streamed.details(all)).toEqual(await whole.details(all));
    const matcher = new BaselineMatcher(streamed);
    const [, fixed, ...rest] = scan.findings;
    for (const r of rest) matcher.stateOf(r);
    expect((await matcher.absent()).map((f) => [f.ruleId, f.arn, f.message])).toEqual([[fixed!.ruleId, fixed!.arn, fixed!.message]]);
  });

  it('a version 2 results.json: an index outside its table is an error naming the finding', async () => {
    const file = join(dir, 'v2-bad-index.results.json');
    await writeResultsJson(file, small());
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { findings: { resource: number }[] };
    doc.findings[3]!.resource = 999;
    writeFileSync(file, JSON.stringify(doc));
    await expect(loadBaseline(file, 0)).rejects.toThrow(`${file}: /findings/3/resource: no resource 999 in the resources table`);
    const bad = { ...doc, findings: [{ ...doc.findings[0], status: 'MAYBE' }] };
    writeFileSync(file, JSON.stringify(bad));
    await expect(loadBaseline(file, 0)).rejects.toMatchObject({ message: `${file}: /findings/0/status: must be one of ["PASS","FAIL","UNKNOWN","ERROR"]` });
  });

  it('a version 2 results.json whose format does not come first is read whole, with the same verdicts', async () => {
    const file = join(dir, 'v2-late-format.results.json');
    await writeResultsJson(file, small());
    const { format, ...rest } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...rest, format }));
    const streamed = await loadBaseline(file, 0);
    expect(streamed.findings.size).toBe(6);
    expect([...streamed.findings.keys()].sort()).toEqual(small().findings.map((f) => f.fingerprint).sort());
  });

  it('refuses to list fixed findings from a baseline that changed while the scan ran', async () => {
    const file = join(dir, 'changed.json');
    writeFileSync(file, JSON.stringify(created(), null, 2));
    const streamed = await loadBaseline(file, 0);
    writeFileSync(file, JSON.stringify({ ...created(), findings: [] }));
    await expect(streamed.details(new Set(streamed.findings.keys()))).rejects.toThrow(`${file}: the baseline changed while the scan ran`);
  });

  it('names the finding that breaks the schema, and the document fields it checks after', async () => {
    const bad = created();
    (bad.findings[1] as { status: string }).status = 'PASS';
    const file = join(dir, 'bad-finding.json');
    writeFileSync(file, JSON.stringify(bad));
    await expect(loadBaseline(file, 0)).rejects.toMatchObject({ message: `${file}: /findings/1/status: must be one of ["FAIL","UNKNOWN","ERROR"]` });
    const late = join(dir, 'bad-date.json');
    writeFileSync(late, JSON.stringify({ ...created(), createdAt: 'yesterday' }));
    await expect(loadBaseline(late, 0)).rejects.toThrow(`${late}: /createdAt: must match format "date-time"`);
  });
});
