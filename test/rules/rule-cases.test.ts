import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/engine/load-rules.js';
import { casesFileOf, readRuleCases, runRuleCases } from '../../src/engine/rule-cases.js';

/** The catalogue's cases, run by the same tester `sealcheck rules test` ships. */
const rules = loadRules();

describe.each(rules.map((r) => [r.rule.id, r] as const))('rule %s', (id, loaded) => {
  const casesFile = casesFileOf(loaded.file);
  const cases = readRuleCases(casesFile, id);

  it('has PASS, FAIL and UNKNOWN cases, evaluated at a stated instant', () => {
    expect([...new Set(cases.cases.map((c) => c.expect))]).toEqual(expect.arrayContaining(['PASS', 'FAIL', 'UNKNOWN']));
    // Without a fixed instant, ages and expiry dates in the cases would drift with the calendar.
    expect(cases.evaluatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('states why it has its severity (a rubric basis and a sentence)', () => {
    expect(loaded.rule.severityReason.basis).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(loaded.rule.severityReason.text.length).toBeGreaterThanOrEqual(10);
  });

  const cited = cases.cases.filter((c) => c.source !== undefined);
  if (cited.length > 0) {
    it('cites AWS documentation pages for its documented edge cases', () => {
      for (const c of cited) expect(c.source, c.name).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/[^\s]+$/);
    });
  }

  const { verdicts, results } = runRuleCases(loaded, cases);
  it.each(verdicts.map((v, i) => [v.name, v, i] as const))('%s', (_name, verdict, i) => {
    const result = results[i];
    expect(verdict.problem).toBeUndefined();
    expect(verdict.actual, `${result?.message}\n${JSON.stringify(result?.evidence, null, 2)}`).toBe(verdict.expect);
    expect(verdict.ok).toBe(true);
    if (verdict.expect === 'NOT_APPLICABLE') return;
    expect(result!.message.length).toBeGreaterThan(10);
    if (verdict.expect !== 'PASS') expect(result!.evidence.length).toBeGreaterThan(0);
    if (verdict.expect === 'UNKNOWN') expect(result!.evidence.some((e) => e.missing !== undefined)).toBe(true);
  });
});
