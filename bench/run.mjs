#!/usr/bin/env node
/**
 * `npm run bench`: measures, in one run on one machine, what an offline scan
 * costs next to its floor (reading and parsing the snapshot), the engine's
 * throughput (also against json-rules-engine on the same rules and resources),
 * peak memory, start-up and report rendering. Prints one table and writes
 * reports/bench/bench.json. Asserts nothing: the figures are for people.
 *
 *   node bench/run.mjs [--sizes 10000,100000,1000000] [--rules DIR] [--out FILE] [--repeat N]
 *
 * Measurements that must not share a heap with the harness run in child
 * processes: `--floor FILE`, `--stage STAGE FILE`, `--engine FILE` and
 * `--render FILE` are those children's entry points.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { generate } from './gen.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin/sealcheck.js');
const WORK = '/tmp/sealcheck-bench';
const SEED = 'bench-1';
const DEMO = join(ROOT, 'fixtures/demo/demo-account.snapshot.json');
/** V8 cannot hold a string longer than this (2^29 − 24 UTF-16 units), so a bigger JSON file cannot be parsed in one piece. */
const MAX_STRING = 2 ** 29 - 24;
const ENGINE_RESOURCES = 100_000;
const JRE_RESOURCES = 20_000;
const RENDER_RESULTS = 100_000;

/** Generated files are reused while gen.mjs is unchanged: its hash is part of the name. */
const GEN_HASH = createHash('sha256').update(readFileSync(join(ROOT, 'bench/gen.mjs'))).digest('hex').slice(0, 8);
const inventoryFile = (n, format) => join(WORK, `inventory-${n}-${SEED}-${GEN_HASH}.${format}`);

// ---------------------------------------------------------------- children

/** The floor: read the file and JSON.parse it (whole when V8 can hold it as one string, else line by line, as NDJSON is). */
async function floorChild(file) {
  const started = performance.now();
  let resources = 0;
  if (file.endsWith('.ndjson') || statSync(file).size >= MAX_STRING) {
    // NDJSON, or the JSON layout writeSnapshot and gen.mjs use (header line, one resource per line, closing line).
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    let lineNo = 0;
    for await (const line of lines) {
      if (lineNo++ === 0) {
        if (file.endsWith('.ndjson')) JSON.parse(line);
        continue;
      }
      const text = line.endsWith(',') ? line.slice(0, -1) : line;
      if (text === '' || text === ']}') continue;
      JSON.parse(text);
      resources++;
    }
  } else {
    const doc = JSON.parse(await readFile(file, 'utf8'));
    resources = doc.resources.length;
  }
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({ ms, resources, maxRssKb: process.resourceUsage().maxRSS }));
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

/** SARIF and HTML rendering of 100,000 real results (from the catalogue on a generated inventory). */
async function renderChild(file, rulesDir) {
  const dist = await loadDist();
  const [{ scanInventory }, { openInventory }, { renderSarif }, { renderHtml }] = await Promise.all([
    import(join(ROOT, 'dist/engine/scan.js')),
    import(join(ROOT, 'dist/inventory/snapshot-read.js')),
    import(join(ROOT, 'dist/report/sarif.js')),
    import(join(ROOT, 'dist/report/html.js')),
  ]);
  const scan = await scanInventory(await openInventory(file), { rules: dist.loadRules(rulesDir) });
  // Exactly 100,000 results: cut, or repeat the list when the catalogue gives fewer.
  const results = [];
  while (results.length < RENDER_RESULTS && scan.results.length > 0) results.push(...scan.results.slice(0, RENDER_RESULTS - results.length));
  const doc = { ...scan, results };
  const time = (render) => {
    const started = performance.now();
    const out = render(doc);
    return { ms: performance.now() - started, bytes: Buffer.byteLength(out) };
  };
  process.stdout.write(JSON.stringify({ results: results.length, sarif: time((d) => renderSarif(d)), html: time((d) => renderHtml(d)) }));
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

async function ensureInventory(n, format, log) {
  const file = inventoryFile(n, format);
  if (existsSync(file) && statSync(file).size > 0) return file;
  const started = performance.now();
  const tmp = `${file}.${process.pid}.tmp`;
  await generate({ resources: n, out: tmp, seed: SEED, format });
  renameSync(tmp, file);
  log(`generated ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return file;
}

const fmtMs = (ms) => (ms === undefined ? 'n/a' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const fmtMb = (kb) => (kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(0)} MB`);
const fmtN = (n) => (n === undefined ? 'n/a' : n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : String(Math.round(n)));

async function harness(args) {
  const log = (s) => process.stderr.write(`bench: ${s}\n`);
  mkdirSync(WORK, { recursive: true });
  /** @type {Record<string, any>} */
  const report = {
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform, timeV: HAS_TIME, taskset: HAS_TASKSET },
    startedAt: new Date().toISOString(),
    seed: SEED,
    sizes: [],
  };
  const outDir = join(WORK, 'scan-out');
  const rulesArgs = args.rules ? ['--rules', args.rules] : [];

  for (const n of args.sizes) {
    /** @type {Record<string, any>} */
    const row = { resources: n };
    for (const format of ['json', 'ndjson']) {
      const file = await ensureInventory(n, format, log);
      const bytes = statSync(file).size;
      log(`${n} ${format}: floor`);
      const floor = childJson(await run(process.execPath, [fileURLToPath(import.meta.url), '--floor', file]), 'floor');
      log(`${n} ${format}: scan`);
      /** @type {any} */
      let scan;
      for (let i = 0; i < args.repeat; i++) {
        rmSync(outDir, { recursive: true, force: true });
        const s = await run(process.execPath, [BIN, 'scan', '--snapshot', file, '--format', 'json', '--out', outDir, '--fail-on', 'none', '--quiet', ...rulesArgs]);
        if (!scan || s.wallMs < scan.wallMs) scan = s;
      }
      /** @type {Record<string, any>} */
      const entry = { file, bytes, floorMs: floor.ms, floorRssKb: floor.maxRssKb, scanMs: scan.wallMs, scanRssKb: scan.maxRssKb, ratio: scan.wallMs / floor.ms };
      if (scan.code !== 0) {
        entry.scanError = `exit ${scan.code}: ${scan.stderr.trim().split('\n').slice(-3).join(' ').slice(0, 300)}`;
        entry.ratio = undefined;
        log(`${n} ${format}: scan failed: ${entry.scanError}`);
      } else {
        const results = join(outDir, 'results.json');
        if (existsSync(results)) entry.resultsBytes = statSync(results).size;
      }
      row[format] = entry;
    }
    report.sizes.push(row);
  }

  // The engine figures, the stages and the rendering all use the 100,000-resource NDJSON inventory.
  const engineFile = await ensureInventory(ENGINE_RESOURCES, 'ndjson', log);
  log(`stages: where the ${fmtN(ENGINE_RESOURCES)}-resource NDJSON scan's time goes`);
  report.stages = { resources: ENGINE_RESOURCES, file: engineFile, runs: [] };
  for (const stage of STAGES) {
    report.stages.runs.push(childJson(await run(process.execPath, [fileURLToPath(import.meta.url), '--stage', stage, engineFile, ...rulesArgs]), `stage ${stage}`));
  }

  log(`engine: catalogue throughput and json-rules-engine comparison (one core${HAS_TASKSET ? ', taskset -c 0' : ''})`);
  report.engine = childJson(await run(process.execPath, [fileURLToPath(import.meta.url), '--engine', engineFile, ...rulesArgs], { pin: true }), 'engine');

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
    for (let i = 0; i < 5; i++) {
      rmSync('/tmp/x', { recursive: true, force: true });
      const d = await run(process.execPath, [BIN, 'scan', '--snapshot', DEMO, '--out', '/tmp/x', '--fail-on', 'none', '--quiet']);
      demo.push(d.wallMs);
      demoCode = d.code;
    }
    report.demo = { wallMs: median(demo), runs: demo, exitCode: demoCode };
  } else {
    report.demo = { missing: DEMO };
  }

  log('render: SARIF and HTML at 100,000 results');
  report.render = childJson(await run(process.execPath, [fileURLToPath(import.meta.url), '--render', engineFile, ...rulesArgs]), 'render');
  report.finishedAt = new Date().toISOString();

  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(table(report));
  log(`wrote ${args.out}`);
}

/** The one table: a row per figure, with the target beside it. */
export function table(report) {
  const rows = [['measure', 'value', 'target', 'met']];
  const mark = (ok) => (ok === undefined ? '' : ok ? 'yes' : 'NO');
  for (const s of report.sizes) {
    for (const format of ['json', 'ndjson']) {
      const e = s[format];
      const big = s.resources >= 100_000;
      rows.push([`${fmtN(s.resources)} ${format}: parse (floor) / scan`, `${fmtMs(e.floorMs)} / ${e.scanError ? `failed (${e.scanError.slice(0, 60)})` : fmtMs(e.scanMs)}`, '', '']);
      rows.push([`${fmtN(s.resources)} ${format}: scan ÷ parse`, e.ratio === undefined ? 'n/a' : `${e.ratio.toFixed(2)}×`, big ? '≤ 1.5×' : '', big ? mark(e.ratio !== undefined && e.ratio <= 1.5) : '']);
      const rssTarget = format === 'ndjson' && s.resources >= 1_000_000;
      rows.push([`${fmtN(s.resources)} ${format}: peak RSS parse / scan`, `${fmtMb(e.floorRssKb)} / ${fmtMb(e.scanRssKb)}`, rssTarget ? '< 1 GiB' : '', rssTarget ? mark(e.scanRssKb !== undefined && e.scanRssKb < 1024 * 1024) : '']);
    }
  }
  if (report.stages) {
    let before = 0;
    const parts = report.stages.runs.map((r) => {
      const part = `${r.stage} ${before === 0 ? '' : '+'}${fmtMs(r.ms - before)}`;
      before = r.ms;
      return part;
    });
    const startup = report.stages.runs[0]?.startupMs;
    rows.push([`${fmtN(report.stages.resources)} ndjson scan by stage (in-process, start-up ${fmtMs(startup)} apart)`, parts.join(', '), '', '']);
  }
  const c = report.engine.catalogue;
  rows.push([`engine: rule evaluations/s (${c.rules} rules, ${fmtN(c.resources)} resources, one core)`, fmtN(c.perSecond), '≥ 2 M/s', mark(c.perSecond >= 2e6)]);
  const sub = report.engine.subset;
  rows.push([`vs json-rules-engine (${sub.rules} rules, ${fmtN(sub.resources)} resources): sealcheck / jre`, `${fmtMs(sub.sealcheckMs)} / ${fmtMs(sub.jreMs)}`, '', '']);
  rows.push(['json-rules-engine time ÷ sealcheck time', `${sub.ratio.toFixed(0)}× (verdicts agree ${sub.agree}, differ ${sub.disagree})`, '≥ 100×', mark(sub.ratio >= 100)]);
  rows.push([`sealcheck --version (${report.version.text})`, fmtMs(report.version.wallMs), '< 150 ms', mark(report.version.wallMs < 150)]);
  rows.push(['demo scan', report.demo.wallMs === undefined ? 'fixture missing' : fmtMs(report.demo.wallMs), '< 1 s', report.demo.wallMs === undefined ? '' : mark(report.demo.wallMs < 1000)]);
  rows.push([`render SARIF (${fmtN(report.render.results)} results)`, fmtMs(report.render.sarif.ms), '', '']);
  rows.push([`render HTML (${fmtN(report.render.results)} results)`, fmtMs(report.render.html.ms), '', '']);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  const sep = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const m = report.machine;
  return `\nsealcheck bench — ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}\n\n${[line(rows[0]), sep, ...rows.slice(1).map(line)].join('\n')}\n\n`;
}

// ---------------------------------------------------------------- entry

const USAGE = `usage: npm run bench -- [options]

  --sizes LIST   inventory sizes to scan, comma-separated (k and m suffixes allowed; default 10000,100000,1000000;
                 the 1,000,000 row takes about half of the run)
  --rules DIR    rules folder (default: the bundled catalogue)
  --repeat N     scans per size and format, best kept (default 1)
  --out FILE     where the figures go as JSON (default reports/bench/bench.json)

Inventories are generated into /tmp/sealcheck-bench/ and reused while bench/gen.mjs is unchanged.
Figures are printed as one table; nothing is asserted. See docs/performance.md.
`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [mode, file, ...rest] = process.argv.slice(2);
  const rulesDir = rest[0] === '--rules' ? rest[1] : undefined;
  try {
    if (mode === '--floor') await floorChild(file);
    else if (mode === '--engine') await engineChild(file, rulesDir);
    else if (mode === '--render') await renderChild(file, rulesDir);
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

