import { expect, it } from 'vitest';
import type { Collector } from '../../../src/collect/context.js';
import { compileRule } from '../../../src/engine/compile-rule.js';
import { Evaluator } from '../../../src/engine/evaluate.js';
import { InventoryIndex } from '../../../src/engine/inventory-index.js';
import { loadRules } from '../../../src/engine/load-rules.js';
import type { Result } from '../../../src/engine/result.js';
import type { Resource } from '../../../src/inventory/resource.js';
import { collectValid } from '../helpers.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const RULES = loadRules();

/** Every bundled rule for `type`, evaluated on `resources` of that type. */
export function verdicts(resources: Resource[], type: string): { rule: string; status: Result['status'] }[] {
  const index = new InventoryIndex();
  for (const r of resources) index.add(r);
  const rules = RULES.filter((l) => l.rule.resourceTypes.includes(type)).map((l) => compileRule(l, { now: NOW }));
  expect(rules.length, `bundled rules for ${type}`).toBeGreaterThan(0);
  const results: Result[] = [];
  const evaluator = new Evaluator(rules, index, NOW);
  for (const r of resources.filter((x) => x.resourceType === type)) evaluator.evaluate(r, (x) => results.push(x));
  return results.map((r) => ({ rule: r.ruleId, status: r.status }));
}

/**
 * A successful answer lacking what every valid answer carries (or a field
 * whose absence the API reference leaves unexplained), served by `serve`:
 * the list calls name one resource of each of `types`, the calls that describe
 * it answer without the fields.
 */
export interface OddAnswer {
  name: string;
  collector: Collector;
  types: readonly string[];
  serve: () => void;
  /**
   * For an answer that is valid but for a field whose absence the reference
   * leaves unexplained: the rules that read that field, which must be UNKNOWN.
   * The other rules judge the fields the answer does give. Without it, every rule must be UNKNOWN.
   */
  rules?: readonly string[];
}

/** The codes of a recorded odd answer: a field every answer carries, or one the reference leaves unexplained. */
const ODD = ['IncompleteResponse', 'NotReported'];

/** For each case: one resource of each type, its odd answer recorded on it, and every bundled rule of the type (or the case's `rules`) UNKNOWN or ERROR — never PASS, never a FAIL read from a missing field. */
export function neverJudgedFromMissingFields(cases: readonly OddAnswer[]): void {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    c.serve();
    const { resources } = await collectValid(c.collector);
    for (const type of c.types) {
      const own = resources.filter((r) => r.resourceType === type);
      expect(own, type).toHaveLength(1);
      expect(own[0]!.errors?.map((e) => e.code).filter((code) => ODD.includes(code)), type).not.toEqual([]);
      const results = verdicts(resources, type).filter((r) => c.rules?.includes(r.rule) ?? true);
      expect(results.length, type).toBe(c.rules?.length ?? results.length);
      expect(results.length, type).toBeGreaterThan(0);
      expect(results.filter((r) => r.status !== 'UNKNOWN' && r.status !== 'ERROR'), type).toEqual([]);
    }
  });
}
