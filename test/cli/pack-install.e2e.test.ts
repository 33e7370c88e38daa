import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './run-cli.js';

/**
 * The package as a user gets it, built the way the Dockerfile builds it: its
 * RUN commands run in a plain shell here (there is no Docker engine on the
 * machines that run the suite), with the image's paths mapped to temporary
 * folders. The build stage installs from the lock file and packs (`prepare`
 * builds dist/); the runtime stage installs the tarball globally, here into
 * an empty prefix, and the installed command then runs from another
 * directory. Dependencies come from npm's cache (`npm ci` filled it).
 */

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
let work = '';
let bin = '';
let prefix = '';
let tarballFiles: string[] = [];

/** The Dockerfile's instructions, continuation lines joined. */
function dockerfile(): { instruction: string; args: string }[] {
  return readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'))
    .map((line) => {
      const [instruction = '', ...rest] = line.trim().split(/\s+/);
      return { instruction: instruction.toUpperCase(), args: rest.join(' ') };
    });
}

/** A RUN command as this machine runs it: the image's folders become temporary ones; no `node` user exists here, so the current user takes its place. */
function onThisMachine(command: string, paths: Record<string, string>): string {
  let out = command;
  for (const [inImage, here] of Object.entries(paths)) out = out.split(inImage).join(here);
  return out.replace('npm install --global', `npm install --global --prefix ${prefix}`).replace('chown node:node', `chown ${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`);
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sealcheck-pack-'));
  prefix = join(work, 'prefix');
  const src = join(work, 'src');
  const pkg = join(work, 'pkg');
  // `COPY . .` with .dockerignore: the repository's files, without node_modules, dist, reports and .git.
  const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter((f) => f && !ignored.some((i) => f === i || f.startsWith(`${i}/`)));
  for (const f of files) {
    if (!existsSync(join(ROOT, f))) continue;
    mkdirSync(dirname(join(src, f)), { recursive: true });
    copyFileSync(join(ROOT, f), join(src, f));
  }
  const paths = { '/root/.npm': join(work, 'root-npm'), '/src': src, '/pkg': pkg, '/reports': join(work, 'image-reports') };
  const steps = dockerfile();
  const runs = steps.filter((s) => s.instruction === 'RUN').map((s) => s.args);
  expect(runs).toHaveLength(2);
  expect(steps.find((s) => s.instruction === 'ENTRYPOINT')?.args).toBe('["sealcheck"]');
  const shell = (command: string, cwd: string) => execFileSync('sh', ['-c', onThisMachine(command, paths)], { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  mkdirSync(pkg, { recursive: true });
  shell(runs[0]!, src);
  const [tarball] = readdirSync(pkg).filter((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('the build stage packed no tarball');
  tarballFiles = execFileSync('tar', ['-tzf', join(pkg, tarball)], { encoding: 'utf8' }).split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
  shell(runs[1]!, work);
  // The runtime stage removed the tarball folder, as it does in the image, and made the reports folder.
  expect(existsSync(pkg)).toBe(false);
  expect(existsSync(join(work, 'image-reports'))).toBe(true);
  bin = join(prefix, 'bin', 'sealcheck');
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the Dockerfile\'s commands give a package that installs and runs', () => {
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
