import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

const DEMO = join(ROOT, 'fixtures/demo/demo-account.snapshot.json');
const work = mkdtempSync(join(tmpdir(), 'sealcheck-stdout-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs in a folder of its own, so a report written to disk by mistake would show. */
function inFolder(name: string, args: string[]) {
  const cwd = join(work, name);
  rmSync(cwd, { recursive: true, force: true });
  const dir = mkdtempSync(`${cwd}-`);
  return { ...runCli(args, { cwd: dir }), files: () => readdirSync(dir) };
}

describe('--out - writes the one report asked for to standard output', () => {
  it('scan --format sarif --out -: the SARIF document alone on stdout, no file anywhere', () => {
    const run = inFolder('sarif', ['scan', '--snapshot', DEMO, '--format', 'sarif', '--out', '-', '--fail-on', 'none', '-q']);
    expect(run.code, run.stderr).toBe(0);
    const sarif = JSON.parse(run.stdout) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
    expect(run.files()).toEqual([]);
  });

  it('scan --format json --out - keeps the gate: exit 1 on a failing threshold, the results still printed', () => {
    const run = inFolder('json', ['scan', '--snapshot', DEMO, '--format', 'json', '--out', '-', '--fail-on', 'high', '-q']);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as { version: number; findings: unknown[] };
    expect(doc.version).toBe(2);
    expect(doc.findings.length).toBeGreaterThan(0);
  });

  it('report --format markdown --out - prints the summary for a job summary', () => {
    const saved = inFolder('saved', ['scan', '--snapshot', DEMO, '--format', 'json', '--out', join(work, 'saved-out'), '--fail-on', 'none', '-q']);
    expect(saved.code, saved.stderr).toBe(0);
    const run = inFolder('md', ['report', '--results', join(work, 'saved-out', 'results.json'), '--format', 'markdown', '--out', '-']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.startsWith('## sealcheck\n')).toBe(true);
    expect(run.stderr).not.toMatch(/wrote/);
    expect(run.files()).toEqual([]);
  });

  it('refuses more than one format, or the console beside it, before any work (exit 2)', () => {
    for (const format of ['json,sarif', 'sarif,console']) {
      const run = inFolder('two', ['scan', '--snapshot', DEMO, '--format', format, '--out', '-']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/--out -: standard output takes exactly one report format/);
    }
    // scan's default formats are several.
    expect(inFolder('default', ['scan', '--snapshot', DEMO, '--out', '-']).code).toBe(2);
  });
});
