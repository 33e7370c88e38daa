import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanResults } from '../../src/engine/result.js';
import { renderResultsJson } from '../../src/report/json.js';
import { ResultsJsonStream } from '../../src/report/results-json-stream.js';
import { loadResults } from './fixtures.js';

describe('ResultsJsonStream', () => {
  it('writes the bytes of the in-memory writer, lines handed to the file between flushes', async () => {
    const scan = loadResults('small');
    // Well over one 64 KiB batch between two flushes, and a flush mid-way.
    const results = Array.from({ length: 3000 }, (_, i) => ({ ...scan.results[i % scan.results.length]!, arn: `arn:aws:s3:::b-${i}` }));
    const big: ScanResults = { ...scan, results };
    const file = join(mkdtempSync(join(tmpdir(), 'sealcheck-rjs-')), 'results.json');
    const stream = new ResultsJsonStream(file, big.rules);
    for (const [i, r] of results.entries()) {
      stream.add(r);
      if (i === 1500) await stream.flush();
    }
    await stream.finish(big);
    const text = readFileSync(file, 'utf8');
    expect(text.length).toBeGreaterThan(4 * 64 * 1024);
    expect(text).toBe(renderResultsJson(big));
    // The run and summary follow the results: known only once every result is.
    expect(text.indexOf('\n"summary":')).toBeGreaterThan(text.indexOf('\n"results":['));
  });

  it('writes no results as the in-memory writer does', async () => {
    const scan: ScanResults = { ...loadResults('small'), results: [] };
    const file = join(mkdtempSync(join(tmpdir(), 'sealcheck-rjs-')), 'results.json');
    const stream = new ResultsJsonStream(file, scan.rules);
    await stream.finish(scan);
    expect(readFileSync(file, 'utf8')).toBe(renderResultsJson(scan));
  });

  it('starts over from the rules on restart, keeping none of the results written before', async () => {
    const scan = loadResults('small');
    const file = join(mkdtempSync(join(tmpdir(), 'sealcheck-rjs-')), 'results.json');
    const stream = new ResultsJsonStream(file, scan.rules);
    for (let i = 0; i < 2000; i++) stream.add({ ...scan.results[0]!, arn: `arn:aws:s3:::gone-${i}` });
    await stream.flush();
    await stream.restart();
    for (const r of scan.results) stream.add(r);
    await stream.finish(scan);
    expect(readFileSync(file, 'utf8')).toBe(renderResultsJson(scan));
  });

  it('leaves nothing behind when aborted, not even the output folder it created', async () => {
    const scan = loadResults('small');
    const dir = join(mkdtempSync(join(tmpdir(), 'sealcheck-rjs-')), 'new', 'deeper');
    const stream = new ResultsJsonStream(join(dir, 'results.json'), scan.rules);
    for (const r of scan.results) stream.add(r);
    await stream.flush();
    expect(existsSync(dir)).toBe(true);
    await stream.abort();
    expect(existsSync(join(dir, '..'))).toBe(false);
  });
});
