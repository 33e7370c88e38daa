import { join } from 'node:path';
import type { LoadedRule } from '../../engine/load-rules.js';
import type { Result, ScanResults, Severity, Status } from '../../engine/result.js';
import type { EvidenceMode } from '../../engine/compile-rule.js';
import { scanInventoryStreaming } from '../../engine/scan-stream.js';
import { decideExit, gateRecord, type GateInput, type GateOptions } from '../../gate/threshold.js';
import { openInventory, readsByLine } from '../../inventory/snapshot-read.js';
import { ResultsJsonStream } from '../../report/results-json-stream.js';
import type { ReportFormat } from '../../report/write.js';

/** What the gate reads of a result, shared: the streamed scan keeps one small object per status × severity, not the results. */
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

/**
 * The streamed scan: memory holds the index of referenced resources and the
 * gate's view of each non-passing result, never the inventory or the results.
 * `record` adds what the caller keeps under `run` (the config file); the gate
 * decision is recorded after it, as on the in-memory path, so both write the
 * same results.json.
 */
export async function runStreamingScan(
  snapshot: string,
  rules: LoadedRule[],
  outDir: string,
  gate: GateOptions,
  evidence: EvidenceMode = 'failures',
  record: (results: ScanResults) => ScanResults = (r) => r,
): Promise<number> {
  const out = new ResultsJsonStream(join(outDir, 'results.json'));
  const shared = new Map<string, GateResult>();
  const gateView: GateResult[] = [];
  const sink = {
    add(r: Result) {
      out.add(r);
      if (r.status === 'PASS') return;
      const key = `${r.status}|${r.severity}`;
      let view = shared.get(key);
      if (!view) {
        view = { status: r.status as Status, severity: r.severity as Severity };
        shared.set(key, view);
      }
      gateView.push(view);
    },
    flush: () => out.flush(),
  };
  let scanned;
  try {
    scanned = await scanInventoryStreaming((o) => openInventory(snapshot, o), { rules, file: snapshot, evidence }, sink);
  } catch (error) {
    await out.abort();
    throw error;
  }
  const decision = decideExit({ results: gateView, run: scanned.run }, gate);
  const recorded = record(scanned);
  await out.finish({ ...recorded, run: { ...recorded.run, gate: gateRecord(decision, gate) } as ScanResults['run'] });
  return decision.exitCode;
}
