import type { InventorySource } from '../inventory/snapshot-read.js';
import type { Resource } from '../inventory/resource.js';
import type { EvidenceMode } from './compile-rule.js';
import { compileRules, Evaluator, indexedTypes, SummaryCounter, type RuleOverrides } from './evaluate.js';
import { InventoryIndex } from './inventory-index.js';
import type { LoadedRule } from './rule-types.js';
import type { Result, ScanResults } from './result.js';
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
}

/** Evaluates every rule over an inventory held in memory and returns the whole results document. */
export async function scanInventory(source: InventorySource, options: ScanOptions): Promise<ScanResults> {
  const startedAt = new Date().toISOString();
  const captured = Date.parse(source.header.capturedAt);
  const now = options.now ?? (Number.isFinite(captured) ? captured : Date.now());
  const rules = compileRules(options.rules, now, options.overrides, options.evidence);
  const wanted = indexedTypes(rules);
  const index = new InventoryIndex();
  const resources: Resource[] = [];
  for await (const r of source.resources) {
    resources.push(r);
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
  return runDocument(source, { startedAt, resourceCount: resources.length, file: options.file, rules, errors, summary: counter.summary() }, results);
}
