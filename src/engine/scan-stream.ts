import type { InventorySource, OpenOptions } from '../inventory/snapshot-read.js';
import type { Resource } from '../inventory/resource.js';
import { errorInScope, scopeFilter } from '../inventory/scope.js';
import type { CompiledRule } from './compile-rule.js';
import { compileRules, Evaluator, indexedTypes, SummaryCounter } from './evaluate.js';
import { InventoryIndex, resourceOfEntry, type IndexEntry } from './inventory-index.js';
import type { Result } from './result.js';
import { CollectionErrors, runDocument, type ScanHead } from './run-document.js';
import type { ScanOptions } from './scan.js';

/** Opens the inventory again from the start: the streaming scan may read it twice. */
export type ReopenInventory = (options?: OpenOptions) => Promise<InventorySource>;

/** Where results go as they are produced; `flush` is awaited now and then so a slow writer holds the reader back. */
export interface ResultSink {
  /** One result, with the resource it judged (the gate matches suppressions on its tags). */
  add(result: Result, resource?: Resource): void;
  flush(): Promise<void>;
  /**
   * Forgets every result added so far. A sink that can makes a one-pass scan
   * possible: when a resource others refer to turns up after evaluation began,
   * the scan starts over with two passes.
   */
  restart?(): Promise<void>;
}

/** The clock rules evaluate against: the given one, else the snapshot's capture time. */
function clockOf(options: ScanOptions, source: InventorySource): number {
  const captured = Date.parse(source.header.capturedAt);
  return options.now ?? (Number.isFinite(captured) ? captured : Date.now());
}

/** Evaluation of the resources of one reading, in reading order, into the sink. */
class Evaluation {
  private readonly evaluator: Evaluator;
  private readonly counter = new SummaryCounter();
  private readonly errors: CollectionErrors;
  private resourceCount = 0;
  private readonly inScope: ((r: Resource) => boolean) | undefined;
  private readonly scopedRegions: readonly string[] | undefined;

  constructor(
    private readonly source: InventorySource,
    private readonly rules: CompiledRule[],
    index: InventoryIndex,
    now: number,
    private readonly sink: ResultSink,
    options: ScanOptions,
  ) {
    this.evaluator = new Evaluator(rules, index, now);
    const { scope } = options;
    this.scopedRegions = scope?.regions;
    this.inScope = scope ? scopeFilter(scope, source.header, options.file ?? 'snapshot') : undefined;
    this.errors = new CollectionErrors(scope ? source.header.errors.filter((e) => errorInScope(scope, e)) : source.header.errors);
  }

  private current: Resource | undefined;

  private readonly emit = (r: Result): void => {
    this.counter.add(r);
    this.sink.add(r, this.current);
  };

  /** Evaluates one resource; true when the sink is due a flush (every 1,024 resources). */
  evaluate(r: Resource): boolean {
    if (this.inScope && !this.inScope(r)) return false;
    this.resourceCount++;
    this.current = r;
    if (this.evaluator.evaluate(r, this.emit)) this.counter.resources++;
    if (r.errors) this.errors.addResource(r);
    return (this.resourceCount & 1023) === 0;
  }

  async finish(startedAt: string, file: string | undefined): Promise<ScanHead> {
    await this.sink.flush();
    const { rules, errors, resourceCount, scopedRegions } = this;
    // Reports name the regions that were evaluated, not every region the file holds.
    const source = scopedRegions ? { ...this.source, header: { ...this.source.header, regions: [...scopedRegions] } } : this.source;
    return runDocument(source, { startedAt, resourceCount, file, rules, errors, summary: this.counter.summary() });
  }
}

/**
 * One reading, for inventories that list the resources others refer to
 * (`wanted`: KMS keys, aliases, parameter groups, account settings) before the
 * rest, as collected snapshots do: those go into the index as they come, and
 * evaluation starts at the first resource of another type. Undefined when a
 * referenced resource comes after that: the index was not complete, and what
 * was evaluated must be done again.
 */
async function scanOnePass(source: InventorySource, options: ScanOptions, sink: ResultSink, wanted: ReadonlySet<string>, startedAt: string): Promise<ScanHead | undefined> {
  const now = clockOf(options, source);
  const rules = compileRules(options.rules, now, options.overrides, options.evidence);
  const index = new InventoryIndex();
  index.header = source.header;
  if (options.accessLedger) index.accessLedger = options.accessLedger;
  const evaluation = new Evaluation(source, rules, index, now, sink, options);
  // Referenced resources are evaluated too, in reading order, once the index is complete; held as the index keeps them (a dormant one as text).
  let held: IndexEntry[] | undefined = [];
  for await (const r of source.resources) {
    if (wanted.has(r.resourceType)) {
      if (!held) {
        index.close();
        return undefined;
      }
      held.push(index.add(r));
      continue;
    }
    if (held) {
      for (const h of held) if (evaluation.evaluate(resourceOfEntry(h))) await sink.flush();
      held = undefined;
    }
    if (evaluation.evaluate(r)) await sink.flush();
  }
  for (const h of held ?? []) if (evaluation.evaluate(resourceOfEntry(h))) await sink.flush();
  index.close();
  return evaluation.finish(startedAt, options.file);
}

/** Two readings: pass 1 reads only the referenced types into the index, pass 2 evaluates every resource. */
async function scanTwoPasses(open: ReopenInventory, options: ScanOptions, sink: ResultSink, wanted: ReadonlySet<string>, startedAt: string): Promise<ScanHead> {
  const pass1 = await open({ onlyTypes: wanted });
  const now = clockOf(options, pass1);
  const rules = compileRules(options.rules, now, options.overrides, options.evidence);
  const index = new InventoryIndex();
  index.header = pass1.header;
  if (options.accessLedger) index.accessLedger = options.accessLedger;
  // A source that cannot skip types (an inventory in memory) gives them all: only the referenced ones are indexed.
  for await (const r of pass1.resources) if (wanted.has(r.resourceType)) index.add(r);
  const source = await open();
  const evaluation = new Evaluation(source, rules, index, now, sink, options);
  for await (const r of source.resources) if (evaluation.evaluate(r)) await sink.flush();
  index.close();
  return evaluation.finish(startedAt, options.file);
}

/**
 * Evaluates an inventory that can be read twice without holding it in memory,
 * handing each result to `sink` in reading order. An inventory whose header
 * says it lists referenced resources first (collected snapshots do) is read
 * once when the sink can restart (see {@link scanOnePass}); any other, or one
 * that breaks that order, twice. Memory holds the index of referenced
 * resources, the per-resource collection errors and whatever the sink keeps,
 * never the inventory. Returns the run, summary and rules; the results went to the sink.
 */
export async function scanInventoryStreaming(open: ReopenInventory, options: ScanOptions, sink: ResultSink): Promise<ScanHead> {
  const startedAt = new Date().toISOString();
  // Which types to index does not depend on the clock, so it is known before the header is read.
  const wanted = indexedTypes(compileRules(options.rules, Date.now(), options.overrides));
  const first = await open();
  if (first.header.referencedFirst === true && sink.restart) {
    const scanned = await scanOnePass(first, options, sink, wanted, startedAt);
    if (scanned) return scanned;
    // The header promised an order the file does not keep: what was evaluated is done again.
    await sink.restart();
  } else {
    await first.close?.();
  }
  return scanTwoPasses(open, options, sink, wanted, startedAt);
}
