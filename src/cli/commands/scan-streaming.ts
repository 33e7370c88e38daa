import { join } from 'node:path';
import type { LoadedRule } from '../../engine/rule-types.js';
import { SEVERITIES, type ScanResults } from '../../engine/result.js';
import type { EvidenceMode } from '../../engine/compile-rule.js';
import { compileRules } from '../../engine/evaluate.js';
import { decideExit, gateRecord, type GateInput, type GateOptions } from '../../gate/threshold.js';
import { openInventory, readsByLine } from '../../inventory/snapshot-read.js';
import { ResultsJsonStream } from '../../report/results-json-stream.js';
import { scanInventoryStreaming } from '../../engine/scan-stream.js';
import { REPORT_FILES, type ReportFormat } from '../../report/write.js';

/** What the gate reads of a result: the streamed scan keeps one small object per status × severity, not the results. */
type GateResult = GateInput['results'][number];

/**
 * Whether a scan can stream: input read one resource at a time
 * (`readsByLine`: NDJSON, or JSON as sealcheck writes it) and twice,
 * results.json as the only report, and no baseline or suppressions (they
 * match against every result).
 * SARIF, HTML, JUnit and the console summary are built from all results in
 * memory, so asking for them takes the in-memory path.
 */
export async function canStreamScan(snapshot: string, formats: readonly ReportFormat[], options: { baseline?: string; suppressions?: string }): Promise<boolean> {
  return formats.length > 0 && formats.every((f) => f === 'json') && !options.baseline && !options.suppressions && (await readsByLine(snapshot));
}

/** The gate's view of the results, rebuilt from the counts: one shared `{status, severity}` per non-passing result. */
function gateView(summary: ScanResults['summary']): GateResult[] {
  const view: GateResult[] = [];
  for (const severity of SEVERITIES) {
    for (const status of ['FAIL', 'UNKNOWN', 'ERROR'] as const) {
      const shared = { status, severity };
      for (let i = summary.bySeverity[severity][status]; i > 0; i--) view.push(shared);
    }
  }
  return view;
}

/** What a streamed scan reads, applies and writes. */
export interface StreamingScanOptions {
  snapshot: string;
  rules: LoadedRule[];
  outDir: string;
  gate: GateOptions;
  /** Which results carry evidence (default `failures`). */
  evidence?: EvidenceMode | undefined;
  /** Adds what the caller keeps under `run` (the config file) before the gate decision is recorded. */
  record?: (results: ScanResults) => ScanResults;
}

/**
 * The streamed scan: memory holds the index of referenced resources and the
 * counts, never the inventory or the results, which go straight to
 * results.json as they come. `record` adds what the caller keeps under `run`
 * (the config file); the gate decision is recorded after it, as on the
 * in-memory path, so both write the same results.json.
 */
export async function runStreamingScan({ snapshot, rules, outDir, gate, evidence = 'failures', record = (r) => r }: StreamingScanOptions): Promise<number> {
  const out = new ResultsJsonStream(join(outDir, 'results.json'), compileRules(rules, Date.now()).map((r) => r.summary), Object.values(REPORT_FILES));
  try {
    const scanned = await scanInventoryStreaming((o) => openInventory(snapshot, o), { rules, file: snapshot, evidence }, out);
    const decision = decideExit({ results: gateView(scanned.summary), run: scanned.run }, gate);
    const recorded = record(scanned);
    await out.finish({ summary: recorded.summary, run: { ...recorded.run, gate: gateRecord(decision, gate) } as ScanResults['run'] });
    return decision.exitCode;
  } catch (error) {
    await out.abort();
    throw error;
  }
}
