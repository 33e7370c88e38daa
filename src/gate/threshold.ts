import { UsageError } from '../errors.js';
import { SEVERITIES, SEVERITY_LEVEL, type Result, type RunInfo, type Severity, type Status } from '../engine/result.js';
import { EXIT } from './exit-codes.js';

/** `--fail-on` values: a severity floor, or `none` to never fail on findings. */
export type FailOn = Severity | 'none';

export const FAIL_ON_VALUES: readonly FailOn[] = [...SEVERITIES, 'none'];

/** What the gate is asked to enforce. */
export interface GateOptions {
  /** Lowest severity that fails the run. Default `high`. */
  failOn: FailOn;
  /** Also fail on UNKNOWN (and ERROR) results at or above the threshold: data that could not be checked. */
  failOnUnknown: boolean;
  /** Exit 3 when the run recorded collection errors or rejected source items. */
  strict: boolean;
}

export const DEFAULT_GATE_OPTIONS: GateOptions = { failOn: 'high', failOnUnknown: false, strict: false };

/** Per-severity tallies of what the gate looked at. */
export type SeverityCounts = Record<Severity, number>;

/** Why each non-passing result did or did not count. */
export interface GateCounts {
  /** Unsuppressed, not-baselined FAIL results at or above the threshold: these fail the gate. */
  failing: SeverityCounts;
  /** UNKNOWN/ERROR results at or above the threshold that are not suppressed or baselined; they fail the gate only with `failOnUnknown`. */
  unknown: SeverityCounts;
  /** Findings (any status but PASS) hidden by an active suppression. */
  suppressed: number;
  /** Findings the baseline already held (`baselineState: 'unchanged'`). */
  baselined: number;
  /** FAIL results below the threshold. */
  belowThreshold: number;
  collectionErrors: number;
  /** Source items left out because they could not be read; with `strict` they make the run incomplete. */
  rejectedItems: number;
}

export interface GateDecision {
  exitCode: 0 | 1 | 3;
  /** One sentence per reason the run failed; empty when clean. */
  reasons: string[];
  counted: GateCounts;
}

/** The parts of a run the gate reads. */
export interface GateInput {
  findings: readonly Pick<Result, 'status' | 'severity' | 'suppression' | 'baselineState'>[];
  run: Pick<RunInfo, 'collectionErrors'> & { snapshot?: Pick<RunInfo['snapshot'], 'rejected'> };
}


/** True when `severity` is at or above the threshold. `none` admits nothing. */
export function meetsThreshold(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'none' && SEVERITY_LEVEL[severity] >= SEVERITY_LEVEL[failOn];
}

/** Parses a `--fail-on` value; throws a UsageError naming the choices. */
export function parseFailOn(value: string): FailOn {
  const v = value.trim().toLowerCase();
  if ((FAIL_ON_VALUES as readonly string[]).includes(v)) return v as FailOn;
  throw new UsageError(`--fail-on: "${value}" is not one of ${FAIL_ON_VALUES.join(', ')}`);
}

const zero = (): SeverityCounts => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });
const sum = (c: SeverityCounts) => SEVERITIES.reduce((n, s) => n + c[s], 0);
const list = (c: SeverityCounts) =>
  SEVERITIES.filter((s) => c[s] > 0)
    .map((s) => `${c[s]} ${s}`)
    .join(', ');

const isUnknownLike = (status: Status) => status === 'UNKNOWN' || status === 'ERROR';

/**
 * Decides the exit code. A result counts when it is not PASS, not suppressed,
 * not already in the baseline (`unchanged`; `new`, `updated` and no baseline
 * state all count) and at or above the threshold. When both a failing finding
 * and (with `strict`) a collection error exist, exit 1 wins: a definite
 * failure is the stronger statement, and both reasons are listed.
 */
export function decideExit(input: GateInput, options: GateOptions = DEFAULT_GATE_OPTIONS): GateDecision {
  const tally = new GateTally(options);
  for (const r of input.findings) tally.add(r);
  return tally.decide(input.run);
}

/** The gate's counts, kept as results stream past; {@link decideExit} over a list is the same tally. */
export class GateTally {
  private readonly counted: Omit<GateCounts, 'collectionErrors' | 'rejectedItems'> = { failing: zero(), unknown: zero(), suppressed: 0, baselined: 0, belowThreshold: 0 };

  constructor(private readonly options: GateOptions = DEFAULT_GATE_OPTIONS) {}

  add(r: GateInput['findings'][number]): void {
    const counted = this.counted;
    if (r.status === 'PASS') return;
    if (r.suppression) {
      counted.suppressed++;
      return;
    }
    if (r.baselineState === 'unchanged' || r.baselineState === 'absent') {
      if (r.baselineState === 'unchanged') counted.baselined++;
      return;
    }
    if (!meetsThreshold(r.severity, this.options.failOn)) {
      if (r.status === 'FAIL') counted.belowThreshold++;
      return;
    }
    if (r.status === 'FAIL') counted.failing[r.severity]++;
    else if (isUnknownLike(r.status)) counted.unknown[r.severity]++;
  }

  /** The decision once every finding is in; the run says what the inventory lacks (collection errors, rejected source items). */
  decide(run: GateInput['run']): GateDecision {
    const c = this.counted;
    const incomplete = { collectionErrors: run.collectionErrors.length, rejectedItems: run.snapshot?.rejected?.count ?? 0 };
    return decision({ failing: { ...c.failing }, unknown: { ...c.unknown }, suppressed: c.suppressed, baselined: c.baselined, belowThreshold: c.belowThreshold, ...incomplete }, this.options);
  }
}

function decision(counted: GateCounts, options: GateOptions): GateDecision {

  const reasons: string[] = [];
  const failing = sum(counted.failing);
  const unknown = sum(counted.unknown);
  if (failing > 0) reasons.push(`${failing} finding(s) at or above ${options.failOn}: ${list(counted.failing)}`);
  if (options.failOnUnknown && unknown > 0) {
    reasons.push(`${unknown} result(s) could not be checked (UNKNOWN/ERROR) at or above ${options.failOn}: ${list(counted.unknown)} (--fail-on-unknown)`);
  }
  const gateFailed = reasons.length > 0;
  if (options.strict && counted.collectionErrors > 0) {
    reasons.push(`${counted.collectionErrors} collection error(s): the inventory is incomplete (--strict)`);
  }
  if (options.strict && counted.rejectedItems > 0) {
    reasons.push(`${counted.rejectedItems} source item(s) rejected as unreadable: the inventory is incomplete (--strict)`);
  }
  const exitCode = gateFailed ? EXIT.gateFailed : reasons.length > 0 ? EXIT.incomplete : EXIT.clean;
  return { exitCode, reasons, counted };
}

/** The decision as results.json records it under `run.gate` (`schemas/results.schema.json#/definitions/gate`). */
export interface GateRecord extends GateOptions {
  exitCode: GateDecision['exitCode'];
  reasons: string[];
  counts: GateCounts;
}

/** {@link decideExit}'s answer with the options it was asked, so a results file says why the run passed or failed. */
export function gateRecord(decision: GateDecision, options: GateOptions): GateRecord {
  return { failOn: options.failOn, failOnUnknown: options.failOnUnknown, strict: options.strict, exitCode: decision.exitCode, reasons: decision.reasons, counts: decision.counted };
}
