import type { ResultSink } from '../engine/scan-stream.js';
import type { Result, ScanResults } from '../engine/result.js';
import { BaselineMatcher, loadBaseline, type AbsentFinding, type Baseline } from './baseline.js';
import type { Resource } from '../inventory/resource.js';
import { SuppressionMatcher, asList, loadSuppressions, type SuppressionEntry, type SuppressionSet } from './suppressions.js';
import { GateTally, gateRecord, type GateDecision, type GateOptions, type GateRecord } from './threshold.js';

/** What the gate adds under `run` in results.json (the schema's `run.baseline`, `run.suppressions`, `run.gate`). */
export interface GateRunRecord {
  baseline?: { file: string; kind: string; counts: { new: number; unchanged: number; updated: number; absent: number }; absent: AbsentFinding[] };
  suppressions?: {
    file: string;
    active: SuppressionRecordEntry[];
    expired: SuppressionRecordEntry[];
    stale: SuppressionRecordEntry[];
  };
  gate?: GateRecord;
}

/** A suppressions entry as results.json records it: what it matches, and how many findings it matched. */
export interface SuppressionRecordEntry {
  source: string;
  rule: string;
  resource?: string;
  account?: string[];
  region?: string[];
  tags?: Record<string, string>;
  matched?: number;
  /** Absent: the entry never expires. */
  expires?: string;
}

function recordEntry(entry: SuppressionEntry, matched?: number): SuppressionRecordEntry {
  const account = asList(entry.account);
  const region = asList(entry.region);
  return {
    source: entry.source,
    rule: entry.rule,
    ...(entry.resource !== undefined ? { resource: entry.resource } : {}),
    ...(account ? { account } : {}),
    ...(region ? { region } : {}),
    ...(entry.tags ? { tags: entry.tags } : {}),
    ...(matched !== undefined ? { matched } : {}),
    ...(entry.expires !== undefined ? { expires: entry.expires } : {}),
  };
}

/** An entry's matching fields in one line, for console notes. */
function scopeText(e: SuppressionRecordEntry): string {
  const parts = [e.rule, e.resource ?? '', e.account ? `account ${e.account.join(',')}` : '', e.region ? `region ${e.region.join(',')}` : ''];
  if (e.tags) parts.push(`tags ${Object.entries(e.tags).map(([k, v]) => `${k}=${v}`).join(',')}`);
  return parts.filter(Boolean).join(' ');
}

export interface GateFiles {
  baseline?: string;
  suppressions?: string;
  /** Defaults to now; tests pin it so expiry is deterministic. */
  now?: Date;
}

/** A result the gate may mark: the engine's results and plain records both have these fields writable. */
type Gated = Result;

/**
 * The gate as results stream past: the baseline is a set of fingerprints,
 * the suppressions a compiled matcher, both read before the scan; each
 * finding is marked (`baselineState`, then `suppression`, so a suppressed
 * finding still shows whether it is new) and counted for the exit decision as
 * it is produced, then handed on. Nothing is kept per result.
 */
export class FindingGate {
  private baselineMatcher: BaselineMatcher | undefined;
  private suppressionMatcher: SuppressionMatcher | undefined;
  private tally: GateTally;

  constructor(
    private readonly options: GateOptions,
    private readonly baseline?: Baseline,
    private readonly suppressions?: SuppressionSet,
    private readonly now: Date = new Date(),
  ) {
    this.tally = new GateTally(options);
    this.reset();
  }

  /** Reads the baseline and suppressions files (InputError on a bad file, before anything is written). */
  static async load(options: GateOptions, files: GateFiles, knownRuleIds: readonly string[]): Promise<FindingGate> {
    const [baseline, suppressions] = await Promise.all([
      files.baseline === undefined ? undefined : loadBaseline(files.baseline),
      files.suppressions === undefined ? undefined : loadSuppressions(files.suppressions, { knownRuleIds }),
    ]);
    return new FindingGate(options, baseline, suppressions, files.now);
  }

  /** Forgets every result seen (a scan that starts over). */
  reset(): void {
    this.baselineMatcher = this.baseline && new BaselineMatcher(this.baseline);
    this.suppressionMatcher = this.suppressions && new SuppressionMatcher(this.suppressions, this.now);
    this.tally = new GateTally(this.options);
  }

  /** Marks one result and counts it; the resource, when the scan gives it, lets suppressions match on tags. */
  gate(r: Gated, resource?: Pick<Resource, 'tags'>): void {
    if (r.status === 'PASS') return;
    const state = this.baselineMatcher?.stateOf(r);
    if (state !== undefined) r.baselineState = state;
    const suppression = this.suppressionMatcher?.match(r, resource?.tags);
    if (suppression) r.suppression = suppression;
    this.tally.add(r);
  }

  /** A sink that gates each result before handing it to `next`. */
  before(next: ResultSink): ResultSink {
    return {
      add: (r, resource) => {
        this.gate(r, resource);
        next.add(r, resource);
      },
      flush: () => next.flush(),
      restart: async () => {
        this.reset();
        await next.restart?.();
      },
    };
  }

  /** What the baseline and suppressions did, as results.json records it under `run`. */
  async record(): Promise<GateRunRecord> {
    const record: GateRunRecord = {};
    if (this.baseline && this.baselineMatcher) {
      record.baseline = { file: this.baseline.file, kind: this.baseline.kind, counts: this.baselineMatcher.counts(), absent: await this.baselineMatcher.absent() };
    }
    if (this.suppressions && this.suppressionMatcher) {
      const report = this.suppressionMatcher.report();
      record.suppressions = {
        file: this.suppressions.file,
        active: report.active.map(({ entry, matched }) => recordEntry(entry, matched)),
        expired: report.expired.map(({ entry, matched }) => recordEntry(entry, matched)),
        stale: report.stale.map(({ entry }) => recordEntry(entry)),
      };
    }
    return record;
  }

  /** The exit decision over every result gated, and the run with the gate's record (baseline, suppressions, decision) under it. */
  async decide<R extends Pick<ScanResults, 'run'>>(scan: R): Promise<{ scan: R; decision: GateDecision }> {
    const decision = this.tally.decide(scan.run);
    const run = { ...scan.run, ...(await this.record()), gate: gateRecord(decision, this.options) };
    return { scan: { ...scan, run }, decision };
  }
}

/**
 * Applies the baseline and suppressions files to results held in memory:
 * a copy of the results with `baselineState` and `suppression` set and the
 * record under `run`, and the exit decision (tests and library use).
 */
export async function gateResults(results: ScanResults, options: GateOptions, files: GateFiles): Promise<{ results: ScanResults; decision: GateDecision }> {
  const gate = await FindingGate.load(options, files, results.rules.map((r) => r.id));
  const findings = results.findings.map((r): Result => ({ ...r }));
  for (const r of findings) gate.gate(r);
  const { scan, decision } = await gate.decide({ ...results, findings });
  return { results: scan, decision };
}

/** Lines for the console about expired and stale suppressions and the baseline, so they are never silent. */
export function gateNotes(results: Pick<ScanResults, 'run'>): string[] {
  const run = results.run as ScanResults['run'] & GateRunRecord;
  const notes: string[] = [];
  if (run.baseline) {
    const c = run.baseline.counts;
    notes.push(`baseline ${run.baseline.file}: ${c.new} new, ${c.updated} updated, ${c.unchanged} unchanged, ${c.absent} fixed since (absent)`);
  }
  const s = run.suppressions;
  if (s) {
    const suppressed = s.active.reduce((n, e) => n + (e.matched ?? 0), 0);
    notes.push(`suppressions ${s.file}: ${suppressed} finding(s) suppressed by ${s.active.length} entr${s.active.length === 1 ? 'y' : 'ies'}`);
  }
  for (const e of s?.expired ?? []) notes.push(`suppression expired ${e.expires} (${e.source}): ${scopeText(e)} no longer suppresses ${e.matched} finding(s)`);
  for (const e of s?.stale ?? []) notes.push(`suppression stale (${e.source}): ${scopeText(e)} matches nothing`);
  for (const e of [...(s?.active ?? []), ...(s?.stale ?? [])]) if (e.expires === undefined) notes.push(`suppression without expiry (${e.source}): ${scopeText(e)}: give it an expires date so it is reviewed`);
  return notes;
}
