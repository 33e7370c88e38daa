#!/usr/bin/env node
/**
 * Builds dist/: the TypeScript compile, then the precompiled schema validators.
 * Records a hash of what the build reads, so that `--if-stale` (the test
 * suite's global setup) can skip a build that would produce the same files:
 * a fresh clone is built once by `npm ci`, not again by every `npm test`.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const STAMP = join(ROOT, 'dist/.source-hash');
/** What the build reads: the sources, the schemas the validators are made from, and the compiler settings. */
const INPUTS = ['src', 'schemas', 'rules/rule.schema.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/compile-validators.mjs', 'package-lock.json'];

function* filesUnder(path) {
  if (!existsSync(path)) return;
  if (!statSync(path).isDirectory()) {
    yield path;
    return;
  }
  for (const entry of readdirSync(path).sort()) yield* filesUnder(join(path, entry));
}

function sourceHash() {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of filesUnder(join(ROOT, input))) {
      hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex');
}

const ifStale = process.argv.includes('--if-stale');
const before = sourceHash();
const built = existsSync(STAMP) && existsSync(join(ROOT, 'dist/cli/main.js')) ? readFileSync(STAMP, 'utf8') : '';
if (!(ifStale && built === before)) {
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
  execFileSync(process.execPath, [join(ROOT, 'scripts/compile-validators.mjs')], { stdio: 'inherit' });
  writeFileSync(STAMP, before);
}
