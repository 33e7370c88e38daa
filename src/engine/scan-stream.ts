import type { InventorySource, OpenOptions } from '../inventory/snapshot-read.js';
import { TOOL } from '../tool.js';
import { compileRules, Evaluator, indexedTypes, SummaryCounter } from './evaluate.js';
import { InventoryIndex } from './inventory-index.js';
import type { Result, ScanResults } from './result.js';
import type { ScanOptions } from './scan.js';

/** Opens the inventory again from the start: the streaming scan reads it twice. */
export type ReopenInventory = (options?: OpenOptions) => Promise<InventorySource>;

/** Where results go as they are produced; `flush` is awaited now and then so a slow writer holds the reader back. */
export interface ResultSink {
  add(result: Result): void;
  flush(): Promise<void>;
}

/**
 * Evaluates an inventory that can be read twice without holding it in memory.
 * Pass 1 reads only the resource types rules look up in others (KMS keys,
 * aliases, parameter groups, account settings) into the index; pass 2 reads
 * every resource again and evaluates it, handing each result to `sink`. Memory
 * holds the index, the per-resource collection errors and whatever the sink
 * keeps, never the inventory. The returned document has an empty `results`.
 */
export async function scanInventoryStreaming(open: ReopenInventory, options: ScanOptions, sink: ResultSink): Promise<ScanResults> {
  const startedAt = new Date().toISOString();
  // Which types to index does not depend on the clock, so it is known before the header is read.
  const wanted = indexedTypes(compileRules(options.rules, Date.now(), options.overrides));
  const pass1 = await open({ onlyTypes: wanted });
  const captured = Date.parse(pass1.header.capturedAt);
  const now = options.now ?? (Number.isFinite(captured) ? captured : Date.now());
  const rules = compileRules(options.rules, now, options.overrides, options.evidence);
  const index = new InventoryIndex();
  for await (const r of pass1.resources) index.add(r);
  const source = await open();
  const evaluator = new Evaluator(rules, index, now);
  const counter = new SummaryCounter();
  const emit = (r: Result) => {
    counter.add(r);
    sink.add(r);
  };
  const errors = new CollectionErrors(source.header.errors);
  let resourceCount = 0;
  for await (const r of source.resources) {
    resourceCount++;
    if (evaluator.evaluate(r, emit)) counter.resources++;
    if (r.errors) errors.addResource(r);
    if ((resourceCount & 1023) === 0) await sink.flush();
  }
  await sink.flush();
  const h = source.header;
  const snapshot: ScanResults['run']['snapshot'] = { source: h.source.kind, capturedAt: h.capturedAt, accounts: h.accounts, regions: h.regions, resourceCount };
  if (options.file ?? h.source.file) snapshot.file = (options.file ?? h.source.file)!;
  if (Object.keys(source.unsupported).length) snapshot.unsupported = source.unsupported;
  if (h.skipped && Object.keys(h.skipped).length) snapshot.skipped = h.skipped;
  return {
    format: 'sealcheck-results',
    version: 1,
    run: { tool: TOOL, startedAt, finishedAt: new Date().toISOString(), snapshot, ruleCount: rules.length, collectionErrors: errors.list },
    summary: counter.summary(),
    rules: rules.map((r) => r.summary),
    results: [],
  };
}

type RunError = ScanResults['run']['collectionErrors'][number];

/** Scoped errors from the header plus every per-resource error, each once, gathered as resources stream past. */
class CollectionErrors {
  readonly list: RunError[] = [];
  private readonly seen = new Set<string>();

  constructor(headerErrors: InventorySource['header']['errors']) {
    for (const e of headerErrors) this.add({ ...e });
  }

  addResource(r: { accountId: string; region: string; arn: string; errors?: Omit<RunError, 'accountId' | 'region' | 'resourceArn'>[] }): void {
    for (const e of r.errors ?? []) this.add({ accountId: r.accountId, region: r.region, resourceArn: r.arn, ...e });
  }

  private add(e: RunError): void {
    const key = JSON.stringify(e);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(e);
  }
}
