import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../cli/run-cli.js';

/**
 * Issue 12's scale promises, held at 1,000,000 resources on the built CLI:
 * a scan with the default report formats completes in a bounded heap, and the
 * results.json it writes (far above the 512 MiB a JSON string can hold) is
 * read back by `report`, `baseline create`, `diff` and `scan --baseline`.
 * Run by `npm run test:scale` (and .ci/run), not by `npm test`: it takes minutes.
 */

const RESOURCES = Number(process.env.SEALCHECK_SCALE_RESOURCES ?? 1_000_000);
/** The heap a scan may use: well under the 4 GB at which the old scan ran out, and what a small CI runner gives. */
const SCAN_HEAP_MB = 1024;
const MINUTES = 60_000;

let dir: string;
let snapshot: string;
let out: string;
/** The first scan's counts, as `report` reads them back from its results.json. */
let counts: ReturnType<typeof summaryCounts>;

const heap = (mb: number) => ({ NODE_OPTIONS: `--max-old-space-size=${mb}` });

/** The counts line and the "all" row of summary.md, digits only. */
function summaryCounts(markdown: string): { resources: number; fail: number; unknown: number; error: number; pass: number } {
  const plain = markdown.replace(/\\/g, '').replace(/,(?=\d{3})/g, '');
  const resources = /(\d+) resource\(s\)/.exec(plain);
  const all = /\| \*\*all\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \|/.exec(plain);
  if (!resources || !all) throw new Error(`summary.md without counts:\n${markdown.slice(0, 2000)}`);
  return { resources: Number(resources[1]), fail: Number(all[1]), unknown: Number(all[2]), error: Number(all[3]), pass: Number(all[4]) };
}

describe(`a scan of ${RESOURCES.toLocaleString('en')} resources`, () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sealcheck-scale-'));
    snapshot = join(dir, 'inventory.ndjson');
    out = join(dir, 'first');
    const gen = spawnSync(process.execPath, ['bench/gen.mjs', '--resources', String(RESOURCES), '--out', snapshot, '--format', 'ndjson'], { cwd: ROOT, encoding: 'utf8' });
    expect(gen.status, gen.stderr).toBe(0);
  }, 10 * MINUTES);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every default report within a 1 GiB heap', () => {
    const run = runCli(['scan', '--snapshot', snapshot, '--out', out, '--format', 'json,sarif,html,junit', '--fail-on', 'none', '-q'], { env: heap(SCAN_HEAP_MB) });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const file of ['results.json', 'results.sarif', 'report.html', 'junit.xml']) expect(statSync(join(out, file)).size).toBeGreaterThan(0);
    // The case issue 12 names: a results file too large to be one JavaScript string.
    if (RESOURCES === 1_000_000) expect(statSync(join(out, 'results.json')).size).toBeGreaterThan(512 * 2 ** 20);
  }, 30 * MINUTES);

  it('is read back by report, with every resource counted', () => {
    const run = runCli(['report', '--results', join(out, 'results.json'), '--format', 'markdown', '--out', '-']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    counts = summaryCounts(run.stdout);
    expect(counts.resources).toBe(RESOURCES);
    expect(counts.fail).toBeGreaterThan(0);
    expect(counts.pass).toBeGreaterThan(counts.fail);
  }, 30 * MINUTES);

  it('becomes a baseline holding every open finding, which a second scan meets unchanged', async () => {
    const baseline = join(dir, 'baseline.json');
    const created = runCli(['baseline', 'create', '--results', join(out, 'results.json'), '--out', baseline]);
    expect(created.code).toBe(0);
    expect(created.stderr).toBe(`baseline: ${counts.fail + counts.unknown + counts.error} finding(s) written to ${baseline}\n`);
    // The baseline is hundreds of megabytes: its findings are counted line by line (one "fingerprint" line each, as written).
    let entries = 0;
    for await (const line of createInterface({ input: createReadStream(baseline) })) if (line.trimStart().startsWith('"fingerprint": "')) entries++;
    expect(entries).toBe(counts.fail + counts.unknown + counts.error);

    const again = join(dir, 'second');
    const gated = runCli(['scan', '--snapshot', snapshot, '--out', again, '--format', 'json,sarif,html,junit', '--baseline', baseline, '--fail-on', 'low', '-q'], { env: heap(SCAN_HEAP_MB) });
    // Every finding is in the baseline: nothing new, so even --fail-on low passes.
    expect(gated.code).toBe(0);
    const second = summaryCounts(runCli(['report', '--results', join(again, 'results.json'), '--format', 'markdown', '--out', '-']).stdout);
    expect(second).toEqual(counts);
  }, 60 * MINUTES);

  it('diffs against itself with nothing new and nothing fixed', () => {
    const results = join(out, 'results.json');
    const run = runCli(['diff', results, results]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const line = (name: string) => new RegExp(`^${name} +(\\d+)`, 'm').exec(run.stdout)?.[1];
    expect(line('new')).toBe('0');
    expect(line('fixed')).toBe('0');
    expect(Number(line('unchanged'))).toBe(counts.fail + counts.unknown + counts.error);
  }, 30 * MINUTES);
});
