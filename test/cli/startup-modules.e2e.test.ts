import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'sealcheck-modules-'));
const DEMO = join(ROOT, 'fixtures/demo/demo-account.snapshot.json');

/** Prints, when the process exits, every CommonJS file it loaded (the AWS SDK, SQLite, YAML and ajv are CommonJS here). */
const HOOK = join(work, 'list-modules.mjs');
writeFileSync(HOOK, "import Module from 'node:module';\nprocess.on('exit', () => process.stderr.write(`MODULES ${JSON.stringify(Object.keys(Module._cache))}\\n`));\n");

function loadedBy(args: string[]): string[] {
  const run = spawnSync(process.execPath, ['--import', HOOK, join(ROOT, 'bin/sealcheck.js'), ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const line = run.stderr.split('\n').find((l) => l.startsWith('MODULES '));
  expect(line, run.stderr).toBeDefined();
  return JSON.parse(line!.slice('MODULES '.length)) as string[];
}

const packages = (files: readonly string[]) => new Set(files.flatMap((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1] ?? []));

describe('what a run loads', () => {
  it('a snapshot scan loads no AWS SDK client, no SQLite, no YAML parser and no schema compiler', () => {
    const files = loadedBy(['scan', '--snapshot', DEMO, '--out', join(work, 'out'), '--fail-on', 'none', '--quiet']);
    const loaded = packages(files);
    for (const name of ['better-sqlite3', 'yaml', '@aws-sdk/client-s3', '@smithy/node-http-handler', '@smithy/core']) expect(loaded.has(name), name).toBe(false);
    // The build's compiled validators need ajv's small runtime helpers, never ajv itself.
    expect(files.filter((f) => /node_modules\/ajv\/dist\/(ajv|core)\.js$/.test(f))).toEqual([]);
  });

  it('a scan with a history loads SQLite, and one with a YAML config loads the YAML parser', () => {
    writeFileSync(join(work, 'sealcheck.yml'), 'version: 1\n');
    const files = loadedBy(['scan', '--snapshot', DEMO, '--out', join(work, 'out2'), '--config', join(work, 'sealcheck.yml'), '--history', join(work, 'history.db'), '--quiet']);
    const loaded = packages(files);
    expect(loaded.has('better-sqlite3')).toBe(true);
    expect(loaded.has('yaml')).toBe(true);
  });
});
