import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../cli/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'sealcheck-history-e2e-'));
const DEMO = join(ROOT, 'fixtures/demo/demo-account.snapshot.json');
const HISTORY = join(work, 'history.db');

interface Doc {
  resources: { resourceType: string; resourceId: string; arn: string; name?: string; properties: Record<string, unknown> }[];
}

/** A bucket the demo reports failures for (not the one a collection error names), removed in run 2: its findings are fixed. */
const FIXED_BUCKET = 'arn:aws:s3:::nw-legacy-uploads';
/** A copy of that bucket under a new name, added in run 2: its findings are new. */
const NEW_BUCKET = 'arn:aws:s3:::nw-new-export';

function changedDemo(): string {
  const doc = JSON.parse(readFileSync(DEMO, 'utf8')) as Doc;
  const bucket = doc.resources.find((r) => r.arn === FIXED_BUCKET);
  if (!bucket) throw new Error(`the demo no longer has ${FIXED_BUCKET}: pick another failing bucket`);
  doc.resources = doc.resources.filter((r) => r !== bucket);
  doc.resources.push({ ...structuredClone(bucket), resourceId: 'nw-new-export', arn: NEW_BUCKET, name: 'nw-new-export' });
  const file = join(work, 'changed.snapshot.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

function scan(snapshot: string, out: string) {
  return runCli(['scan', '--snapshot', snapshot, '--out', join(work, out), '--format', 'json,html', '--fail-on', 'none', '--quiet', '--history', HISTORY]);
}

describe('a scheduled audit over the demo, three runs with a change between them', () => {
  const changed = changedDemo();
  const runs = [scan(DEMO, 'r1'), scan(changed, 'r2'), scan(changed, 'r3')];

  it('records every run', () => {
    expect(runs.map((r) => [r.code, r.stderr])).toEqual([
      [0, ''],
      [0, ''],
      [0, ''],
    ]);
    const list = JSON.parse(runCli(['history', 'list', '--history', HISTORY, '--format', 'json']).stdout) as { run: number; new: number; fixed: number; fail: number }[];
    expect(list.map((r) => r.run)).toEqual([1, 2, 3]);
    const [first, second, third] = list;
    expect(second?.fixed).toBeGreaterThan(0);
    expect(second?.new).toBe(second?.fixed);
    expect(third?.new).toBe(0);
    expect(third?.fixed).toBe(0);
    expect(first?.fail).toBe(second?.fail);
  });

  it('shows what run 2 made new and fixed', () => {
    const shown = JSON.parse(runCli(['history', 'show', '2', '--history', HISTORY, '--format', 'json']).stdout) as { findings: { arn: string; change: string }[]; fixed: { arn: string }[] };
    expect(new Set(shown.findings.filter((f) => f.change === 'new').map((f) => f.arn))).toEqual(new Set([NEW_BUCKET]));
    expect(new Set(shown.fixed.map((f) => f.arn))).toEqual(new Set([FIXED_BUCKET]));
    const table = runCli(['history', 'show', 'latest', '--history', HISTORY]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(NEW_BUCKET);
  });

  it('gives the trend by severity as CSV, one row per run and severity', () => {
    const csv = runCli(['history', 'trend', '--by', 'severity', '--history', HISTORY, '--format', 'csv']);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('"run","startedAt","key","fail","unknown","suppressed"');
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0]))).toEqual(new Set(['"1"', '"2"', '"3"']));
  });

  it('puts new, fixed and the trend into report.html', () => {
    const r2 = readFileSync(join(work, 'r2', 'report.html'), 'utf8');
    const section = r2.slice(r2.indexOf('<section id="history">'), r2.indexOf('</section>', r2.indexOf('<section id="history">')));
    expect(section).toContain('Against run 1:');
    expect(section).toMatch(/<svg[^>]*aria-label="Open failures over the last 2 run\(s\), by severity"/);
    const table = (id: string) => section.slice(section.indexOf(`id="${id}"`), section.indexOf('</table>', section.indexOf(`id="${id}"`)));
    expect(table('history-new')).toContain(NEW_BUCKET);
    expect(table('history-new')).not.toContain(FIXED_BUCKET);
    expect(table('history-fixed')).toContain(FIXED_BUCKET);
    expect(readFileSync(join(work, 'r3', 'report.html'), 'utf8')).toMatch(/aria-label="Open failures over the last 3 run\(s\), by severity"/);
  });

  it('prunes to the newest run', () => {
    expect(runCli(['history', 'prune', '--keep', '1', '--history', HISTORY]).stdout).toBe('2 run(s) removed\n');
    expect(JSON.parse(runCli(['history', 'list', '--history', HISTORY, '--format', 'json']).stdout)).toMatchObject([{ run: 3 }]);
  });
});

describe('history files that cannot be used: exit 2 naming the file', () => {
  it('a file that is not SQLite', () => {
    const file = join(work, 'not-a-db.txt');
    writeFileSync(file, 'plain text, not a database\n'.repeat(40));
    for (const args of [['history', 'list', '--history', file], ['scan', '--snapshot', DEMO, '--out', join(work, 'bad'), '--history', file]]) {
      const run = runCli(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`sealcheck: ${file}: not a SQLite database, so not a sealcheck history\n`);
    }
  });

  it('a missing file for history list, and a run that does not exist', () => {
    expect(runCli(['history', 'list', '--history', join(work, 'missing.db')]).stderr).toMatch(/missing\.db: no such history file/);
    const v1 = join(work, 'v1.sqlite');
    copyFileSync(join(ROOT, 'test/history/fixtures/history-v1.sqlite'), v1);
    const run = runCli(['history', 'show', '99', '--history', v1]);
    expect([run.code, run.stderr]).toEqual([2, `sealcheck: ${v1}: no run 99\n`]);
  });
});
