import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

const BIN = join(ROOT, 'bin/sealcheck.js');
const DEMO = join(ROOT, 'fixtures/demo/demo-account.snapshot.json');

/** Runs the built CLI with its standard output closed by the reader before anything is written (`sealcheck … | head -0`). */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a reader that closes standard output early', () => {
  it('gets no stack trace from --help', async () => {
    const run = await runWithClosedStdout(['--help']);
    expect(run.stderr).not.toMatch(/EPIPE|at .*\(node:/);
    expect(run.code).toBe(0);
  });

  it('does not change a gated scan: the reports are written and the exit code is the gate decision', async () => {
    const open = runCli(['scan', '--snapshot', DEMO, '--out', mkdtempSync(join(tmpdir(), 'sealcheck-open-')), '--fail-on', 'high']);
    expect(open.code).toBe(1);
    const out = mkdtempSync(join(tmpdir(), 'sealcheck-closed-'));
    const closed = await runWithClosedStdout(['scan', '--snapshot', DEMO, '--out', out, '--fail-on', 'high']);
    expect(closed.stderr).not.toMatch(/EPIPE|at .*\(node:/);
    expect(closed.code).toBe(open.code);
    expect(existsSync(join(out, 'results.json'))).toBe(true);
  });
});
