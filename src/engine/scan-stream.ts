import type { InventorySource, OpenOptions } from '../inventory/snapshot-read.js';
import { compileRules, Evaluator, indexedTypes, SummaryCounter } from './evaluate.js';
import { InventoryIndex } from './inventory-index.js';
import type { Result, ScanResults } from './result.js';
import { CollectionErrors, runDocument } from './run-document.js';
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
  return runDocument(source, { startedAt, resourceCount, file: options.file, rules, errors, summary: counter.summary() }, []);
}
