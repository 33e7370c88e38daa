import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { ScanResults } from '../../src/engine/result.js';
import { renderResultsJson, writeResultsJson } from '../../src/report/json.js';
import { readResults } from '../../src/report/read-results.js';
import { loadResults } from './fixtures.js';

/** Reverses key order at every level, to show the output order does not depend on the input's. */
function scramble(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scramble);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, scramble(v)]));
}

describe('results.json', () => {
  for (const name of ['small', 'hostile', 'empty'] as const) {
    it(`round-trips ${name} and validates against the results schema`, async () => {
      const scan = loadResults(name);
      const text = renderResultsJson(scan);
      expect(JSON.parse(text)).toEqual(scan);
      const dir = mkdtempSync(join(tmpdir(), 'sealcheck-json-'));
      await writeResultsJson(join(dir, 'results.json'), scan);
      expect(readFileSync(join(dir, 'results.json'), 'utf8')).toBe(text);
      await expect(readResults(join(dir, 'results.json'))).resolves.toEqual(scan);
    });
  }

  it('has a stable key order whatever the order of the input', () => {
    const scan = loadResults('small');
    expect(renderResultsJson(scramble(scan) as ScanResults)).toBe(renderResultsJson(scan));
    const first = renderResultsJson(scan).split('\n').find((l) => l.startsWith('{"ruleId"'))!;
    expect(Object.keys(JSON.parse(first.replace(/,$/, '')) as object).slice(0, 4)).toEqual(['ruleId', 'resourceType', 'resourceId', 'arn']);
  });

  it('writes one result per line', () => {
    const scan = loadResults('small');
    const lines = renderResultsJson(scan).split('\n');
    expect(lines.filter((l) => l.startsWith('{"ruleId"'))).toHaveLength(scan.results.length);
  });

  it('streams to a writable, honouring back-pressure, and leaves it open', async () => {
    const scan = loadResults('small');
    const big: ScanResults = { ...scan, results: Array.from({ length: 5000 }, (_, i) => ({ ...scan.results[i % scan.results.length]!, arn: `arn:aws:s3:::b-${i}` })) };
    const stream = new PassThrough({ highWaterMark: 1024 });
    const chunks: Buffer[] = [];
    let reading = false;
    const drained = new Promise<void>((resolve) => {
      // Start reading late so writes must wait for 'drain'.
      setTimeout(() => {
        reading = true;
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', resolve);
      }, 20);
    });
    await writeResultsJson(stream, big);
    expect(reading).toBe(true);
    expect(stream.writable).toBe(true);
    stream.end();
    await drained;
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ScanResults;
    expect(parsed.results).toHaveLength(5000);
  });
});
