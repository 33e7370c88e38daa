import type { Resource } from '../inventory/resource.js';
import type { ClientKind, ClientOf } from './clients.js';
import { complete, identified, lacking, requireItem, unknownIfAbsent } from './always-present.js';
import { allPages, assign, assignTags, forEach, listAll, recordOn, type Collector, type CollectorContext, type NoneWhen } from './context.js';
import type { ServiceName } from './services.js';
import { regionalResource } from './resource.js';

/**
 * The shape most collectors share, as data: list every page of one operation,
 * then for each item read its description, its other per-resource settings and
 * its tags, each call's failure recorded on the property it would have filled.
 * A service that fits is a table of calls and a mapper; services that really
 * differ (S3, KMS, RDS parameter groups) stay hand-written.
 */

/** One list operation, read page by page: a failed page ends the list and is recorded for the scope. */
export interface ListSpec<C, O, I> {
  operation: string;
  page: (client: C, token: string | undefined) => Promise<O>;
  /** The items of one page. AWS always returns the list member, so a page without it is recorded as incomplete. */
  items: (output: O) => readonly I[] | undefined;
  next: (output: O) => string | undefined;
}

/**
 * A per-item read: makes its calls, then gives back how to apply their answers.
 * The reads of one item run together, but are applied in the order listed, so
 * that a resource's properties come out in the same order whichever answered first.
 */
export type ItemRead<C, I> = (ctx: CollectorContext, client: C, item: I, resource: Resource) => Promise<(resource: Resource) => void>;

/** A declarative collector: one resource type, listed then read item by item. */
export interface DeclarativeCollector<K extends ClientKind, O, I> {
  service: ServiceName;
  client: K;
  resourceType: string;
  list: ListSpec<ClientOf<K>, O, I>;
  /** The resource id; undefined when the item lacks the field AWS always returns (recorded, not collected). */
  id: (item: I) => string | undefined;
  /** The field `id` reads, named in the error when it is missing. */
  idField: string;
  arn: (ctx: CollectorContext, item: I, id: string) => string;
  /** Properties the list item itself carries. */
  listed: (item: I, id: string) => Record<string, unknown>;
  /**
   * Fields every listed item carries (per the API reference) beyond its id: an
   * item without one is an odd answer, so every listed property but `keep` (those
   * read from the id) is left unknown.
   */
  itemCarries?: { fields: readonly (keyof I)[]; keep: readonly string[] };
  /** Listed properties whose field the reference neither promises nor explains when absent: unknown when missing ({@link unknownIfAbsent}). */
  unreported?: (item: I) => Record<string, unknown>;
  /** Checks the listed properties further (required fields of nested objects): run on a complete item, after `unreported`. */
  after?: (resource: Resource, item: I) => void;
  /** The human name, when it is not the id (null for none). */
  name?: (item: I, id: string) => string | null;
  /** Tags the list item carries (when there is no tag call). */
  listedTags?: (item: I) => Record<string, string>;
  /** Per-item reads (a description, a policy, tags), run together. */
  reads: readonly ItemRead<ClientOf<K>, I>[];
  /**
   * A global service (CloudFront): listed once per account from the region its
   * API is served in, its resources placed in region `global` as IAM's are.
   */
  global?: { clientRegion: (ctx: CollectorContext) => string };
}

/**
 * A call whose answer fills several properties. When the call fails, or its
 * answer lacks the description AWS always returns (`pick` gives undefined) or
 * one of the description's `carries` fields, every one of `properties` is left
 * absent and the reason recorded on it.
 */
export function describeInto<C, I, O, D>(spec: {
  operation: string;
  send: (client: C, item: I, resource: Resource) => Promise<O>;
  pick: (output: O) => D | undefined;
  /** The member `pick` reads, named in the error when it is missing. */
  field: string;
  /** Fields of the description that every valid answer carries (per the API reference). */
  carries?: readonly (keyof D)[];
  map: (described: D) => Record<string, unknown>;
  properties: readonly string[];
  /** Checks the mapped resource further: fields the reference leaves unexplained when absent ({@link unknownIfAbsent}), nested required fields. */
  after?: (resource: Resource, described: D) => void;
}): ItemRead<C, I> {
  return async (ctx, client, item, resource) => {
    const answer = await ctx.call(spec.operation, () => spec.send(client, item, resource));
    const picked = answer.ok ? spec.pick(answer.value) : undefined;
    const got = answer.ok ? complete(picked === undefined || picked === null ? { ok: false, error: lacking(spec.operation, spec.field) } : { ok: true, value: picked }, spec.carries ?? [], spec.operation) : answer;
    if (got.ok) {
      const described = got.value;
      return (r) => {
        Object.assign(r.properties, spec.map(described));
        spec.after?.(r, described);
      };
    }
    return (r) => {
      for (const property of spec.properties) recordOn(r, { ...got.error, property });
    };
  };
}

/** A call whose answer fills one property; `none` names the errors that mean "the resource has none". */
export function readInto<C, I, O>(spec: {
  property: string;
  operation: string;
  send: (client: C, item: I, resource: Resource) => Promise<O>;
  map: (output: O) => unknown;
  none?: NoneWhen;
  /** Fields every valid answer carries (per the API reference): an answer without one leaves the property unknown. */
  carries?: readonly (keyof O)[];
}): ItemRead<C, I> {
  return async (ctx, client, item, resource) => {
    const got = complete(await ctx.call(spec.operation, () => spec.send(client, item, resource)), spec.carries ?? [], spec.operation);
    return (r) => void assign(r, spec.property, got, spec.map, spec.none);
  };
}

/** Tags read with one call; `noneCodes` are the errors that mean "no tags". */
export function tagsFrom<C, I, O>(spec: {
  operation: string;
  send: (client: C, item: I, resource: Resource) => Promise<O>;
  map: (output: O) => Record<string, string>;
  noneCodes?: readonly string[];
}): ItemRead<C, I> {
  return async (ctx, client, item, resource) => {
    const got = await ctx.call(spec.operation, () => spec.send(client, item, resource));
    return (r) => assignTags(r, got, spec.map, spec.noneCodes);
  };
}

/** Tags read page by page: all of them or the failure, never a part that would pass for the whole. */
export function pagedTags<C, I, O, T>(spec: {
  operation: string;
  page: (client: C, item: I, resource: Resource, token: string | undefined) => Promise<O>;
  items: (output: O) => readonly T[] | undefined;
  next: (output: O) => string | undefined;
  map: (items: T[]) => Record<string, string>;
}): ItemRead<C, I> {
  return async (ctx, client, item, resource) => {
    const got = await allPages(ctx, spec.operation, (t) => spec.page(client, item, resource, t), spec.items, spec.next);
    return (r) => assignTags(r, got, spec.map);
  };
}

/** Runs a declarative collector description: the resources sorted by id. */
export function declarativeCollector<K extends ClientKind, O, I>(spec: DeclarativeCollector<K, O, I>): Collector {
  return {
    service: spec.service,
    scope: spec.global ? 'account' : 'region',
    async collect(ctx) {
      const client = ctx.client(spec.client, spec.global?.clientRegion(ctx));
      const placed = spec.global ? { accountId: ctx.accountId, region: 'global' } : ctx;
      const pageless: { operation: string; code: string; message: string }[] = [];
      const list = await listAll(
        ctx,
        spec.list.operation,
        (t) => spec.list.page(client, t),
        (o) => {
          const items = spec.list.items(o);
          if (items === undefined) pageless.push(lacking(spec.list.operation, 'its items'));
          return items;
        },
        (o) => spec.list.next(o),
      );
      for (const error of pageless) ctx.scopeError(error);
      const resources: Resource[] = [];
      await forEach(identified(ctx, list.items, spec.idField, spec.id, spec.list.operation), async (item) => {
        const id = spec.id(item)!;
        const options = { ...(spec.listedTags ? { tags: spec.listedTags(item) } : {}), ...(spec.name ? { name: spec.name(item, id) } : {}) };
        const resource = regionalResource(placed, spec.resourceType, id, spec.arn(ctx, item, id), spec.listed(item, id), options);
        const whole = spec.itemCarries ? requireItem(resource, item, spec.itemCarries.fields, spec.list.operation, spec.itemCarries.keep) : true;
        if (whole && spec.unreported) unknownIfAbsent(resource, spec.list.operation, spec.unreported(item));
        if (whole) spec.after?.(resource, item);
        const answers = await Promise.all(spec.reads.map((read) => read(ctx, client, item, resource)));
        for (const apply of answers) apply(resource);
        resources.push(resource);
        ctx.found(1);
      });
      return resources.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
    },
  };
}
