import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/engine/load-rules.js';
import { scanInventory } from '../../src/engine/scan.js';
import { openInventory } from '../../src/inventory/snapshot-read.js';

const rules = loadRules();

async function verdicts(file: string): Promise<Map<string, string>> {
  const results = await scanInventory(await openInventory(file), { rules, now: Date.parse('2026-11-20T09:00:00Z') });
  return new Map(results.results.map((r) => [`${r.ruleId} ${r.arn}`, r.status]));
}

describe('the same resources give the same verdicts from AWS Config and from a sealcheck snapshot', () => {
  it.each([
    'fixtures/config/config-snapshot.json',
    'fixtures/config/config-api.BatchGetResourceConfig.json',
    'fixtures/config/config-api.GetResourceConfigHistory.json',
    'fixtures/config/config-api.SelectResourceConfig.json',
  ])('%s', async (file) => {
    const actual = await verdicts(file);
    // The API fixtures hold a subset of the resources (as a batch call would); the importer's own tests check that nothing is dropped.
    const arns = new Set([...actual.keys()].map((k) => k.split(' ')[1]));
    const expected = new Map([...(await verdicts('fixtures/config/equivalent.snapshot.json'))].filter(([k]) => arns.has(k.split(' ')[1])));
    expect(expected.size).toBeGreaterThan(0);
    expect(Object.fromEntries([...actual].sort())).toEqual(Object.fromEntries([...expected].sort()));
  });
});
