#!/usr/bin/env node
/**
 * `npm run bench`: the figures of issue 11's targets, in one run on one
 * machine: what an offline scan costs next to its floor (reading and parsing
 * the input) for sealcheck JSON and NDJSON snapshots and AWS Config snapshot
 * files, results.json's size next to the snapshot's, peak memory with every
 * output format and with a baseline and suppressions, the engine's throughput
 * (also against json-rules-engine on the same rules and resources), and
 * start-up. Prints one table, a row per target, and the details beneath it;
 * writes reports/bench/bench.json. Asserts nothing: the figures are for people.
 *
 *   node bench/run.mjs [--sizes 10000,100000,1000000] [--rules DIR] [--out FILE] [--repeat N]
 *
 * Measurements that must not share a heap with the harness run in child
 * processes: `--floor FILE`, `--floor-stream FILE`, `--stage STAGE FILE` and
 * `--engine FILE` are those children's entry points.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { JSONParser } from '@streamparser/json';
import { generate } from './gen.mjs';
import { measureParts } from './parts.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin/sealcheck.js');
const WORK = '/tmp/sealcheck-bench';
const SEED = 'bench-1';
const DEMO = join(ROOT, 'fixtures/demo/demo-account.snapshot.json');
/** V8 cannot hold a string longer than this (2^29 − 24 UTF-16 units), so a bigger JSON file cannot be parsed in one piece. */
const MAX_STRING = 2 ** 29 - 24;
/** The engine figures and the stages use an NDJSON inventory of this size (or the largest size run, when smaller). */
const ENGINE_RESOURCES = 100_000;
const JRE_RESOURCES = 20_000;
const MB = 1e6;

/** The inputs scanned at each size; `gen` is bench/gen.mjs's `--format`. */
const INPUTS = [
  { key: 'json', label: 'sealcheck JSON', ext: 'json', gen: 'json' },
  { key: 'ndjson', label: 'sealcheck NDJSON', ext: 'ndjson', gen: 'ndjson' },
  { key: 'config', label: 'AWS Config snapshot file', ext: 'config.json', gen: 'config' },
];

/** Every file format at once: the formats keep their state side by side, so this peak bounds each format's own. */
const ALL_FORMATS = 'json,sarif,html,junit';

/**
 * Issue 11's targets, one per kind of row: what the table shows, the test, and
 * the sizes the issue sets it at (`from`: this many resources and more); rows
 * at smaller sizes show the target in brackets, unmarked.
 */
const TARGETS = {
  sealcheckRatio: { text: '≤ 1.5×', met: (x) => x <= 1.5, from: 100_000 },
  configRatio: { text: '≤ 2×', met: (x) => x <= 2, from: 100_000 },
  resultsBytes: { text: '≤ 1', met: (x) => x <= 1, from: 100_000 },
  rss: { text: '< 512 MB', met: (kb) => kb * 1024 < 512 * MB, from: 1_000_000 },
  parts: { text: '≤ 1.2×', met: (x) => x <= 1.2, from: 1_000_000 },
  engine: { text: '≥ 2 M/s', met: (x) => x >= 2e6, from: 0 },
  jre: { text: '≥ 100×', met: (x) => x >= 100, from: 0 },
  version: { text: '< 100 ms', met: (ms) => ms < 100, from: 0 },
  demo: { text: '< 300 ms', met: (ms) => ms < 300, from: 0 },
};

/** Generated files are reused while gen.mjs is unchanged: its hash is part of the name. */
const GEN_HASH = createHash('sha256').update(readFileSync(join(ROOT, 'bench/gen.mjs'))).digest('hex').slice(0, 8);
const inventoryFile = (n, input) => join(WORK, `inventory-${n}-${SEED}-${GEN_HASH}.${input.ext}`);

// ---------------------------------------------------------------- children

/**
 * The floor: read the file and JSON.parse it, whole when V8 can hold it as one
 * string, else line by line as NDJSON is (sealcheck JSON and gen.mjs's Config
 * files have one element a line after a head line, each but the last followed
 * by a comma, then `]}`).
 */
async function floorChild(file) {
  const started = performance.now();
  let resources = 0;
  const ndjson = file.endsWith('.ndjson');
  if (ndjson || statSync(file).size >= MAX_STRING) {
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    let lineNo = 0;
    for await (const line of lines) {
      if (lineNo++ === 0) {
        if (ndjson) JSON.parse(line);
        continue;
      }
      const text = line.endsWith(',') ? line.slice(0, -1) : line;
      if (text === '' || text === ']}') continue;
      JSON.parse(text);
      resources++;
    }
  } else {
    const doc = JSON.parse(await readFile(file, 'utf8'));
    resources = (doc.resources ?? doc.configurationItems).length;
  }
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({ ms, resources, maxRssKb: process.resourceUsage().maxRSS }));
}

/**
 * An AWS Config file through the streaming JSON parser alone, as
 * src/inventory/config-stream.ts drives it (items emitted one by one and
 * dropped, nothing mapped): how much of a Config scan the parser is.
 */
async function floorStreamChild(file) {
  const started = performance.now();
  let resources = 0;
  const parser = new JSONParser({ paths: ['$.configurationItems.*'], keepStack: false });
  parser.onValue = ({ parent }) => {
    if (Array.isArray(parent)) parent.length = 0;
    resources++;
  };
  for await (const chunk of createReadStream(file)) parser.write(chunk);
  process.stdout.write(JSON.stringify({ ms: performance.now() - started, resources, maxRssKb: process.resourceUsage().maxRSS }));
}

async function loadDist() {
  const [{ loadRules }, { compileRules, Evaluator, indexedTypes }, { InventoryIndex }, { readSnapshot }] = await Promise.all([
    import(join(ROOT, 'dist/engine/load-rules.js')),
    import(join(ROOT, 'dist/engine/evaluate.js')),
    import(join(ROOT, 'dist/engine/inventory-index.js')),
    import(join(ROOT, 'dist/inventory/snapshot-read.js')),
  ]);
  return { loadRules, compileRules, Evaluator, indexedTypes, InventoryIndex, readSnapshot };
}

/** Runs compiled rules over resources once; returns elapsed ms and the verdicts by status. */
function runEngine(dist, compiled, resources, now, keep) {
  const wanted = dist.indexedTypes(compiled);
  const index = new dist.InventoryIndex();
  for (const r of resources) if (wanted.has(r.resourceType)) index.add(r);
  const evaluator = new dist.Evaluator(compiled, index, now);
  const counts = { PASS: 0, FAIL: 0, UNKNOWN: 0, ERROR: 0 };
  const verdicts = keep ? new Map() : undefined;
  const started = performance.now();
  for (const r of resources) {
    evaluator.evaluate(r, (result) => {
      counts[result.status]++;
      if (verdicts) verdicts.set(`${result.ruleId}|${result.arn}`, result.status);
    });
  }
  return { ms: performance.now() - started, counts, verdicts };
}

/** Engine throughput with the full catalogue, then sealcheck against json-rules-engine on the subset of rules both can express. */
async function engineChild(file, rulesDir) {
  const dist = await loadDist();
  const snapshot = await dist.readSnapshot(file);
  const now = Date.parse(snapshot.header.capturedAt);
  const resources = snapshot.resources;
  const catalogue = dist.compileRules(dist.loadRules(rulesDir), now);
  // Warm up (JIT), then keep the best of three: the figure is what the engine can do, not what the scheduler let it.
  runEngine(dist, catalogue, resources.slice(0, 5000), now);
  /** @type {any} */
  let best;
  for (let i = 0; i < 3; i++) {
    const run = runEngine(dist, catalogue, resources, now);
    if (!best || run.ms < best.ms) best = run;
  }
  const evaluations = Object.values(best.counts).reduce((a, b) => a + b, 0);

  const { SUBSET_RULES } = await import('./subset-rules.mjs');
  const { toJreRules, runJre } = await import('./jre.mjs');
  const subset = dist.compileRules(SUBSET_RULES, now);
  const sample = resources.slice(0, JRE_RESOURCES);
  runEngine(dist, subset, sample, now);
  /** @type {any} */
  let ours;
  for (let i = 0; i < 5; i++) {
    const run = runEngine(dist, subset, sample, now, i === 0);
    if (!ours || run.ms < ours.ms) ours = { ...run, verdicts: ours?.verdicts ?? run.verdicts };
  }
  // The same treatment as sealcheck's side: one warm-up run over the sample, then the best of five.
  const jreRules = toJreRules(SUBSET_RULES);
  await runJre(jreRules, sample);
  /** @type {any} */
  let jre;
  for (let i = 0; i < 5; i++) {
    const run = await runJre(jreRules, sample);
    if (!jre || run.ms < jre.ms) jre = run;
  }
  // Faithfulness: on verdicts both engines can give (PASS/FAIL), they must agree.
  let agree = 0;
  let disagree = 0;
  for (const [key, status] of jre.verdicts) {
    const mine = ours.verdicts.get(key);
    if (mine === 'PASS' || mine === 'FAIL') mine === status ? agree++ : disagree++;
  }
  const subsetEvals = Object.values(ours.counts).reduce((a, b) => a + b, 0);
  process.stdout.write(
    JSON.stringify({
      catalogue: { rules: catalogue.length, resources: resources.length, evaluations, ms: best.ms, perSecond: (evaluations / best.ms) * 1000, counts: best.counts },
      subset: {
        rules: subset.length,
        resources: sample.length,
        evaluations: subsetEvals,
        sealcheckMs: ours.ms,
        sealcheckPerSecond: (subsetEvals / ours.ms) * 1000,
        jreMs: jre.ms,
        jreEvaluations: jre.evaluations,
        jrePerSecond: (jre.evaluations / jre.ms) * 1000,
        ratio: jre.ms / ours.ms,
        agree,
        disagree,
      },
    }),
  );
}

/**
 * Where a streamed scan's time goes: one stage per child process, each doing
 * what the scan does up to that point and timing it in-process (module loading
 * and rule loading are timed apart, as start-up). `read`: the reader, as the
 * scan uses it (once, parsing and validating every resource, when the header
 * says referenced resources come first; else an index pass first);
 * `evaluate`: the streamed scan with results dropped;
 * `serialize`: results also turned into their results.json lines (fingerprint
 * included) and dropped; `write`: the whole streamed scan, results.json written.
 */
const STAGES = ['read', 'evaluate', 'serialize', 'write'];
async function stageChild(stage, file, rulesDir) {
  const started = performance.now();
  const [{ loadRules }, { indexedTypes, compileRules }, { openInventory }, { scanInventoryStreaming }, { findingJson }, { runScan }] = await Promise.all([
    import(join(ROOT, 'dist/engine/load-rules.js')),
    import(join(ROOT, 'dist/engine/evaluate.js')),
    import(join(ROOT, 'dist/inventory/snapshot-read.js')),
    import(join(ROOT, 'dist/engine/scan-stream.js')),
    import(join(ROOT, 'dist/report/json.js')),
    import(join(ROOT, 'dist/cli/commands/scan.js')),
  ]);
  const rules = loadRules(rulesDir);
  const startupMs = performance.now() - started;
  const t = performance.now();
  const open = (o) => openInventory(file, o);
  let resources = 0;
  if (stage === 'read') {
    // As the scan reads: once when the header says referenced resources come first, else an index pass and a full one.
    const first = await open();
    if (first.header.referencedFirst !== true) {
      await first.close?.();
      for await (const r of (await open({ onlyTypes: indexedTypes(compileRules(rules, Date.now())) })).resources) void r;
    }
    for await (const r of (first.header.referencedFirst === true ? first : await open()).resources) {
      void r;
      resources++;
    }
  } else if (stage === 'evaluate' || stage === 'serialize') {
    let bytes = 0;
    // A PASS costs results.json no record (an index under `passed`): findings are what is serialized.
    const add = stage === 'evaluate' ? () => undefined : (r) => (bytes += r.status === 'PASS' ? 0 : findingJson(r, 0, 0).length);
    const scan = await scanInventoryStreaming(open, { rules, file }, { add, flush: async () => undefined });
    resources = scan.run.snapshot.resourceCount;
  } else if (stage === 'write') {
    const out = join(WORK, 'stage-out');
    rmSync(out, { recursive: true, force: true });
    await runScan({ snapshot: file, rules: rulesDir, out, format: 'json', failOn: 'none', quiet: true });
  } else {
    throw new Error(`unknown stage ${stage}`);
  }
  process.stdout.write(JSON.stringify({ stage, startupMs, ms: performance.now() - t, resources, maxRssKb: process.resourceUsage().maxRSS }));
}

// ---------------------------------------------------------------- harness

const HAS_TIME = existsSync('/usr/bin/time');
const HAS_TASKSET = existsSync('/usr/bin/taskset') || existsSync('/bin/taskset');
const SELF = fileURLToPath(import.meta.url);

/** Runs a command to completion: wall time, peak RSS (from /usr/bin/time -v, else the child's own report), exit code and output. */
function run(cmd, args, { pin = false } = {}) {
  const argv = [...(pin && HAS_TASKSET ? ['taskset', '-c', '0'] : []), cmd, ...args];
  const full = HAS_TIME ? ['/usr/bin/time', '-v', ...argv] : argv;
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(full[0], full.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      resolve({ code, wallMs, maxRssKb: rss ? Number(rss[1]) : undefined, stdout, stderr: stderr.replace(/\n?\s*Command being timed:[\s\S]*$/, '') });
    });
  });
}

function childJson(result, what) {
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}): ${result.stderr.trim().slice(-800)}`);
  const out = JSON.parse(result.stdout);
  out.maxRssKb = result.maxRssKb ?? out.maxRssKb;
  return out;
}

/** The last lines of a failed command's error output, short enough for the table. */
const failure = (r) => `exit ${r.code}: ${r.stderr.trim().split('\n').slice(-2).join(' ').slice(0, 300)}`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function parseArgs(argv) {
  const args = { sizes: [10_000, 100_000, 1_000_000], rules: undefined, out: join(ROOT, 'reports/bench/bench.json'), repeat: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i] ?? (() => { throw new Error(`${a} needs a value`); })();
    if (a === '--sizes') args.sizes = v().split(',').map((s) => Number(s.replace(/_/g, '').replace(/k$/i, '000').replace(/m$/i, '000000')));
    else if (a === '--rules') args.rules = v();
    else if (a === '--out') args.out = v();
    else if (a === '--repeat') args.repeat = Number(v());
    else if (a === '--help' || a === '-h') args.help = true;
    else throw new Error(`unknown option ${a} (see --help)`);
  }
  if (args.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes takes positive integers, e.g. 10000,100000');
  return args;
}

async function ensureInventory(n, input, log) {
  const file = inventoryFile(n, input);
  if (existsSync(file) && statSync(file).size > 0) return file;
  const started = performance.now();
  const tmp = `${file}.${process.pid}.tmp`;
  await generate({ resources: n, out: tmp, seed: SEED, format: input.gen });
  renameSync(tmp, file);
  log(`generated ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return file;
}

/** A scan into `outDir` (emptied first), best of `repeat` by wall time. */
async function scan(file, outDir, extra, repeat) {
  /** @type {any} */
  let best;
  for (let i = 0; i < repeat; i++) {
    rmSync(outDir, { recursive: true, force: true });
    const s = await run(process.execPath, [BIN, 'scan', '--snapshot', file, '--out', outDir, '--fail-on', 'none', '--quiet', ...extra]);
    if (!best || s.code !== 0 || s.wallMs < best.wallMs) best = s;
    if (s.code !== 0) break;
  }
  return best;
}

/**
 * A suppressions file for the gated scan, from a baseline's findings: every
 * 500th finding by its exact ARN (at most 200 entries), the same rules again
 * for every resource of that kind in its account and region (a wildcard
 * after the last `:` or `/` of the ARN), and one entry already expired.
 */
function suppressionsFrom(baseline) {
  const picked = baseline.findings.filter((_, i) => i % 500 === 0).slice(0, 200);
  const entry = (rule, resource, expires) => ({ rule, resource, reason: 'bench: accepted for the measurement', owner: 'bench', expires });
  const wildcard = (arn) => `${arn.slice(0, Math.max(arn.lastIndexOf('/'), arn.lastIndexOf(':')) + 1)}*`;
  const suppressions = [
    ...picked.map((f) => entry(f.ruleId, f.arn, '2099-12-31')),
    ...picked.slice(0, 20).map((f) => entry(f.ruleId, wildcard(f.arn), '2099-12-31')),
    entry('*', 'arn:aws:s3:::*', '2020-01-01'),
  ];
  return { version: 1, suppressions };
}

/**
 * The peak-memory scans of one size, over the sealcheck JSON snapshot: every
 * file format at once, then the same with a baseline (made by `sealcheck
 * baseline create` from the plain scan's results.json) and suppressions.
 */
async function memoryScans(n, file, resultsFile, rulesArgs, log) {
  const outDir = join(WORK, 'scan-out');
  const gateDir = join(WORK, `gate-${n}`);
  rmSync(gateDir, { recursive: true, force: true });
  mkdirSync(gateDir, { recursive: true });
  const baselineFile = join(gateDir, 'baseline.json');
  const suppressionsFile = join(gateDir, 'suppressions.json');
  /** @type {Record<string, any>} */
  const entry = {};
  log(`${n} json: baseline and suppressions from the scan's results.json`);
  const made = await run(process.execPath, [BIN, 'baseline', 'create', '--results', resultsFile, '--out', baselineFile]);
  if (made.code === 0) {
    const baseline = JSON.parse(readFileSync(baselineFile, 'utf8'));
    const suppressions = suppressionsFrom(baseline);
    writeFileSync(suppressionsFile, `${JSON.stringify(suppressions, null, 1)}\n`);
    entry.gateInputs = { baselineFindings: baseline.findings.length, baselineBytes: statSync(baselineFile).size, suppressions: suppressions.suppressions.length };
  } else {
    entry.gateInputs = { error: `baseline create ${failure(made)}` };
    log(`${n}: baseline create failed: ${entry.gateInputs.error}`);
  }
  log(`${n} json: scan --format ${ALL_FORMATS}`);
  const all = await scan(file, outDir, ['--format', ALL_FORMATS, ...rulesArgs], 1);
  entry.allFormats = { wallMs: all.wallMs, maxRssKb: all.maxRssKb, ...(all.code === 0 ? {} : { error: failure(all) }) };
  if (made.code === 0) {
    log(`${n} json: scan --format ${ALL_FORMATS} --baseline --suppressions`);
    const gated = await scan(file, outDir, ['--format', ALL_FORMATS, '--baseline', baselineFile, '--suppressions', suppressionsFile, ...rulesArgs], 1);
    entry.gated = { wallMs: gated.wallMs, maxRssKb: gated.maxRssKb, ...(gated.code === 0 ? {} : { error: failure(gated) }) };
  } else {
    entry.gated = { error: entry.gateInputs.error };
  }
  return entry;
}

async function harness(args) {
  const log = (s) => process.stderr.write(`bench: ${s}\n`);
  mkdirSync(WORK, { recursive: true });
  /** @type {Record<string, any>} */
  const report = {
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform, timeV: HAS_TIME, taskset: HAS_TASKSET },
    startedAt: new Date().toISOString(),
    loadAverage: { start: loadavg() },
    seed: SEED,
    sizes: [],
  };
  const outDir = join(WORK, 'scan-out');
  const rulesArgs = args.rules ? ['--rules', args.rules] : [];

  for (const n of args.sizes) {
    /** @type {Record<string, any>} */
    const row = { resources: n };
    for (const input of INPUTS) {
      const file = await ensureInventory(n, input, log);
      const bytes = statSync(file).size;
      log(`${n} ${input.key}: floor`);
      const floor = childJson(await run(process.execPath, [SELF, '--floor', file]), 'floor');
      log(`${n} ${input.key}: scan`);
      const s = await scan(file, outDir, ['--format', 'json', ...rulesArgs], args.repeat);
      /** @type {Record<string, any>} */
      const entry = { file, bytes, floorMs: floor.ms, floorRssKb: floor.maxRssKb, scanMs: s.wallMs, scanRssKb: s.maxRssKb };
      if (s.code !== 0) {
        entry.scanError = failure(s);
        log(`${n} ${input.key}: scan failed: ${entry.scanError}`);
      } else {
        entry.ratio = s.wallMs / floor.ms;
        entry.resultsBytes = statSync(join(outDir, 'results.json')).size;
      }
      if (input.key === 'config') {
        log(`${n} config: the streaming JSON parser alone`);
        const parsed = childJson(await run(process.execPath, [SELF, '--floor-stream', file]), 'floor-stream');
        entry.streamParseMs = parsed.ms;
      }
      // The memory scans need the plain JSON scan's results.json, before the next scan empties the folder.
      if (input.key === 'json' && s.code === 0) row.memory = await memoryScans(n, file, join(outDir, 'results.json'), rulesArgs, log);
      row[input.key] = entry;
    }
    report.sizes.push(row);
  }

  // Issue 18: the largest inventory run, as 64 shard parts, against the same inventory in one file.
  const partsN = Math.max(...args.sizes);
  log(`${fmtN(partsN)} NDJSON: one file and 64 parts`);
  report.parts = { resources: partsN, ...(await measureParts(await ensureInventory(partsN, INPUTS[1], log), { parts: 64, repeat: args.repeat })) };

  const engineN = Math.min(ENGINE_RESOURCES, Math.max(...args.sizes));
  const engineFile = await ensureInventory(engineN, INPUTS[1], log);
  log(`stages: where the ${fmtN(engineN)}-resource NDJSON scan's time goes`);
  report.stages = { resources: engineN, file: engineFile, runs: [] };
  for (const stage of STAGES) {
    report.stages.runs.push(childJson(await run(process.execPath, [SELF, '--stage', stage, engineFile, ...rulesArgs]), `stage ${stage}`));
  }

  log(`engine: catalogue throughput and json-rules-engine comparison (one core${HAS_TASKSET ? ', taskset -c 0' : ''})`);
  report.engine = childJson(await run(process.execPath, [SELF, '--engine', engineFile, ...rulesArgs], { pin: true }), 'engine');

  log('start-up: --version and the demo scan');
  const versions = [];
  let versionText = '';
  for (let i = 0; i < 7; i++) {
    const v = await run(process.execPath, [BIN, '--version']);
    versions.push(v.wallMs);
    versionText = v.stdout.trim();
  }
  report.version = { text: versionText, wallMs: median(versions), runs: versions };
  if (existsSync(DEMO)) {
    const demo = [];
    let demoCode = 0;
    const demoOut = join(WORK, 'demo-out');
    for (let i = 0; i < 5; i++) {
      rmSync(demoOut, { recursive: true, force: true });
      const d = await run(process.execPath, [BIN, 'scan', '--snapshot', DEMO, '--out', demoOut, '--fail-on', 'none', '--quiet']);
      demo.push(d.wallMs);
      demoCode = d.code;
    }
    report.demo = { wallMs: median(demo), runs: demo, exitCode: demoCode };
  } else {
    report.demo = { missing: DEMO };
  }
  report.finishedAt = new Date().toISOString();
  report.loadAverage.end = loadavg();

  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(table(report));
  log(`wrote ${args.out}`);
}

const fmtMs = (ms) => (ms === undefined ? 'n/a' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const fmtMb = (kb) => (kb === undefined ? 'n/a' : `${((kb * 1024) / MB).toFixed(0)} MB`);
const fmtBytes = (b) => (b === undefined ? 'n/a' : `${(b / MB).toFixed(1)} MB`);
const fmtN = (n) => (n === undefined ? 'n/a' : n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : String(Math.round(n)));
const fmtLoad = (l) => (l ? l.map((x) => x.toFixed(1)).join(' ') : 'n/a');

/** Renders rows as a Markdown table with padded columns. */
function markdown(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  const sep = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(rows[0]), sep, ...rows.slice(1).map(line)].join('\n');
}

/**
 * A row of the target table: `value` is the figure to test (undefined when
 * the measurement failed: then `shown` says why and the row is not met).
 */
function targetRow(measure, shown, target, value, resources = Infinity) {
  if (resources < target.from) return [measure, shown, `(${target.text} from ${fmtN(target.from)})`, ''];
  return [measure, shown, target.text, value !== undefined && target.met(value) ? 'yes' : 'NO'];
}

/** The table: a row per target of issue 11, then the details the rows come from. */
export function table(report) {
  const rows = [['measure', 'value', 'target', 'met']];
  const details = [['detail', 'value']];
  const failed = (e) => `failed (${e.slice(0, 80)})`;
  for (const s of report.sizes) {
    const n = fmtN(s.resources);
    for (const input of INPUTS) {
      const e = s[input.key];
      if (!e) continue;
      const shown = e.scanError ? failed(e.scanError) : `${e.ratio.toFixed(2)}×`;
      rows.push(targetRow(`${n} ${input.label}: scan ÷ parse floor`, shown, input.key === 'config' ? TARGETS.configRatio : TARGETS.sealcheckRatio, e.ratio, s.resources));
      const parsed = e.streamParseMs === undefined ? '' : `, streaming parser alone ${fmtMs(e.streamParseMs)}`;
      details.push([`${n} ${input.label} (${fmtBytes(e.bytes)}): floor / scan --format json`, `${fmtMs(e.floorMs)} / ${fmtMs(e.scanMs)}${parsed}; peak RSS ${fmtMb(e.floorRssKb)} / ${fmtMb(e.scanRssKb)}`]);
    }
    const j = s.json;
    if (j) {
      const ratio = j.resultsBytes === undefined ? undefined : j.resultsBytes / j.bytes;
      rows.push(targetRow(`${n}: results.json ÷ sealcheck JSON snapshot`, ratio === undefined ? 'n/a' : `${ratio.toFixed(2)} (${fmtBytes(j.resultsBytes)} / ${fmtBytes(j.bytes)})`, TARGETS.resultsBytes, ratio, s.resources));
    }
    const m = s.memory;
    if (m) {
      const rss = (r) => (r.error ? failed(r.error) : fmtMb(r.maxRssKb));
      const value = (r) => (r.error ? undefined : r.maxRssKb);
      rows.push(targetRow(`${n}: peak RSS, --format ${ALL_FORMATS}`, rss(m.allFormats), TARGETS.rss, value(m.allFormats), s.resources));
      rows.push(targetRow(`${n}: peak RSS, same with --baseline and --suppressions`, rss(m.gated), TARGETS.rss, value(m.gated), s.resources));
      const g = m.gateInputs;
      details.push([`${n}: all formats / gated scans`, `${fmtMs(m.allFormats.wallMs)} / ${fmtMs(m.gated.wallMs)}; baseline ${g.error ? failed(g.error) : `${g.baselineFindings} findings (${fmtBytes(g.baselineBytes)}), ${g.suppressions} suppressions`}`]);
    }
  }
  const p = report.parts;
  if (p) {
    rows.push(targetRow(`${fmtN(p.resources)} NDJSON as ${p.parts} parts: scan ÷ one file`, `${p.ratio.toFixed(2)}× (${fmtMs(p.partsMs)} / ${fmtMs(p.oneMs)})`, TARGETS.parts, p.ratio, p.resources));
  }
  const c = report.engine.catalogue;
  rows.push(targetRow(`engine: rule evaluations/s (${c.rules} rules, ${fmtN(c.resources)} resources, one core)`, fmtN(c.perSecond), TARGETS.engine, c.perSecond));
  const sub = report.engine.subset;
  rows.push(targetRow(`json-rules-engine time ÷ sealcheck time (${sub.rules} rules, ${fmtN(sub.resources)} resources)`, `${sub.ratio.toFixed(0)}× (verdicts agree ${sub.agree}, differ ${sub.disagree})`, TARGETS.jre, sub.ratio));
  rows.push(targetRow(`sealcheck --version (${report.version.text})`, fmtMs(report.version.wallMs), TARGETS.version, report.version.wallMs));
  rows.push(targetRow('demo scan', report.demo.wallMs === undefined ? 'fixture missing' : fmtMs(report.demo.wallMs), TARGETS.demo, report.demo.exitCode === 0 ? report.demo.wallMs : undefined));
  details.push([`json-rules-engine comparison: sealcheck / json-rules-engine`, `${fmtMs(sub.sealcheckMs)} / ${fmtMs(sub.jreMs)}`]);
  if (report.stages) {
    let before = 0;
    const parts = report.stages.runs.map((r) => {
      const part = `${r.stage} ${before === 0 ? '' : '+'}${fmtMs(r.ms - before)}`;
      before = r.ms;
      return part;
    });
    details.push([`${fmtN(report.stages.resources)} NDJSON scan by stage (in-process, start-up ${fmtMs(report.stages.runs[0]?.startupMs)} apart)`, parts.join(', ')]);
  }
  const m = report.machine;
  const load = `load average (1, 5, 15 min) ${fmtLoad(report.loadAverage?.start)} at the start, ${fmtLoad(report.loadAverage?.end)} at the end`;
  return `\nsealcheck bench — ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}; ${load}\n\n${markdown(rows)}\n\n${markdown(details)}\n\n`;
}

// ---------------------------------------------------------------- entry

const USAGE = `usage: npm run bench -- [options]

  --sizes LIST   inventory sizes to scan, comma-separated (k and m suffixes allowed; default 10000,100000,1000000;
                 the 1,000,000 rows take most of the run). Rows for sizes not run are absent.
  --rules DIR    rules folder (default: the bundled catalogue)
  --repeat N     scans per size and input (scan ÷ floor rows), best kept (default 1)
  --out FILE     where the figures go as JSON (default reports/bench/bench.json)

Inventories are generated into ${WORK}/ and reused while bench/gen.mjs is unchanged.
Figures are printed as one table (a row per target) and its details; nothing is asserted. See docs/performance.md.
`;

if (process.argv[1] && SELF === process.argv[1]) {
  const [mode, file, ...rest] = process.argv.slice(2);
  const rulesDir = rest[0] === '--rules' ? rest[1] : undefined;
  try {
    if (mode === '--floor') await floorChild(file);
    else if (mode === '--floor-stream') await floorStreamChild(file);
    else if (mode === '--engine') await engineChild(file, rulesDir);
    else if (mode === '--stage') await stageChild(file, rest[0], rest[1] === '--rules' ? rest[2] : undefined);
    else {
      const args = parseArgs(process.argv.slice(2));
      if (args.help) process.stdout.write(USAGE);
      else await harness(args);
    }
  } catch (error) {
    process.stderr.write(`bench: ${process.env.SEALCHECK_DEBUG ? (/** @type {any} */ (error).stack ?? error) : (/** @type {any} */ (error).message ?? error)}\n`);
    process.exitCode = 1;
  }
}
