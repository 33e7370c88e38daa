import type { Result, RuleSummary, Severity, StatusCounts } from '../engine/result.js';
import { compareByUrgency, rulesById, serviceOf } from './facets.js';

/** Failures of one rule: what the console's "top failing rules" lists. */
export interface RuleFailures {
  rule: string;
  /** The severity of the rule's first failure. */
  severity: Severity;
  fails: number;
}

/** ERROR results of one rule: their number and the first one met. */
export interface RuleErrors {
  count: number;
  first: Result;
}

const zero = (): StatusCounts => ({ PASS: 0, FAIL: 0, UNKNOWN: 0, ERROR: 0 });

/**
 * What the summaries of the reports need from the findings, counted as they
 * pass: per-rule status counts, failures by severity, service, account and
 * region, the first ERROR of each rule, and the rules the catalogue lacks.
 * Its size grows with rules, accounts and regions, never with the findings.
 */
export class FindingTally {
  readonly byRule = new Map<string, StatusCounts>();
  readonly failsBySeverity = new Map<Severity, number>();
  readonly failsByService = new Map<string, number>();
  readonly failsByAccount = new Map<string, number>();
  readonly failsByRegion = new Map<string, number>();
  readonly failsByRule = new Map<string, RuleFailures>();
  readonly errorsByRule = new Map<string, RuleErrors>();
  /** Rules findings name that the rules table lacks: the first finding of each, in the order met. */
  readonly unknownRules = new Map<string, Result>();
  /** Findings counted (any status), and those with a record other than PASS. */
  findings = 0;
  private readonly known: Map<string, RuleSummary>;

  constructor(readonly rules: readonly RuleSummary[]) {
    this.known = rulesById(rules);
  }

  private counts(ruleId: string): StatusCounts {
    let c = this.byRule.get(ruleId);
    if (!c) this.byRule.set(ruleId, (c = zero()));
    return c;
  }

  /** A result kept as a record (a finding, or a PASS written in full). */
  addFinding(r: Result): void {
    this.findings++;
    if (!this.known.has(r.ruleId) && !this.unknownRules.has(r.ruleId)) this.unknownRules.set(r.ruleId, r);
    this.counts(r.ruleId)[r.status]++;
    if (r.status === 'ERROR') {
      const e = this.errorsByRule.get(r.ruleId);
      if (e) e.count++;
      else this.errorsByRule.set(r.ruleId, { count: 1, first: r });
    }
    if (r.status !== 'FAIL') return;
    bump(this.failsBySeverity, r.severity);
    bump(this.failsByService, serviceOf(r, this.known));
    bump(this.failsByAccount, r.accountId);
    bump(this.failsByRegion, r.region);
    const f = this.failsByRule.get(r.ruleId);
    if (f) f.fails++;
    else this.failsByRule.set(r.ruleId, { rule: r.ruleId, severity: r.severity, fails: 1 });
  }

  /** `count` passes of a rule without records. */
  addPasses(ruleId: string, count: number): void {
    this.counts(ruleId).PASS += count;
  }
}

function bump<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Counts sorted by count descending then name, as {@link countBy} gives them. */
export function sortedCounts(counts: ReadonlyMap<string, number>): [string, number][] {
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/**
 * The `limit` most urgent of the findings offered, and how many were offered:
 * what SARIF keeps within GitHub's result limit. Holds at most twice `limit`.
 * Equal findings keep the order they came in, as a stable sort of all would.
 */
export class TopFindings {
  private list: Result[] = [];
  offered = 0;

  constructor(readonly limit: number) {}

  add(r: Result): void {
    this.offered++;
    this.list.push(r);
    if (this.list.length >= 2 * this.limit + 1) this.trim();
  }

  private trim(): void {
    this.list.sort(compareByUrgency);
    this.list.length = Math.min(this.list.length, this.limit);
  }

  /** The kept findings, most urgent first. */
  sorted(): Result[] {
    this.trim();
    return this.list;
  }
}
