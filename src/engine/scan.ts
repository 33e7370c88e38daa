import type { InventorySource } from '../inventory/snapshot-read.js';
import type { Resource } from '../inventory/resource.js';
import { TOOL } from '../tool.js';
import type { EvidenceMode } from './compile-rule.js';
import { compileRules, Evaluator, indexedTypes, SummaryCounter, type RuleOverrides } from './evaluate.js';
import { InventoryIndex } from './inventory-index.js';
import type { LoadedRule } from './load-rules.js';
import type { Result, ScanResults } from './result.js';

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
  const h = source.header;
  const snapshot: ScanResults['run']['snapshot'] = {
    source: h.source.kind,
    capturedAt: h.capturedAt,
    accounts: h.accounts,
    regions: h.regions,
    resourceCount: resources.length,
  };
  if (options.file ?? h.source.file) snapshot.file = (options.file ?? h.source.file)!;
  if (Object.keys(source.unsupported).length) snapshot.unsupported = source.unsupported;
  if (h.skipped && Object.keys(h.skipped).length) snapshot.skipped = h.skipped;
  return {
    format: 'sealcheck-results',
    version: 1,
    run: {
      tool: TOOL,
      startedAt,
      finishedAt: new Date().toISOString(),
      snapshot,
      ruleCount: rules.length,
      collectionErrors: collectionErrors(h.errors, resources),
    },
    summary: counter.summary(),
    rules: rules.map((r) => r.summary),
    results,
  };
}

/** Scoped errors from the header plus every per-resource error, each once. */
function collectionErrors(headerErrors: InventorySource['header']['errors'], resources: Resource[]): ScanResults['run']['collectionErrors'] {
  const out: ScanResults['run']['collectionErrors'] = [];
  const seen = new Set<string>();
  const add = (e: ScanResults['run']['collectionErrors'][number]) => {
    const key = JSON.stringify(e);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(e);
  };
  for (const e of headerErrors) add({ ...e });
  for (const r of resources) {
    for (const e of r.errors ?? []) add({ accountId: r.accountId, region: r.region, resourceArn: r.arn, ...e });
  }
  return out;
}
