import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM JavaScript without type declarations
import { generate } from '../../bench/gen.mjs';
import { ROOT, runCli } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'sealcheck-outset-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const BIN = join(ROOT, 'bin/sealcheck.js');
const DEMO = join(ROOT, 'fixtures/demo/demo-account.snapshot.json');
const large = join(work, 'large.ndjson');
const SET = ['junit.xml', 'report.html', 'results.json', 'results.sarif'];

beforeAll(async () => {
  await generate({ resources: 8000, out: large, seed: 'outset-e2e' });
}, 120_000);

/** The files of a folder with their bytes. */
function contents(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'latin1')]));
}

type Point = 'start' | 'first-temp' | 'html-temp' | 'junit-temp' | 'results-temp';

/** Runs a scan into `out` and sends `signal` at `point`: when a temporary file of that kind appears (or at once for `start`). */
function interrupt(out: string, formats: string, signal: 'SIGINT' | 'SIGTERM', point: Point): Promise<{ code: number | null; signal: NodeJS.Signals | null; sent: boolean }> {
  const child = spawn(process.execPath, [BIN, 'scan', '--snapshot', large, '--format', formats, '--out', out, '-q'], { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
  const wanted: Record<Point, (names: string[]) => boolean> = {
    start: () => true,
    'first-temp': (names) => names.some((n) => n.endsWith('.tmp')),
    'html-temp': (names) => names.some((n) => n.includes('report.html') && n.endsWith('.tmp')),
    'junit-temp': (names) => names.some((n) => n.includes('junit.xml') && n.endsWith('.tmp')),
    'results-temp': (names) => names.some((n) => n.includes('results.json') && n.endsWith('.tmp')),
  };
  let sent = false;
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      const names = existsSync(out) ? readdirSync(out) : [];
      if (!sent && wanted[point](names)) {
        sent = child.kill(signal);
        clearInterval(poll);
      }
    }, 2);
    child.on('exit', (code, sig) => {
      clearInterval(poll);
      resolve({ code, signal: sig, sent });
    });
  });
}

describe('an interrupted scan leaves the previous complete set of reports or the new one, never a mix or a temporary file', () => {
  const cases: [string, 'SIGINT' | 'SIGTERM', Point][] = [
    ['json,sarif,html,junit', 'SIGINT', 'start'],
    ['json,sarif,html,junit', 'SIGTERM', 'first-temp'],
    ['json,sarif,html,junit', 'SIGINT', 'html-temp'],
    ['json,sarif,html,junit', 'SIGTERM', 'junit-temp'],
    ['json', 'SIGINT', 'results-temp'],
    ['json', 'SIGTERM', 'results-temp'],
  ];
  it.each(cases)('--format %s, %s at %s', async (formats, signal, point) => {
    const out = join(work, `run-${formats.length}-${signal}-${point}`);
    const previous = runCli(['scan', '--snapshot', DEMO, '--out', out, '-q']);
    expect(previous.stderr).toBe('');
    const before = contents(out);
    expect([...before.keys()].sort()).toEqual(SET);

    const run = await interrupt(out, formats, signal, point);
    expect(run.sent).toBe(true);
    // Killed by the signal before any output was begun (Node's own handling, which a shell shows as 128+n), or cleaned up and exited 130/143.
    const exit = run.code ?? (run.signal === signal ? 'signal' : run.signal);
    if (point === 'start') expect([signal === 'SIGINT' ? 130 : 143, 'signal', 0, 1]).toContain(exit);
    else expect(exit).toBe(signal === 'SIGINT' ? 130 : 143);

    const after = contents(out);
    const names = [...after.keys()];
    expect(names.filter((n) => n.endsWith('.tmp') || n.startsWith('.sealcheck'))).toEqual([]);
    const same = names.filter((n) => after.get(n) === before.get(n));
    if (same.length === names.length) {
      // The previous set, whole.
      expect(names.sort()).toEqual(SET);
    } else {
      // The new set, whole: nothing of the previous run left beside it.
      expect(same).toEqual([]);
      expect(names.sort()).toEqual(formats === 'json' ? ['results.json'] : SET);
      expect(() => JSON.parse(after.get('results.json') ?? '')).not.toThrow();
    }
  }, 180_000);
});

describe('output folders', () => {
  it('removes reports of an earlier run that this run did not write', () => {
    const out = join(work, 'stale');
    expect(runCli(['scan', '--snapshot', DEMO, '--out', out, '-q']).stderr).toBe('');
    const run = runCli(['scan', '--snapshot', DEMO, '--out', out, '--format', 'json', '-q']);
    expect(run.stderr).toBe('');
    expect(readdirSync(out).sort()).toEqual(['results.json']);
  });

  it('an output folder that is a file is exit 2 naming the path and the cause', () => {
    const file = join(work, 'a-file');
    writeFileSync(file, 'x');
    const run = runCli(['scan', '--snapshot', DEMO, '--out', file, '--format', 'json', '-q']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`sealcheck: ${file}: cannot write (EEXIST: file already exists)\n`);
  });

  it('a second run into a folder another run is writing into fails with a clear message', () => {
    const out = join(work, 'locked');
    mkdirSync(out);
    // The lock of a live process (this test's own): the CLI waits, then gives up.
    writeFileSync(join(out, '.sealcheck.lock'), `${process.pid}\n`);
    const run = runCli(['scan', '--snapshot', DEMO, '--out', out, '--format', 'json', '-q']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`another sealcheck run (pid ${process.pid}) is writing into this folder`);
    expect(readdirSync(out)).toEqual(['.sealcheck.lock']);
  });

  it('takes over the lock of a run that no longer exists', () => {
    const out = join(work, 'stale-lock');
    mkdirSync(out);
    writeFileSync(join(out, '.sealcheck.lock'), '2147483646\n');
    const run = runCli(['scan', '--snapshot', DEMO, '--out', out, '--format', 'json', '-q']);
    expect(run.stderr).toBe('');
    expect(readdirSync(out)).toEqual(['results.json']);
  });
});
