import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanResults } from '../../src/engine/result.js';
import { renderResultsJson } from '../../src/report/json.js';
import { ResultsJsonStream } from '../../src/report/results-json-stream.js';
import { loadResults } from './fixtures.js';

describe('ResultsJsonStream', () => {
  it('writes the bytes of the in-memory writer when lines are handed to the side file between flushes', async () => {
    const scan = loadResults('small');
    // Well over one 64 KiB batch between two flushes, and a flush mid-way.
    const results = Array.from({ length: 3000 }, (_, i) => ({ ...scan.results[i % scan.results.length]!, arn: `arn:aws:s3:::b-${i}` }));
    const big: ScanResults = { ...scan, results };
    const file = join(mkdtempSync(join(tmpdir(), 'sealcheck-rjs-')), 'results.json');
    const stream = new ResultsJsonStream(file);
    for (const [i, r] of results.entries()) {
      stream.add(r);
      if (i === 1500) await stream.flush();
    }
    await stream.finish(big);
    const text = readFileSync(file, 'utf8');
    expect(text.length).toBeGreaterThan(4 * 64 * 1024);
    expect(text).toBe(renderResultsJson(big));
  });
});
