import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM JavaScript without type declarations
import { generate } from '../../bench/gen.mjs';
import type { ScanResults } from '../../src/engine/result.js';
import { createAjv } from '../../src/util/ajv.js';
import { ROOT, runCli } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'sealcheck-stream-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const validateResults = createAjv().compile(JSON.parse(readFileSync(join(ROOT, 'schemas/results.schema.json'), 'utf8')) as object);
const inventory = join(work, 'inv.ndjson');

/** results.json without the two timestamps of the run, which differ between any two scans. */
const withoutClock = (text: string) => text.replace(/"startedAt":"[^"]*","finishedAt":"[^"]*"/, '"startedAt":"x","finishedAt":"x"');

describe('sealcheck scan of an NDJSON snapshot with --format json (streamed)', () => {
  beforeAll(async () => {
    // More than 1,024 resources, so results reach the file before the scan ends.
    await generate({ resources: 3000, out: inventory, seed: 'stream-e2e' });
  });

  it('writes the results.json the in-memory scan writes, with the same exit code', () => {
    const streamed = runCli(['scan', '--snapshot', inventory, '--format', 'json', '--out', join(work, 'streamed')]);
    // JUnit as well takes the in-memory path (every result held, then written).
    const held = runCli(['scan', '--snapshot', inventory, '--format', 'json,junit', '--out', join(work, 'held')]);
    expect(streamed.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(streamed.code).toBe(held.code);
    expect([0, 1]).toContain(streamed.code);
    const text = readFileSync(join(work, 'streamed', 'results.json'), 'utf8');
    expect(withoutClock(text)).toBe(withoutClock(readFileSync(join(work, 'held', 'results.json'), 'utf8')));
    const doc = JSON.parse(text) as ScanResults;
    expect(validateResults(doc), JSON.stringify(validateResults.errors)).toBe(true);
    expect(doc.results.length).toBe(doc.summary.total);
    expect(doc.results.length).toBeGreaterThan(3000);
    // Rules first, then a result per line, then the run and the summary.
    expect(text.indexOf('\n"rules":[')).toBeLessThan(text.indexOf('\n"results":['));
    expect(text.indexOf('\n"results":[')).toBeLessThan(text.indexOf('\n"run":'));
    expect(text.endsWith('}\n}\n')).toBe(true);
  });

  it('stops at a bad resource late in the file with its line, and leaves no output folder', () => {
    const lines = readFileSync(inventory, 'utf8').split('\n');
    lines[2500] = '{"resourceType":"AWS::EC2::Volume","resourceId":"vol-1"';
    const bad = join(work, 'bad.ndjson');
    writeFileSync(bad, lines.join('\n'));
    const out = join(work, 'bad-out', 'nested');
    const run = runCli(['scan', '--snapshot', bad, '--format', 'json', '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.ndjson:2501:\d+: not valid JSON: unexpected end of input/);
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(existsSync(join(work, 'bad-out'))).toBe(false);
  });
});
