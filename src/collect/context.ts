import type { CollectionError, Resource, ScopedCollectionError } from '../inventory/resource.js';
import type { ClientKind, ClientOf, ClientPool } from './clients.js';
import { toCollectionError, type Outcome } from './errors.js';
import type { ConcurrencyLimits, Limiters } from './limits.js';
import type { Progress } from './progress.js';
import type { ServiceName } from './services.js';
import { inputRecord } from '../util/own.js';

/** What a collector is given: one account, one region (its home region for account-wide services), and the means to call AWS. */
export interface CollectorContext {
  service: ServiceName;
  accountId: string;
  partition: string;
  region: string;
  /** Every region selected for the run (S3 keeps only the buckets in them). */
  regions: readonly string[];
  client<K extends ClientKind>(kind: K, region?: string): ClientOf<K>;
  /**
   * Runs one request under the concurrency limit of this service in `region`
   * (default: the context's region) and returns its output or its failure as data.
   */
  call<T>(operation: string, request: () => Promise<T>, region?: string): Promise<Outcome<T>>;
  /** Records an error that is not tied to one resource (a list that failed, a setting that could not be read). */
  scopeError(error: CollectionError, region?: string): void;
  /** Counts items left out on purpose, by reason (goes to the snapshot header). */
  skip(reason: string, n?: number): void;
  /** Reports progress: `n` more resources collected. */
  found(n: number): void;
}

/** A collector: the resources of one service in one region (or, for S3, in the whole account). */
export interface Collector {
  service: ServiceName;
  /** `account`: run once per account (S3 lists every bucket from one place); `region`: once per selected region. */
  scope: 'account' | 'region';
  collect(ctx: CollectorContext): Promise<Resource[]>;
}

/** How many calls answered and how many failed: a run in which none answered read nothing of the account. */
export interface CallTally {
  succeeded: number;
  failed: number;
  /** The first failure, as the SDK gave it. */
  firstFailure?: CollectionError;
}

/** Everything a context draws on, shared by all the contexts of one account. */
export interface ContextDeps {
  accountId: string;
  partition: string;
  regions: readonly string[];
  clients: ClientPool;
  limiters: Limiters;
  progress: Progress;
  errors: ScopedCollectionError[];
  skipped: Record<string, number>;
  /** Counts the collectors' calls; absent where nobody asks. */
  calls?: CallTally;
}

/** A context for `service` in `region`; `label` is the progress line it reports to (default: the region). */
export function createContext(
  deps: ContextDeps,
  service: ServiceName,
  region: string,
  limitKey: keyof ConcurrencyLimits = service,
  label = region,
): CollectorContext {
  return {
    service,
    accountId: deps.accountId,
    partition: deps.partition,
    region,
    regions: deps.regions,
    client: (kind, r) => deps.clients.get(kind, r ?? region),
    async call(operation, request, r) {
      const limit = deps.limiters.get(limitKey, deps.accountId, r ?? region);
      try {
        const value = await limit(request);
        if (deps.calls) deps.calls.succeeded += 1;
        return { ok: true, value };
      } catch (error) {
        const failure = toCollectionError(operation, error);
        if (deps.calls) {
          deps.calls.failed += 1;
          deps.calls.firstFailure ??= failure;
        }
        return { ok: false, error: failure };
      }
    },
    scopeError(error, r) {
      deps.errors.push({ ...error, accountId: deps.accountId, region: r ?? region, service });
      deps.progress.failed(service, label, 1);
    },
    found(n) {
      deps.progress.found(service, label, n);
    },
    skip(reason, n = 1) {
      deps.skipped[reason] = (deps.skipped[reason] ?? 0) + n;
    },
  };
}

/** What to store when a call fails with one of the codes meaning "there is none". */
export interface NoneWhen {
  codes: readonly string[];
  value: unknown;
}

/**
 * Stores the mapped output of a call as `property` of `resource`, or, when the
 * call failed, leaves the property absent and records why on the resource —
 * except for the errors that mean "the resource has none", which store `none.value`.
 */
export function assign<T>(resource: Resource, property: string, outcome: Outcome<T>, map: (value: T) => unknown, none?: NoneWhen): boolean {
  if (outcome.ok) {
    resource.properties[property] = map(outcome.value);
    return true;
  }
  if (none && none.codes.includes(outcome.error.code)) {
    resource.properties[property] = none.value;
    return true;
  }
  recordOn(resource, { ...outcome.error, property });
  return false;
}

/**
 * Stores the mapped output of a tag call as the resource's tags, or records on
 * the resource why they are unknown — except for `noneCodes`, the errors that
 * mean "no tags", which leave the tags empty.
 */
export function assignTags<T>(resource: Resource, outcome: Outcome<T>, map: (value: T) => Record<string, string>, noneCodes: readonly string[] = []): void {
  if (outcome.ok) resource.tags = map(outcome.value);
  else if (!noneCodes.includes(outcome.error.code)) recordOn(resource, { ...outcome.error, property: 'tags' });
}

/** Adds a collection error to a resource. */
export function recordOn(resource: Resource, error: CollectionError): void {
  (resource.errors ??= []).push(error);
}

/** Every page of a list, up to the first failure: the items read so far, and that failure. */
async function readPages<O, T>(
  ctx: CollectorContext,
  operation: string,
  page: (token: string | undefined) => Promise<O>,
  items: (output: O) => readonly T[] | undefined,
  next: (output: O) => string | undefined,
  region?: string,
): Promise<{ items: T[]; error?: CollectionError }> {
  const all: T[] = [];
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const outcome = await ctx.call(operation, () => page(token), region);
    if (!outcome.ok) return { items: all, error: outcome.error };
    all.push(...(items(outcome.value) ?? []));
    token = next(outcome.value);
    // A server that repeats a token would loop forever.
    if (token !== undefined) {
      if (seen.has(token)) {
        return { items: all, error: { operation, code: 'RepeatedPageToken', message: 'the service returned the same page token twice; the list may be incomplete' } };
      }
      seen.add(token);
    }
  } while (token);
  return { items: all };
}

/**
 * Reads every page of a list operation. A page that fails ends the list: the
 * items read so far are kept and the failure is recorded for the scope, so the
 * snapshot says the list may be incomplete.
 */
export async function listAll<O, T>(
  ctx: CollectorContext,
  operation: string,
  page: (token: string | undefined) => Promise<O>,
  items: (output: O) => readonly T[] | undefined,
  next: (output: O) => string | undefined,
  region?: string,
): Promise<{ items: T[]; complete: boolean }> {
  const read = await readPages(ctx, operation, page, items, next, region);
  if (read.error) ctx.scopeError(read.error, region);
  return { items: read.items, complete: read.error === undefined };
}

/**
 * Reads every page of a list that belongs to one resource (its tags, its
 * parameters): all the items, or the failure — a part of such a list is never
 * kept, since it would pass for the whole.
 */
export async function allPages<O, T>(
  ctx: CollectorContext,
  operation: string,
  page: (token: string | undefined) => Promise<O>,
  items: (output: O) => readonly T[] | undefined,
  next: (output: O) => string | undefined,
): Promise<Outcome<T[]>> {
  const read = await readPages(ctx, operation, page, items, next);
  return read.error ? { ok: false, error: read.error } : { ok: true, value: read.items };
}

/** A policy document as the model stores it: the parsed object when the text is JSON, the raw text when it is not (so a broken policy fails closed), null when there is none. The grammar is checked later, by `parsePolicy` in src/policy. */
export function policyDocumentFromText(text: string | undefined | null): unknown {
  if (text === undefined || text === null || text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `[{Key, Value}]` (most services) as a tag map. */
export function tagMap(tags: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined): Record<string, string> {
  const out = inputRecord<string>();
  for (const t of tags ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  return out;
}

/** An ISO 8601 string for an SDK date, or null. */
export function isoDate(value: Date | undefined): string | null {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : null;
}

/** Runs `task` over `items`, all at once: the per-service limit inside {@link CollectorContext.call} bounds the requests. */
export async function forEach<T>(items: readonly T[], task: (item: T) => Promise<void>): Promise<void> {
  await Promise.all(items.map(task));
}
