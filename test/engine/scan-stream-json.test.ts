import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM JavaScript without type declarations
import { generate } from '../../bench/gen.mjs';
import { canStreamScan } from '../../src/cli/commands/scan-streaming.js';
import { loadRules } from '../../src/engine/load-rules.js';
import type { Result } from '../../src/engine/result.js';
import { scanInventory } from '../../src/engine/scan.js';
import { scanInventoryStreaming } from '../../src/engine/scan-stream.js';
import { openInventory, readsByLine } from '../../src/inventory/snapshot-read.js';

const dir = mkdtempSync(join(tmpdir(), 'sealcheck-stream-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const rules = loadRules();
const clock = <T extends { run: { startedAt: string; finishedAt: string } }>(s: T): T => ({ ...s, run: { ...s.run, startedAt: 'x', finishedAt: 'x' } });

describe('JSON snapshots in the line layout stream like NDJSON', () => {
  it('the streamed scan of a JSON snapshot gives the in-memory results', async () => {
    const file = join(dir, 'inv.json');
    await generate({ resources: 2000, out: file, seed: 'stream-json', format: 'json' });
    expect(await readsByLine(file)).toBe(true);
    expect(await canStreamScan(file, ['json'], {})).toBe(true);
    const whole = await scanInventory(await openInventory(file), { rules, file });
    const streamed: Result[] = [];
    const scan = await scanInventoryStreaming((o) => openInventory(file, o), { rules, file }, { add: (r) => streamed.push(r), flush: async () => undefined });
    expect(streamed).toEqual(whole.results);
    expect(clock(scan)).toEqual(clock({ ...whole, results: [] }));
    // Some results need the index of referenced resources (parameter groups) built in the first pass.
    expect(streamed.some((r) => r.evidence.some((e) => e.path.startsWith('ref(')))).toBe(true);
  });

  it('other JSON (one line, pretty-printed, AWS Config) takes the in-memory path', async () => {
    const compact = join(dir, 'compact.json');
    const pretty = join(dir, 'pretty.json');
    const doc = JSON.parse(readFileSync(join(dir, 'inv.json'), 'utf8')) as unknown;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(compact, JSON.stringify(doc));
    writeFileSync(pretty, JSON.stringify(doc, null, 2));
    for (const f of [compact, pretty, 'fixtures/config/config-snapshot.json']) {
      expect(await readsByLine(f), f).toBe(false);
      expect(await canStreamScan(f, ['json'], {}), f).toBe(false);
    }
    expect(await canStreamScan(join(dir, 'inv.json'), ['json', 'sarif'], {})).toBe(false);
    expect(await canStreamScan(join(dir, 'inv.json'), ['json'], { baseline: 'b.json' })).toBe(false);
  });

  it('sealcheck scan writes the same results.json, gate and config record included, streamed or in memory', () => {
    const scan = (formats: string, out: string) => {
      try {
        execFileSync(process.execPath, ['bin/sealcheck.js', 'scan', '--snapshot', 'fixtures/demo/demo-account.snapshot.json', '--format', formats, '--out', out, '--quiet'], { stdio: 'pipe' });
      } catch (error) {
        expect((error as { status?: number }).status).toBe(1);
      }
      const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { run: Record<string, unknown> };
      const run: Record<string, unknown> = { ...doc.run, startedAt: 'x', finishedAt: 'x' };
      return { ...doc, run };
    };
    const streamed = scan('json', join(dir, 'cli-streamed'));
    const inMemory = scan('json,junit', join(dir, 'cli-memory'));
    expect(streamed.run.gate).toMatchObject({ failOn: 'high', exitCode: 1 });
    expect(streamed).toEqual(inMemory);
  });
});
