import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM JavaScript without type declarations
import { generate } from '../../bench/gen.mjs';
import { copyResult } from '../../src/engine/evaluated-result.js';
import { loadRules } from '../../src/engine/load-rules.js';
import type { Result } from '../../src/engine/result.js';
import { scanInventory } from '../../src/engine/scan.js';
import { scanInventoryStreaming } from '../../src/engine/scan-stream.js';
import { openInventory } from '../../src/inventory/snapshot-read.js';

const dir = mkdtempSync(join(tmpdir(), 'sealcheck-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const rules = loadRules();
const clock = <T extends { run: { startedAt: string; finishedAt: string } }>(s: T): T => ({ ...s, run: { ...s.run, startedAt: 'x', finishedAt: 'x' } });

describe('scanInventoryStreaming', () => {
  it('gives the same results, summary and run as the in-memory scan, and results.json byte for byte', async () => {
    const file = join(dir, 'inv.ndjson');
    await generate({ resources: 3000, out: file, seed: 'stream' });
    const whole = await scanInventory(await openInventory(file), { rules, file });
    const streamed: Result[] = [];
    const scan = await scanInventoryStreaming((o) => openInventory(file, o), { rules, file }, {
      add: (r) => streamed.push(r),
      flush: async () => undefined,
    });
    expect(streamed.map((r) => copyResult(r))).toEqual(whole.results.map((r) => copyResult(r)));
    const { findings: _f, passed: _p, results: _r, ...head } = whole;
    expect(clock(scan)).toEqual(clock(head));
    // Results that need the index (KMS keys) resolve in the second pass as in the first.
    expect(whole.results.length).toBeGreaterThan(1000);
  });

  it('reads the file once when its header says referenced resources come first, and starts over with two passes when one comes late', async () => {
    const file = join(dir, 'inv.ndjson');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    // Move the first KMS key to the end: the one reading is no longer enough.
    const keyAt = lines.findIndex((l) => l.includes('"resourceType":"AWS::KMS::Key"'));
    const late = join(dir, 'late-key.ndjson');
    writeFileSync(late, [...lines.slice(0, keyAt), ...lines.slice(keyAt + 1), lines[keyAt]].join('\n'));
    // Without the header's word on the order: two passes from the start.
    const unsaid = join(dir, 'unsaid.ndjson');
    expect(lines[0]).toContain('"referencedFirst":true');
    writeFileSync(unsaid, [lines[0]!.replace(',"referencedFirst":true', ''), ...lines.slice(1)].join('\n'));
    for (const [inventory, restarts, reads] of [
      [file, 0, ['all']],
      [late, 1, ['all', 'index', 'all']],
      [unsaid, 0, ['all', 'index', 'all']],
    ] as const) {
      const whole = await scanInventory(await openInventory(inventory), { rules, file: inventory });
      const opened: (string | undefined)[] = [];
      let streamed: Result[] = [];
      let restarted = 0;
      const scan = await scanInventoryStreaming(
        (o) => {
          opened.push(o?.onlyTypes ? 'index' : 'all');
          return openInventory(inventory, o);
        },
        { rules, file: inventory },
        {
          add: (r) => streamed.push(r),
          flush: async () => undefined,
          restart: async () => {
            restarted++;
            streamed = [];
          },
        },
      );
      expect(restarted).toBe(restarts);
      expect(opened).toEqual(reads);
      expect(streamed.map((r) => copyResult(r))).toEqual(whole.results.map((r) => copyResult(r)));
      expect(clock(scan)).toEqual(clock({ ...whole, results: [] }));
    }
  });

});
