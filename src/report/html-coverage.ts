import { frameworkRequirements } from '../engine/references.js';
import type { RuleSummary, Status, StatusCounts } from '../engine/result.js';

/** How one framework control fared: the rules that implement it and their results. */
export interface ControlCoverage {
  /** `Security Hub`, or the id of a framework mapping file (`cis-aws-v5.0.0`). */
  framework: string;
  control: string;
  rules: string[];
  counts: Record<Status, number>;
  /** FAIL if any result failed; else UNKNOWN if any was unknown or errored; else PASS if any passed; else `none` (no resource in scope). */
  verdict: Status | 'none';
}

function compareControlIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** Coverage of Security Hub controls and framework requirements (CIS by version, PCI DSS, NIST, HIPAA) by the rules of this run, with their verdicts. */
export function frameworkCoverage(rules: readonly RuleSummary[], perRule: ReadonlyMap<string, StatusCounts>): ControlCoverage[] {
  const controls = new Map<string, ControlCoverage>();
  const add = (framework: ControlCoverage['framework'], control: string, ruleId: string) => {
    const key = `${framework}\n${control}`;
    const entry = controls.get(key) ?? { framework, control, rules: [], counts: { PASS: 0, FAIL: 0, UNKNOWN: 0, ERROR: 0 }, verdict: 'none' };
    if (!entry.rules.includes(ruleId)) {
      entry.rules.push(ruleId);
      const c = perRule.get(ruleId);
      if (c) for (const s of Object.keys(c) as Status[]) entry.counts[s] += c[s];
    }
    controls.set(key, entry);
  };
  for (const rule of rules) {
    for (const id of rule.references.securityHub ?? []) add('Security Hub', id, rule.id);
    for (const { framework, id } of frameworkRequirements(rule.references)) add(framework, id, rule.id);
  }
  for (const c of controls.values()) {
    c.verdict = c.counts.FAIL > 0 ? 'FAIL' : c.counts.UNKNOWN + c.counts.ERROR > 0 ? 'UNKNOWN' : c.counts.PASS > 0 ? 'PASS' : 'none';
  }
  // Security Hub first, then the frameworks by id (a CIS version sorts next to the other).
  const rank = (f: string) => (f === 'Security Hub' ? '' : f);
  return [...controls.values()].sort((a, b) => (rank(a.framework) < rank(b.framework) ? -1 : rank(a.framework) > rank(b.framework) ? 1 : compareControlIds(a.control, b.control)));
}
