import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReport } from '../../src/cli/commands/report.js';
import { InputError, UsageError } from '../../src/errors.js';
import { resultsFixture } from './fixtures.js';

describe('sealcheck report', () => {
  it('renders the requested formats from a saved results file', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sealcheck-report-'));
    await runReport({ results: resultsFixture('small.results.json'), format: 'html,sarif,junit,json', out, quiet: true });
    expect(readdirSync(out).sort()).toEqual(['junit.xml', 'report.html', 'results.json', 'results.sarif']);
  });

  it('rejects a results file that breaks the schema, naming file and pointer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealcheck-report-'));
    const bad = JSON.parse(readFileSync(resultsFixture('small.results.json'), 'utf8')) as { results: Record<string, unknown>[] };
    bad.results[2]!.status = 'MAYBE';
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    const error = await runReport({ results: file, format: 'html', out: dir, quiet: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`${file}: /results/2/status: must be one of ["PASS","FAIL","UNKNOWN","ERROR"]`);
    expect(readdirSync(dir)).toEqual(['bad.json']);
  });

  it('rejects broken JSON with line and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealcheck-report-'));
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "format": "sealcheck-results",\n  "version": 1,,\n}');
    await expect(runReport({ results: file, format: 'html', out: dir, quiet: true })).rejects.toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: not valid JSON`));
  });

  it('rejects a missing file and an unknown format', async () => {
    await expect(runReport({ results: '/nonexistent/results.json', format: 'html', out: tmpdir(), quiet: true })).rejects.toThrow(InputError);
    await expect(runReport({ results: resultsFixture('small.results.json'), format: 'html,pdf', out: tmpdir(), quiet: true })).rejects.toThrow(UsageError);
  });
});
