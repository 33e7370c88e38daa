import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/engine/load-rules.js';
import type { Result } from '../../src/engine/result.js';
import { scanInventory } from '../../src/engine/scan.js';
import { openInventory } from '../../src/inventory/snapshot-read.js';

const rules = loadRules();

async function verdicts(file: string): Promise<Map<string, Result>> {
  const results = await scanInventory(await openInventory(file), { rules, now: Date.parse('2026-11-20T09:00:00Z') });
  return new Map(results.results.map((r) => [`${r.ruleId} ${r.arn}`, r]));
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
    const arns = new Set([...actual.values()].map((r) => r.arn));
    const expected = [...(await verdicts('fixtures/config/equivalent.snapshot.json'))].filter(([, r]) => arns.has(r.arn));
    expect(expected.length).toBeGreaterThan(0);
    for (const [key, want] of expected) {
      const got = actual.get(key);
      // A form that lacks some data (BatchGetResourceConfig carries no tags) may only turn a verdict into UNKNOWN, naming why.
      if (got?.status === 'UNKNOWN' && want.status !== 'UNKNOWN') {
        expect(got.evidence.some((e) => e.missing?.includes('NotRecordedByConfig')), `${key}: ${got.message}`).toBe(true);
        continue;
      }
      expect(got?.status, key).toBe(want.status);
    }
    // Results the sealcheck form has no counterpart for exist only where the rule's applicability could not be decided.
    const wanted = new Set(expected.map(([k]) => k));
    for (const [key, got] of actual) {
      if (wanted.has(key)) continue;
      expect(got.status, key).toBe('UNKNOWN');
      expect(got.evidence.some((e) => e.missing?.includes('NotRecordedByConfig')), key).toBe(true);
    }
  });
});
