import type { InventorySource } from '../inventory/snapshot-read.js';
import type { Resource } from '../inventory/resource.js';
import type { EvidenceMode } from './compile-rule.js';
import { compileRules, Evaluator, indexedTypes, SummaryCounter, type RuleOverrides } from './evaluate.js';
import { InventoryIndex } from './inventory-index.js';
import { scopeFilter, type InventoryScope } from '../inventory/scope.js';
import type { LoadedRule } from './rule-types.js';
import type { AccessLedger } from './access-ledger.js';
import type { PassedResults, Result, ScanResults } from './result.js';
import { CollectionErrors, runDocument } from './run-document.js';

export interface ScanOptions {
  rules: LoadedRule[];
  overrides?: RuleOverrides;
  /** The evaluation clock; defaults to the snapshot's capture time, so a scan of the same snapshot gives the same verdicts on any day. */
  now?: number;
  /** The snapshot file name, as reports should show it. */
  file?: string;
  /** Which results carry evidence: `failures` (default; PASS results have none) or `all`. */
  evidence?: EvidenceMode;
  /** Receives who can read and decrypt each store that an access rule asked about (the HTML report's section). */
  accessLedger?: AccessLedger;
  /** Only these resources are evaluated (and counted); the others still serve as references. */
  scope?: InventoryScope;
}

/** A scan held in memory: the results view, and every result (PASS included) in evaluation order. */
export type InMemoryScan = ScanResults & { results: Result[] };

/**
 * Evaluates every rule over an inventory held in memory and returns every
 * result, for library use and tests. The command line does not hold results:
 * it streams them (scan-stream.ts).
 */
export async function scanInventory(source: InventorySource, options: ScanOptions): Promise<InMemoryScan> {
  const startedAt = new Date().toISOString();
  const captured = Date.parse(source.header.capturedAt);
  const now = options.now ?? (Number.isFinite(captured) ? captured : Date.now());
  const rules = compileRules(options.rules, now, options.overrides, options.evidence);
  const wanted = indexedTypes(rules);
  const index = new InventoryIndex();
  index.header = source.header;
  if (options.accessLedger) index.accessLedger = options.accessLedger;
  const resources: Resource[] = [];
  const inScope = options.scope ? scopeFilter(options.scope, source.header, options.file ?? 'snapshot') : () => true;
  for await (const r of source.resources) {
    if (inScope(r)) resources.push(r);
    if (wanted.has(r.resourceType)) index.add(r);
  }
  const evaluator = new Evaluator(rules, index, now);
  const counter = new SummaryCounter();
  const results: Result[] = [];
  const emit = (r: Result) => {
    counter.add(r);
    results.push(r);
  };
  for (const r of resources) if (evaluator.evaluate(r, emit)) counter.resources++;
  const errors = new CollectionErrors(source.header.errors);
  for (const r of resources) if (r.errors) errors.addResource(r);
  const head = runDocument(source, { startedAt, resourceCount: resources.length, file: options.file, rules, errors, summary: counter.summary() });
  const passed = new Map<string, PassedResults>();
  for (const r of results) {
    if (r.status !== 'PASS') continue;
    const entry = passed.get(r.ruleId);
    if (entry) entry.count++;
    else passed.set(r.ruleId, { count: 1 });
  }
  return { ...head, findings: results.filter((r) => r.status !== 'PASS'), passed, results };
}
