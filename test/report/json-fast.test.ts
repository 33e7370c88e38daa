import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { Result } from '../../src/engine/result.js';
import { loadRules } from '../../src/engine/load-rules.js';
import { scanInventory } from '../../src/engine/scan.js';
import { openInventory } from '../../src/inventory/snapshot-read.js';
import { orderedResultJson, resultJson } from '../../src/report/json.js';
import { HOSTILE, loadResults } from './fixtures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEMO = 'fixtures/demo/demo-account.snapshot.json';

/** The fast writer must give the bytes of the general (ordered copy) writer for every result. */
function expectSameBytes(results: readonly Result[]): void {
  for (const result of results) expect(resultJson(result)).toBe(orderedResultJson(result));
}

const hostileStrings = [...Object.values(HOSTILE), '"quoted"\\back\\slash', '\u0000\u001f\ud800 lone surrogate', 'tab\tnew\nline', '\u{1F512}'];

describe('results.json line writer', () => {
  for (const name of ['small', 'hostile', 'empty'] as const) {
    it(`writes the same bytes as the ordered copy for fixtures/results/${name}`, () => {
      const results = loadResults(name).results;
      expectSameBytes(results);
      expectSameBytes(results.map((r) => Object.fromEntries(Object.entries(r).reverse()) as unknown as Result));
    });
  }

  it('writes the same bytes as the ordered copy for the demo scan', async () => {
    const scan = await scanInventory(await openInventory(join(ROOT, DEMO)), { rules: loadRules(), file: DEMO });
    expect(scan.results.length).toBeGreaterThan(0);
    expectSameBytes(scan.results);
  });

  it('keeps hostile strings escaped as JSON.stringify escapes them, in every field', () => {
    const base = loadResults('small').results[0]!;
    for (const s of hostileStrings) {
      const result: Result = {
        ...base,
        resourceId: s,
        arn: s,
        name: s,
        message: s,
        evidence: [{ path: s, found: { [s]: [s, 1, null, true] }, expected: s, missing: s }],
        references: { awsConfig: s, securityHub: [s], links: [s] },
        suppression: { reason: s, owner: s, source: s },
        baselineState: 'new',
      };
      expect(resultJson(result)).toBe(orderedResultJson(result));
      expect(JSON.parse(resultJson(result))).toEqual(result);
    }
  });

  it('falls back to the general writer for shapes the engine does not produce', () => {
    const base = loadResults('small').results[0]!;
    const odd: unknown[] = [
      { ...base, extra: 1, '10': 'x', constructor: 'c' },
      { ...base, name: undefined, suppression: undefined, evidence: [{ path: 'p', found: undefined, expected: 'e' }] },
      { ...base, evidence: [null, 'x', ['a'], { path: 'p', expected: 'e', zz: 1 }] },
      { ...base, evidence: { b: 1, a: 2 } },
      { ...base, references: ['S3.5'] },
      { ...base, references: { links: ['l'], cis: ['1'], other: { z: 1, a: 2 } } },
      { ...base, suppression: { reason: 'r', note: 'n' } },
      { ...base, name: () => 'f', message: Symbol('s') },
      { ...base, evidence: [{ path: 'p', expected: 'e', found: () => 1 }] },
    ];
    expectSameBytes(odd as Result[]);
  });

  it('matches the general writer on generated results', () => {
    const base = loadResults('small').results[0]!;
    const value = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.integer(), fc.constant(null), fc.boolean(), fc.constant(undefined));
    const record = (keys: string[]) => fc.dictionary(fc.constantFrom(...keys), fc.oneof(value, fc.array(value), fc.dictionary(fc.string(), value)));
    const arbitrary = fc.record({
      fields: record(['resourceId', 'arn', 'name', 'message', 'baselineState', 'fingerprint', 'stray']),
      evidence: fc.array(record(['path', 'found', 'expected', 'missing', 'stray'])),
      references: record(['awsConfig', 'securityHub', 'cis', 'links', 'stray']),
      suppression: fc.option(record(['reason', 'owner', 'ticket', 'expires', 'source', 'stray'])),
    });
    fc.assert(
      fc.property(arbitrary, ({ fields, evidence, references, suppression }) => {
        const result = { ...base, ...fields, evidence, references, suppression: suppression ?? undefined } as unknown as Result;
        return resultJson(result) === orderedResultJson(result);
      }),
      { numRuns: 500 },
    );
  });
});
