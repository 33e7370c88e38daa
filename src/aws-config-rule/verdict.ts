import { compareSeverity, type Result } from '../engine/result.js';
import { annotation } from './annotation.js';
import type { UnknownAs } from './rule-parameters.js';

/** A compliance type a custom rule may report. */
export type ComplianceType = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';

/** What is reported for one resource: one evaluation per resource per Config rule. */
export interface Verdict {
  complianceType: ComplianceType;
  annotation: string;
}

const byWeight = (a: Result, b: Result) => compareSeverity(a.severity, b.severity) || a.ruleId.localeCompare(b.ruleId);

const more = (n: number) => (n > 0 ? `(+${n} more)` : '');

/**
 * The one evaluation of a resource from the results of every sealcheck rule that ran on it.
 * A FAIL decides NON_COMPLIANT; otherwise an UNKNOWN or ERROR decides `unknownAs` with an annotation
 * that starts "UNKNOWN:" and says what could not be read (never COMPLIANT); only all PASS is COMPLIANT.
 * The annotation is the most severe deciding result's message; the others are counted.
 */
export function verdictOf(results: readonly Result[], unknownAs: UnknownAs): Verdict {
  if (results.length === 0) return { complianceType: 'NOT_APPLICABLE', annotation: annotation('No sealcheck rule applies to this resource.') };
  const failed = results.filter((r) => r.status === 'FAIL').sort(byWeight);
  const unknown = results.filter((r) => r.status === 'UNKNOWN' || r.status === 'ERROR').sort(byWeight);
  const first = failed[0];
  if (first) return { complianceType: 'NON_COMPLIANT', annotation: annotation(`${first.ruleId}: ${first.message}`, more(failed.length + unknown.length - 1)) };
  const open = unknown[0];
  if (open) return { complianceType: unknownAs, annotation: annotation(`UNKNOWN: ${open.ruleId}: ${open.message}`, more(unknown.length - 1)) };
  const ids = results.map((r) => r.ruleId).sort();
  return { complianceType: 'COMPLIANT', annotation: annotation(`${ids.length === 1 ? 'Passes' : `All ${ids.length} pass`}: ${ids.join(', ')}`) };
}

/** The evaluation of a resource that could not be evaluated at all (its item unreadable, or not returned by Config): fail closed. */
export function unreadable(reason: string, unknownAs: UnknownAs): Verdict {
  return { complianceType: unknownAs, annotation: annotation(`UNKNOWN: ${reason}`) };
}
