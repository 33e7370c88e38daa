import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asScanResults } from '../../src/gate/results-file.js';
import { writeResultsJson } from '../../src/report/results-json-stream.js';
import { describe, expect, it } from 'vitest';
import type { ScanResults } from '../../src/engine/result.js';
import { diffResults, diffToHtml, diffToJson } from '../../src/gate/diff.js';
import { fingerprintOf } from '../../src/engine/fingerprint.js';

const small = (): ScanResults => asScanResults(JSON.parse(readFileSync('fixtures/gate/small.results.json', 'utf8')), 'fixtures/gate/small.results.json');

function changedRun(): ScanResults {
  const run = small();
  const find = (id: string) => run.findings.find((r) => r.ruleId === id)!;
  find('s3-bucket-tls-only').status = 'PASS'; // fixed, now passes
  run.findings = run.findings.filter((r) => r.ruleId !== 'sns-topic-encrypted'); // fixed, no longer evaluated
  find('kms-key-rotation-enabled').severity = 'high'; // changed severity
  const arn = 'arn:aws:s3:::<script>alert(1)</script>';
  run.findings.push({ ...find('s3-bucket-public-read'), arn, message: 'Bucket <b>x</b> & co', fingerprint: fingerprintOf('s3-bucket-public-read', arn) });
  return run;
}

describe('diffResults', () => {
  it('sorts findings into new, fixed, changed and unchanged with counts by severity', () => {
    const d = diffResults(small(), changedRun(), { old: 'a.json', new: 'b.json' });
    expect(d.findings.new.map((f) => f.arn)).toEqual(['arn:aws:s3:::<script>alert(1)</script>']);
    expect(d.findings.fixed.map((f) => [f.ruleId, f.now])).toEqual([
      ['s3-bucket-tls-only', 'pass'],
      ['sns-topic-encrypted', 'not-evaluated'],
    ]);
    expect(d.findings.changed).toEqual([expect.objectContaining({ ruleId: 'kms-key-rotation-enabled', severity: 'high', from: { severity: 'medium', status: 'FAIL' } })]);
    expect(d.counts.new).toEqual({ critical: 1, high: 0, medium: 0, low: 0, info: 0 });
    expect(d.counts.unchanged).toEqual({ critical: 1, high: 1, medium: 0, low: 1, info: 0 });
  });

  it('writes identical JSON whatever the input order', () => {
    const a = changedRun();
    const b = changedRun();
    b.findings.reverse();
    expect(diffToJson(diffResults(small(), a, { old: 'a', new: 'b' }))).toBe(diffToJson(diffResults(small(), b, { old: 'a', new: 'b' })));
  });

  it('escapes every value in the HTML page, which loads nothing from outside', () => {
    const html = diffToHtml(diffResults(small(), changedRun(), { old: 'a"<x>.json', new: 'b.json' }));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Bucket &lt;b&gt;x&lt;/b&gt; &amp; co');
    expect(html).toContain('a&quot;&lt;x&gt;.json');
    expect(html).not.toMatch(/\b(src|href)=/);
  });

  it('runs as `sealcheck diff --format json` across a version 1 and a version 2 file, and rejects a non-results file with exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealcheck-diff-'));
    await writeResultsJson(join(dir, 'new.json'), changedRun());
    const ok = spawnSync(process.execPath, ['bin/sealcheck.js', 'diff', 'fixtures/gate/small.results.json', join(dir, 'new.json'), '--format', 'json'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ format: 'sealcheck-diff', counts: { new: { critical: 1 } } });
    const bad = spawnSync(process.execPath, ['bin/sealcheck.js', 'diff', 'fixtures/gate/suppressions-bad.json', join(dir, 'new.json')], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('fixtures/gate/suppressions-bad.json: /format: not a sealcheck results file');
  });
});
