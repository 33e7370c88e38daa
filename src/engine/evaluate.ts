import type { Resource } from '../inventory/resource.js';
import type { EvalState } from './compile-condition.js';
import { compileRule, type CompiledRule, type EvidenceMode } from './compile-rule.js';
import { InventoryIndex } from './inventory-index.js';
import { SEVERITIES, type Result, type RunSummary, type Severity, type StatusCounts } from './result.js';
import type { LoadedRule, RuleValue } from './rule-types.js';

/** Per-rule settings from configuration: parameter values and severity overrides. */
export interface RuleOverrides {
  parameters?: Record<string, Record<string, RuleValue>>;
  severity?: Record<string, Severity>;
}

/** Compiles the loaded catalogue for one run; `evidence` says which results carry evidence (PASS results only with `all`). */
export function compileRules(rules: LoadedRule[], now: number, overrides: RuleOverrides = {}, evidence: EvidenceMode = 'failures'): CompiledRule[] {
  return rules.map((loaded) => {
    const options: Parameters<typeof compileRule>[1] = { now, evidence };
    const params = overrides.parameters?.[loaded.rule.id];
    const severity = overrides.severity?.[loaded.rule.id];
    if (params) options.parameters = params;
    if (severity) options.severity = severity;
    return compileRule(loaded, options);
  });
}

/** The resource types rules look up in other resources: only these are indexed. */
export function indexedTypes(rules: readonly CompiledRule[]): Set<string> {
  const types = new Set<string>();
  for (const rule of rules) {
    for (const t of rule.refTypes) types.add(t);
    if (rule.usesEncryption) {
      types.add('AWS::KMS::Key');
      types.add('AWS::KMS::Alias');
      // A key in a custom key store is joined to the store (is it connected).
      types.add('AWS::KMS::CustomKeyStore');
    }
  }
  return types;
}

/**
 * Evaluates compiled rules resource by resource. Rules are grouped by type
 * once, so each resource meets only the rules written for it.
 */
export class Evaluator {
  private readonly byType = new Map<string, CompiledRule[]>();
  private readonly state: EvalState;

  constructor(
    rules: readonly CompiledRule[],
    readonly index: InventoryIndex,
    now: number,
  ) {
    for (const rule of rules) {
      for (const type of rule.types) {
        const list = this.byType.get(type) ?? [];
        list.push(rule);
        this.byType.set(type, list);
      }
    }
    this.state = { index, now, derived: new Map() };
  }

  /** Emits the results of every rule for one resource; returns whether any rule applied. */
  evaluate(resource: Resource, emit: (result: Result) => void): boolean {
    const rules = this.byType.get(resource.resourceType);
    if (!rules) return false;
    this.state.derived.clear();
    let applied = false;
    for (const rule of rules) {
      const result = rule.evaluate(resource, this.state);
      if (result) {
        applied = true;
        emit(result);
      }
    }
    return applied;
  }
}

const zero = (): StatusCounts => ({ PASS: 0, FAIL: 0, UNKNOWN: 0, ERROR: 0 });

/** Counts results by status and by severity × status, as they stream past. */
export class SummaryCounter {
  private readonly byStatus = zero();
  private readonly bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, zero()])) as Record<Severity, StatusCounts>;
  private total = 0;
  /** Resources that at least one rule looked at. */
  resources = 0;

  add(r: Result): void {
    this.total++;
    this.byStatus[r.status]++;
    this.bySeverity[r.severity][r.status]++;
  }

  summary(): RunSummary {
    return { total: this.total, byStatus: { ...this.byStatus }, bySeverity: structuredClone(this.bySeverity), resources: this.resources };
  }
}
