import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './run-cli.js';

/**
 * The package as a user gets it: `npm pack`, then install the tarball into an
 * empty prefix and run the installed command from another directory. The
 * dependencies come from npm's cache (`npm ci` filled it), so this needs no
 * network when the cache is warm. `--ignore-scripts` on pack: the global setup
 * has just built dist/, which is what `prepare` would do.
 */

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
let work = '';
let bin = '';
let prefix = '';
let tarballFiles: string[] = [];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sealcheck-pack-'));
  const packed = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' });
  const [info] = JSON.parse(packed) as { filename: string; files: { path: string }[] }[];
  if (!info) throw new Error('npm pack printed no package');
  tarballFiles = info.files.map((f) => f.path);
  prefix = join(work, 'prefix');
  execFileSync('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(work, info.filename)], {
    cwd: work,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  bin = join(prefix, 'bin', 'sealcheck');
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm pack gives a package that installs and runs', () => {
  it('carries the built code, rules, schemas, policies and compiled validators, and no tests', () => {
    expect(tarballFiles).toContain('dist/cli/main.js');
    expect(tarballFiles).toContain('bin/sealcheck.js');
    expect(tarballFiles).toContain('LICENSE');
    expect(tarballFiles).toContain('policies/sealcheck-readonly.json');
    expect(tarballFiles.some((f) => f.startsWith('rules/s3/') && f.endsWith('.json'))).toBe(true);
    expect(tarballFiles.some((f) => f.startsWith('schemas/') && f.endsWith('.schema.json'))).toBe(true);
    expect(tarballFiles.some((f) => f.startsWith('dist/validators/') && f.endsWith('.cjs'))).toBe(true);
    expect(tarballFiles.filter((f) => f.startsWith('test/') || f.startsWith('src/'))).toEqual([]);
    expect(tarballFiles).toContain('dist/aws-config-rule/handler.js');
  });

  it('the AWS Config rule handler is importable by its package name, sealcheck/aws-config-rule', () => {
    // Beside the installed node_modules, so the bare name resolves through the package's exports.
    const probe = join(prefix, 'lib', 'probe.mjs');
    writeFileSync(probe, "const m = await import('sealcheck/aws-config-rule');\nconsole.log(typeof m.handler, typeof m.createHandler);\n");
    const run = spawnSync(process.execPath, [probe], { cwd: work, encoding: 'utf8' });
    expect(run.stdout.trim()).toBe('function function');
    expect(run.status).toBe(0);
  });

  it('the installed command prints its version', () => {
    const run = spawnSync(bin, ['--version'], { cwd: work, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe(version);
    expect(run.status).toBe(0);
  });

  it('the installed command scans the demo snapshot from another directory', () => {
    const out = join(work, 'reports');
    const run = spawnSync(bin, ['scan', '--snapshot', join(ROOT, 'fixtures/demo/demo-account.snapshot.json'), '--out', 'reports', '--fail-on', 'none', '--quiet'], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(run.stderr).not.toMatch(/Error|at .*\.js:\d+/);
    expect(run.status).toBe(0);
    expect(existsSync(join(out, 'results.json'))).toBe(true);
    expect(readdirSync(out).sort()).toEqual(expect.arrayContaining(['report.html', 'results.json', 'results.sarif']));
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { version: number; findings: unknown[] };
    expect(results.version).toBe(2);
    expect(results.findings.length).toBeGreaterThan(0);
  });
});
