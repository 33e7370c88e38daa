import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './run-cli.js';

/**
 * The Dockerfile's build, without Docker: each stage gets its own folder as
 * its file system root, COPY copies into it (honouring .dockerignore), RUN runs
 * in a plain shell with absolute paths moved under that root and npm's global
 * prefix at <root>/usr/local. Then the ENTRYPOINT command, as installed by the
 * last stage, scans the demo into the WORKDIR. What needs root (chown to the
 * image's `node` user) is left out; the test checks that the image runs as
 * that user instead.
 */

interface Instruction {
  op: string;
  args: string;
}

/** The Dockerfile's instructions, comments dropped and `\` continuations joined. */
function instructions(text: string): Instruction[] {
  const joined = text.replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const m = /^([A-Z]+)\s+(.*)$/.exec(l);
      if (!m) throw new Error(`Dockerfile: cannot read "${l}"`);
      return { op: m[1]!, args: m[2]! };
    });
}

const dockerfile = instructions(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const ignored = new Set(
  readFileSync(join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim().replace(/^\/|\/$/g, ''))
    .filter((l) => l !== '' && !l.startsWith('#')),
);

let work = '';
let finalRoot = '';
let workdir = '';
let entrypoint: string[] = [];
const ran: string[] = [];

/** `path` inside a stage's root folder. */
const inRoot = (root: string, path: string) => join(root, path.startsWith('/') ? path.slice(1) : path);

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sealcheck-docker-'));
  const stages = new Map<string, string>();
  let root = '';
  let cwd = '/';
  for (const { op, args } of dockerfile) {
    if (op === 'FROM') {
      const name = /\sAS\s+(\S+)$/i.exec(args)?.[1] ?? `stage${stages.size}`;
      root = join(work, name);
      mkdirSync(inRoot(root, 'usr/local'), { recursive: true });
      stages.set(name, root);
      cwd = '/';
    } else if (op === 'WORKDIR') {
      cwd = args.startsWith('/') ? args : join(cwd, args);
      mkdirSync(inRoot(root, cwd), { recursive: true });
    } else if (op === 'COPY') {
      const from = /^--from=(\S+)\s+/.exec(args);
      const [src, dst] = args.replace(/^--from=\S+\s+/, '').split(/\s+/) as [string, string];
      const target = inRoot(root, dst.startsWith('/') ? dst : join(cwd, dst));
      if (from) {
        cpSync(inRoot(stages.get(from[1]!)!, src), target, { recursive: true });
      } else {
        cpSync(join(ROOT, src), target, { recursive: true, filter: (path) => !ignored.has(relative(ROOT, path).split('/')[0]!) });
      }
    } else if (op === 'RUN') {
      // Absolute paths live under the stage's root; chown needs root and the image's user, which this machine need not have.
      const command = args.replace(/(^|\s)\/(?=[A-Za-z])/g, `$1${root}/`).replace(/chown \S+ \S+/g, 'true');
      ran.push(command);
      execFileSync('sh', ['-c', command], {
        cwd: inRoot(root, cwd),
        env: { ...process.env, npm_config_prefix: inRoot(root, 'usr/local'), npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    } else if (op === 'ENTRYPOINT') {
      entrypoint = JSON.parse(args) as string[];
    }
  }
  finalRoot = root;
  workdir = inRoot(root, cwd);
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the Dockerfile, run in a plain shell', () => {
  it('builds in two stages from a small Node base and runs as the non-root node user', () => {
    const froms = dockerfile.filter((i) => i.op === 'FROM').map((i) => i.args);
    expect(froms).toHaveLength(2);
    for (const f of froms) expect(f).toMatch(/^node:\d+-alpine\b/);
    expect(dockerfile.filter((i) => i.op === 'USER').at(-1)?.args).toBe('node');
    expect(ran).toHaveLength(2);
  });

  it('installs the ENTRYPOINT command, which scans the demo into the reports folder', () => {
    expect(entrypoint).toEqual(['sealcheck']);
    const bin = join(finalRoot, 'usr/local/bin', entrypoint[0]!);
    expect(existsSync(bin)).toBe(true);
    const run = spawnSync(bin, ['scan', '--snapshot', join(ROOT, 'fixtures/demo/demo-account.snapshot.json'), '--out', '.', '--fail-on', 'none', '--quiet'], {
      cwd: workdir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(run.stderr).not.toMatch(/Error|at .*\.js:\d+/);
    expect(run.status).toBe(0);
    expect(readdirSync(workdir)).toEqual(expect.arrayContaining(['report.html', 'results.json', 'results.sarif']));
    const results = JSON.parse(readFileSync(join(workdir, 'results.json'), 'utf8')) as { version: number; findings: unknown[] };
    expect(results.version).toBe(2);
    expect(results.findings.length).toBeGreaterThan(0);
  });

  it('leaves the build tools out of the final stage: only the packed tarball crosses over', () => {
    expect(existsSync(join(finalRoot, 'src'))).toBe(false);
    expect(existsSync(join(finalRoot, 'pkg'))).toBe(false);
  });
});
