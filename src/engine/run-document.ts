import type { InventorySource } from '../inventory/snapshot-read.js';
import { collectionErrorKind } from '../inventory/resource.js';
import { TOOL } from '../tool.js';
import type { CompiledRule } from './compile-rule.js';
import type { RunSummary, ScanResults } from './result.js';

type RunError = ScanResults['run']['collectionErrors'][number];

/**
 * What makes two reports one error: where it struck, the property it leaves
 * unknown, the call and its answer. A live collection's header repeats each
 * resource's own errors with the service added, so for a resource error the
 * ARN stands for the service; a scope error (no ARN) keeps it.
 */
function identity(e: RunError): string {
  return JSON.stringify([e.accountId, e.region, e.resourceArn, e.resourceArn === undefined ? e.service : undefined, e.property, e.operation, e.code, e.message]);
}

/**
 * Scoped errors from the header plus every per-resource error, each once,
 * gathered as resources go past. A header entry that stands for many
 * resources (`resources`: an AWS Config import's "no value for X" on half a
 * million items) is the list's one entry for that kind: the resources' own
 * copies are not listed again.
 */
export class CollectionErrors {
  readonly list: RunError[] = [];
  private readonly seen = new Set<string>();
  private readonly summarized = new Set<string>();

  constructor(headerErrors: InventorySource['header']['errors']) {
    for (const e of headerErrors) {
      if (e.resources !== undefined) this.summarized.add(collectionErrorKind(e));
      this.add({ ...e });
    }
  }

  addResource(r: { accountId: string; region: string; arn: string; errors?: Omit<RunError, 'accountId' | 'region' | 'resourceArn'>[] }): void {
    for (const e of r.errors ?? []) {
      if (this.summarized.size > 0 && this.summarized.has(collectionErrorKind(e))) continue;
      this.add({ accountId: r.accountId, region: r.region, resourceArn: r.arn, ...e });
    }
  }

  private add(e: RunError): void {
    const key = identity(e);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(e);
  }
}

/** What a scan knows of its run once every result has streamed past: the results document without the results. */
export type ScanHead = Pick<ScanResults, 'format' | 'run' | 'summary' | 'rules'>;

/** The run, summary and rules of a scan, the same whether the inventory was held in memory or streamed. */
export function runDocument(
  source: InventorySource,
  run: { startedAt: string; resourceCount: number; file?: string | undefined; rules: readonly CompiledRule[]; errors: CollectionErrors; summary: RunSummary },
): ScanHead {
  const h = source.header;
  const snapshot: ScanResults['run']['snapshot'] = { source: h.source.kind, capturedAt: h.capturedAt, accounts: h.accounts, regions: h.regions, resourceCount: run.resourceCount };
  const file = run.file ?? h.source.file;
  if (file) snapshot.file = file;
  if (Object.keys(source.unsupported).length) snapshot.unsupported = source.unsupported;
  if (h.skipped && Object.keys(h.skipped).length) snapshot.skipped = h.skipped;
  if (h.rejected && h.rejected.count > 0) snapshot.rejected = h.rejected;
  return {
    format: 'sealcheck-results',
    run: { tool: TOOL, startedAt: run.startedAt, finishedAt: new Date().toISOString(), snapshot, ruleCount: run.rules.length, collectionErrors: run.errors.list },
    summary: run.summary,
    rules: run.rules.map((r) => r.summary),
  };
}
