#!/usr/bin/env node
/**
 * The sharded-input row of `npm run bench`: one NDJSON inventory scanned as
 * one file and as 64 parts (a folder), best of `repeat` each. The parts are
 * the file's resources dealt round-robin, each part with the file's header, so
 * each part keeps the referenced-first order a collected part has.
 *
 *   node bench/parts.mjs FILE [--parts 64] [--repeat 1]   (prints the figures as JSON)
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin/sealcheck.js');

/** Splits an NDJSON snapshot into `count` NDJSON files in `dir` (reused when already there). */
export async function splitInto(file, count, dir) {
  const done = join(dir, '.complete');
  if (existsSync(done)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const outs = Array.from({ length: count }, (_, i) => createWriteStream(join(dir, `part-${String(i + 1).padStart(3, '0')}.ndjson`)));
  let header;
  let i = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (header === undefined) {
      header = line;
      for (const o of outs) o.write(`${header}\n`);
      continue;
    }
    if (line.trim() === '') continue;
    const out = outs[i++ % count];
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  await Promise.all(outs.map((o) => new Promise((resolve) => o.end(resolve))));
  createWriteStream(done).end();
  return dir;
}

function scanMs(snapshot, outDir) {
  rmSync(outDir, { recursive: true, force: true });
  const started = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'scan', '--snapshot', snapshot, '--out', outDir, '--format', 'json', '--fail-on', 'none', '--quiet'], { encoding: 'utf8' });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`scan of ${snapshot}: exit ${r.status}: ${r.stderr.trim().split('\n').slice(-2).join(' ')}`);
  return ms;
}

/** One file against its parts: the best of `repeat` scans of each, alternating so a busy moment hits both. */
export async function measureParts(file, { parts = 64, repeat = 1 } = {}) {
  const dir = await splitInto(file, parts, `${file}.parts-${parts}`);
  const out = join(dirname(file), 'parts-out');
  let oneMs = Infinity;
  let partsMs = Infinity;
  for (let i = 0; i < repeat; i++) {
    oneMs = Math.min(oneMs, scanMs(file, out));
    partsMs = Math.min(partsMs, scanMs(dir, out));
  }
  return { file, parts, oneMs, partsMs, ratio: partsMs / oneMs };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, ...rest] = process.argv.slice(2);
  const opt = (name, d) => (rest.includes(name) ? Number(rest[rest.indexOf(name) + 1]) : d);
  process.stdout.write(`${JSON.stringify(await measureParts(file, { parts: opt('--parts', 64), repeat: opt('--repeat', 1) }))}\n`);
}
