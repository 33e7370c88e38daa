import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileRule } from '../../src/engine/compile-rule.js';
import { Evaluator } from '../../src/engine/evaluate.js';
import { InventoryIndex } from '../../src/engine/inventory-index.js';
import { loadRules } from '../../src/engine/load-rules.js';
import type { Result } from '../../src/engine/result.js';
import type { RuleCases } from '../../src/engine/rule-types.js';
import { validateResource } from '../../src/inventory/snapshot-validate.js';
import { caseResource } from './case-resource.js';

/** Case files are evaluated at this instant, so relative dates in rules and fixtures stay meaningful. */
const NOW = Date.parse('2026-11-20T09:00:00Z');

const rules = loadRules();

describe.each(rules.map((r) => [r.rule.id, r] as const))('rule %s', (id, loaded) => {
  const casesFile = loaded.file.replace(/\.json$/, '.cases.json');

  it('has a case file with PASS, FAIL and UNKNOWN cases', () => {
    expect(existsSync(casesFile), `${casesFile} is missing`).toBe(true);
    const cases = JSON.parse(readFileSync(casesFile, 'utf8')) as RuleCases;
    expect(cases.rule).toBe(id);
    const kinds = new Set(cases.cases.map((c) => c.expect));
    expect([...kinds]).toEqual(expect.arrayContaining(['PASS', 'FAIL', 'UNKNOWN']));
  });

  const cases = existsSync(casesFile) ? (JSON.parse(readFileSync(casesFile, 'utf8')) as RuleCases) : { rule: id, cases: [] };
  const cited = cases.cases.filter((c) => c.source !== undefined);
  if (cited.length > 0) {
    it('cites AWS documentation pages for its documented edge cases', () => {
      for (const c of cited) expect(c.source, c.name).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/[^\s]+$/);
    });
  }
  it.each(cases.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const resource = caseResource(c.resource);
    const context = (cases.context ?? []).map(caseResource);
    for (const [i, r] of [resource, ...context].entries()) {
      expect(validateResource(r, casesFile, `/case/${i}`), `${r.resourceType} is not a modelled type`).toBe(true);
    }
    const compiled = compileRule(loaded, { now: NOW, ...(c.parameters ? { parameters: c.parameters } : {}) });
    const index = new InventoryIndex();
    for (const r of [resource, ...context]) index.add(r);
    const results: Result[] = [];
    new Evaluator([compiled], index, NOW).evaluate(resource, (r) => results.push(r));
    if (c.expect === 'NOT_APPLICABLE') {
      expect(results).toEqual([]);
      return;
    }
    expect(results).toHaveLength(1);
    const [result] = results as [Result];
    expect(result.status, `${result.message}\n${JSON.stringify(result.evidence, null, 2)}`).toBe(c.expect);
    expect(result.message.length).toBeGreaterThan(10);
    if (c.expect !== 'PASS') expect(result.evidence.length).toBeGreaterThan(0);
    if (c.expect === 'UNKNOWN') expect(result.evidence.some((e) => e.missing !== undefined)).toBe(true);
  });
});
