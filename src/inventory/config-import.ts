import { basename } from 'node:path';
import { InputError } from '../errors.js';
import { describeAjvErrors } from '../util/ajv.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, collectionErrorKind, type CollectionError, type Resource, type ScopedCollectionError, type Snapshot, type SnapshotHeader } from './resource.js';
import { MemoryStore, type ResourceStore, type StorePart } from './config-store.js';
import { REFERENCED } from './referenced-types.js';
import { resourceSchemas } from './resource-schemas.js';
import { decodeConfiguration, decodeSupplementary, readConfigDocument, type ConfigDocument, type RawItem } from './config-map/document.js';
import { ItemReader } from './config-map/item.js';
import { Rejections } from './config-map/rejections.js';
import { CONFIG_MAPPERS, NOT_CONFIG_TYPES, modelTypeOf } from './config-map/mappers.js';
import { LISTENER_TYPE, mapListener } from './config-map/elbv2.js';
import { joinListeners, type ReadListener, type UnreadListener } from './config-map/listener-join.js';
import { inputRecord, own } from '../util/own.js';
import { NON_FINITE_NUMBER, nonFiniteNumberAt } from '../util/finite-numbers.js';

export { isConfigDocument } from './config-map/document.js';

/** Item statuses that describe no current resource: counted in `header.skipped`, never mapped. */
const SKIPPED_STATUSES = new Set(['ResourceDeleted', 'ResourceDeletedNotRecorded', 'ResourceNotRecorded']);

/** Types that are one setting per account, recorded by Config once per region. */
const ACCOUNT_LEVEL_TYPES = new Set(['AWS::S3::AccountPublicAccessBlock']);

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

const count = (counts: Record<string, number>, key: string) => {
  counts[key] = (own(counts, key) ?? 0) + 1;
};

const scopeOf = (item: RawItem) => `${item.accountId ?? ''}|${item.region ?? ''}`;

/** Which resource an item describes, in two parts: the scope (type, account, Region) and the id within it. */
function identity(item: RawItem): [scope: string, id: string] {
  const accountLevel = ACCOUNT_LEVEL_TYPES.has(item.resourceType);
  return [`${modelTypeOf(item.resourceType)}|${item.accountId ?? ''}|${accountLevel ? '*' : (item.region ?? '')}`, accountLevel ? '' : item.resourceId];
}

/** An item's capture time as milliseconds (the document reader writes it as an ISO date); none sorts first. */
const capturedMs = (item: RawItem) => (item.capturedAt ? Date.parse(item.capturedAt) : -Infinity);

/** The item with its configuration decoded and checked, ready for a mapper. */
function readerOf(item: RawItem, file: string): ItemReader {
  const reader = new ItemReader(
    { ...item, configuration: decodeConfiguration(item, file), supplementary: decodeSupplementary(item, file) },
    file,
  );
  if (reader.item.configuration === undefined || reader.item.configuration === null) {
    throw new InputError(`${file}: ${item.pointer}/configuration: missing (an advanced query must select configuration)`);
  }
  const infinite = nonFiniteNumberAt({ configuration: reader.item.configuration, supplementaryConfiguration: reader.item.supplementary });
  if (infinite !== undefined) throw new InputError(`${file}: ${item.pointer}${infinite}: ${NON_FINITE_NUMBER}`);
  return reader;
}

function toResource(item: RawItem, file: string, kindLacksTags: boolean): Resource {
  const mapper = own(CONFIG_MAPPERS, item.resourceType)!;
  const reader = readerOf(item, file);
  const mapped = mapper(reader);
  const resourceType = modelTypeOf(item.resourceType);
  const invalid = resourceSchemas().validate(resourceType, mapped.properties);
  if (invalid) throw new InputError(`${file}: ${item.pointer} (${item.resourceType} ${item.resourceId}) maps to invalid properties: ${describeAjvErrors(invalid)}`);
  const accountId = item.accountId;
  if (!accountId || !/^[0-9]{12}$/.test(accountId)) throw new InputError(`${file}: ${item.pointer}/accountId: missing or not a 12-digit account id`);
  const arn = mapped.arn ?? item.arn;
  if (!arn) throw new InputError(`${file}: ${item.pointer}/arn: missing`);
  const region = mapped.region ?? item.region;
  if (!region) throw new InputError(`${file}: ${item.pointer}/awsRegion: missing`);
  const errors: CollectionError[] = [...reader.errors];
  if (!item.tags) {
    errors.push({
      property: 'tags',
      operation: `config:${item.resourceType}`,
      code: 'NotRecordedByConfig',
      message: kindLacksTags ? 'BatchGetResourceConfig items carry no tags.' : 'The AWS Config item has no tags field.',
    });
  }
  const resource: Resource = {
    resourceType,
    resourceId: mapped.resourceId ?? item.resourceId,
    arn,
    accountId,
    region,
    tags: item.tags ?? {},
    properties: mapped.properties,
  };
  const name = mapped.name ?? item.resourceName;
  if (name) resource.name = name;
  if (errors.length > 0) resource.errors = errors;
  return resource;
}

/** A key's aliases come from the alias items of its account and region; without any, Config told us nothing about them. */
function attachAliases(resources: Resource[]): void {
  interface Scope { byTarget: Map<string, string[]>; unknownTarget: boolean }
  const scopes = new Map<string, Scope>();
  for (const a of resources) {
    if (a.resourceType !== 'AWS::KMS::Alias') continue;
    const id = `${a.accountId}|${a.region}`;
    const scope = scopes.get(id) ?? { byTarget: new Map<string, string[]>(), unknownTarget: false };
    scopes.set(id, scope);
    const target = a.properties.targetKeyId;
    if (typeof target !== 'string') scope.unknownTarget = true;
    else {
      const names = scope.byTarget.get(target) ?? [];
      names.push(a.properties.aliasName as string);
      scope.byTarget.set(target, names);
    }
  }
  for (const key of resources) {
    if (key.resourceType !== 'AWS::KMS::Key') continue;
    const scope = scopes.get(`${key.accountId}|${key.region}`);
    if (!scope) {
      addError(key, { property: 'aliases', operation: 'config:AWS::KMS::Alias', code: 'NotRecordedByConfig', message: 'No AWS::KMS::Alias items for this account and region in the AWS Config data.' });
    } else if (scope.unknownTarget) {
      // One alias whose key is unknown could be this key's: the list would be incomplete, so it stays unknown.
      addError(key, { property: 'aliases', operation: 'config:AWS::KMS::Alias', code: 'NotRecordedByConfig', message: 'An AWS::KMS::Alias item in this account and region does not name its target key.' });
    } else {
      // An alias names its key by id or by ARN.
      const ids = new Set([key.resourceId, key.arn, String(key.properties.keyId)]);
      key.properties.aliases = [...ids].flatMap((id) => scope.byTarget.get(id) ?? []).sort();
    }
  }
}

function addError(resource: Resource, error: CollectionError): void {
  if (resource.errors?.some((e) => e.property === error.property)) return;
  resource.errors = [...(resource.errors ?? []), error];
}

/** Every schema property the mapping left absent gets an error, so no gap is silent. */
function recordAbsences(resource: Resource): void {
  const schema = resourceSchemas().schema(resource.resourceType);
  for (const key of Object.keys(schema?.properties ?? {})) {
    if (key in resource.properties) continue;
    if (resource.errors?.some((e) => e.property === key || e.property?.startsWith(`${key}.`))) continue;
    addError(resource, {
      property: key,
      operation: `config:${resource.resourceType}`,
      code: 'NotRecordedByConfig',
      message: `The AWS Config item has no value for ${key}.`,
    });
  }
}

/** One header entry per kind of gap, with how many resources it touches, for the run summary. */
class ErrorSummary {
  private readonly groups = new Map<string, { error: CollectionError; count: number }>();

  add(errors: readonly CollectionError[] | undefined): void {
    for (const e of errors ?? []) {
      const key = collectionErrorKind(e);
      const group = this.groups.get(key);
      if (group) group.count++;
      else this.groups.set(key, { error: e, count: 1 });
    }
  }

  entries(): ScopedCollectionError[] {
    return [...this.groups.values()].map(({ error, count: n }) => ({
      ...error,
      message: `${error.message} (${n} resource${n === 1 ? '' : 's'})`,
      resources: n,
    }));
  }
}

function gapsInScope(types: ReadonlySet<string>): ScopedCollectionError[] {
  const services = new Set([...types].map((t) => t.split('::')[1]));
  // A service none of whose modelled types Config records never shows up in an import: its gap is stated for every non-empty one.
  const mappedServices = new Set(Object.keys(CONFIG_MAPPERS).map((t) => t.split('::')[1]));
  return Object.entries(NOT_CONFIG_TYPES)
    .filter(([type]) => services.has(type.split('::')[1]) || (types.size > 0 && !mappedServices.has(type.split('::')[1])))
    .map(([type, message]) => ({ service: type.split('::')[1]!.toLowerCase(), operation: `config:${type}`, code: 'NotRecordedByConfig', message }));
}

/**
 * Imports an AWS Config snapshot file, API items (GetResourceConfigHistory, BatchGetResourceConfig)
 * or advanced query results into a sealcheck snapshot. Deleted and unrecorded items are counted,
 * types sealcheck does not model are counted, and data Config does not hold is left absent with an error.
 * A malformed item is rejected (counted and listed in `header.rejected` with its pointer) and the rest
 * imported; a document none of whose items can be read is an error. The resources others refer to come first.
 */
export function importConfigDocument(doc: unknown, file: string, options: ImportOptions = {}): Snapshot {
  const importer = new ConfigImport(file, new MemoryStore(), options);
  const source = readConfigDocument(doc, file, importer.rejections);
  importer.unprocessed(source.unprocessed);
  for (const item of source.items) importer.add(item);
  return importer.finish(source.kind, source.description).inMemory();
}

/** How the items were obtained, where the document cannot say. */
export interface ImportOptions {
  /**
   * The document holds part of the recorded resources (one item alone, or an advanced query with a failed
   * page), so what is missing from it (a load balancer's listener items) is unknown, not absent.
   */
  partial?: boolean;
}

/**
 * Types kept as objects until the document is read, because items read later complete them: a key's
 * aliases come from alias items, a load balancer's listeners from listener items. Every other resource
 * is final once mapped and goes to the store.
 */
const HELD_TYPES = new Set(['AWS::KMS::Key', 'AWS::KMS::Alias', 'AWS::ElasticLoadBalancingV2::LoadBalancer']);

/** A resource in the store, as one number: its line and part. */
const storedRef = (part: StorePart, line: number) => line * 2 + part;
const partOf = (ref: number) => (ref % 2) as StorePart;
const lineOf = (ref: number) => Math.floor(ref / 2);

/**
 * What is kept of an item while later items may still supersede it: why it has no resource in the
 * store, or the resource held; never its raw configuration. A resource in the store is kept as the
 * number of its line alone (a million of them are the import's whole table), its time in `lineTime`.
 */
interface Kept {
  capturedAt: number;
  outcome:
    | { held: Resource }
    | { listener: ReadListener }
    | { skipped: string }
    | { unsupported: string }
    | { error: unknown; pointer: string; seq: number; listener?: UnreadListener };
}

/** Strings that repeat across a million items (types, error lists), numbered so each line keeps a number, not a copy. */
class Interned<T> {
  readonly values: T[] = [];
  private readonly ids = new Map<string, number>();

  id(key: string, value: T): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.push(value) - 1;
      this.ids.set(key, id);
    }
    return id;
  }
}

/**
 * An import fed one item at a time (from a parsed document or a streaming
 * parser): each item is mapped as it arrives and its resource put in the
 * store, so only the table of which item is newest is held, not the document.
 * The newest item of each resource wins. A malformed item is rejected (file,
 * pointer, reason in `rejections`) and the rest imported; a document none of
 * whose items could be read is an error.
 */
export class ConfigImport {
  readonly rejections: Rejections;
  /** Per type, account and Region, per resource id: the newest item's line in the store, or what else was kept of it. */
  private readonly kept = new Map<string, Map<string, number | Kept>>();
  private readonly skipped = inputRecord<number>();
  private readonly accounts = new Set<string>();
  private readonly regions = new Set<string>();
  /** `account|region` scopes with a recorded listener item (current or deleted): there Config records listeners. */
  private readonly listenerScopes = new Set<string>();
  private latest = '';
  private unprocessedKeys = 0;
  /** Orders the rejections of mapping errors as their items came. */
  private seq = 0;
  private readonly types = new Interned<string>();
  private readonly errorLists = new Interned<CollectionError[] | undefined>();
  /** Per part, per line: the resource's type and its list of errors (interned). */
  private readonly lineType: [number[], number[]] = [[], []];
  private readonly lineErrors: [number[], number[]] = [[], []];
  private readonly lineTime: [number[], number[]] = [[], []];

  constructor(
    private readonly file: string,
    private readonly store: ResourceStore,
    private readonly options: ImportOptions = {},
  ) {
    this.rejections = new Rejections(file);
    this.errorLists.id('', undefined);
  }

  /** Resource keys AWS Config could not return (BatchGetResourceConfig). */
  unprocessed(n: number): void {
    this.unprocessedKeys = n;
  }

  /** Reads one raw item (`read` throws InputError for a malformed one, which is rejected) and adds it. */
  addRaw(pointer: string, read: () => RawItem): void {
    const item = this.rejections.attempt(pointer, read);
    if (item) this.add(item);
  }

  /** Waits while the store's disk is behind. */
  flush(): Promise<void> {
    return this.store.flush();
  }

  add(item: RawItem): void {
    if (item.capturedAt && item.capturedAt > this.latest) this.latest = item.capturedAt;
    if (item.accountId && /^[0-9]{12}$/.test(item.accountId)) this.accounts.add(item.accountId);
    if (item.region && item.region !== 'global') this.regions.add(item.region);
    // A listener item that is not recorded says the recorder leaves the type out, not that it records it.
    if (item.resourceType === LISTENER_TYPE && !item.status?.endsWith('NotRecorded')) this.listenerScopes.add(scopeOf(item));
    const [scope, id] = identity(item);
    let ids = this.kept.get(scope);
    if (!ids) this.kept.set(scope, (ids = new Map<string, number | Kept>()));
    const seen = ids.get(id);
    const capturedAt = capturedMs(item);
    if (seen !== undefined) {
      count(this.skipped, 'SupersededByNewerItem');
      if (capturedAt <= this.timeOf(seen)) return;
      if (typeof seen === 'number') this.store.drop(partOf(seen), lineOf(seen));
    }
    const outcome = this.map(item, capturedAt);
    ids.set(id, typeof outcome === 'number' ? outcome : { capturedAt, outcome });
  }

  private timeOf(kept: number | Kept): number {
    return typeof kept === 'number' ? this.lineTime[partOf(kept)][lineOf(kept)]! : kept.capturedAt;
  }

  private map(item: RawItem, capturedAt: number): Kept['outcome'] | number {
    if (item.status && SKIPPED_STATUSES.has(item.status)) return { skipped: item.status };
    if (item.resourceType === LISTENER_TYPE) return this.mapListenerItem(item);
    if (!own(CONFIG_MAPPERS, item.resourceType)) return { unsupported: item.resourceType };
    // An item a newer one supersedes is not judged: its mapping error counts only if it is the newest.
    let resource: Resource;
    try {
      // Only BatchGetResourceConfig (baseConfigurationItems) items come without tags by design.
      resource = toResource(item, this.file, item.pointer.startsWith('/baseConfigurationItems/'));
    } catch (error) {
      return { error, pointer: item.pointer, seq: this.seq++ };
    }
    if (HELD_TYPES.has(resource.resourceType)) return { held: resource };
    recordAbsences(resource);
    const part: StorePart = REFERENCED.has(resource.resourceType) ? 0 : 1;
    const line = this.store.put(part, resource);
    this.lineType[part][line] = this.types.id(resource.resourceType, resource.resourceType);
    const errors = resource.errors;
    this.lineErrors[part][line] = errors ? this.errorLists.id(errors.map(collectionErrorKind).join('\n'), errors) : 0;
    this.lineTime[part][line] = capturedAt;
    return storedRef(part, line);
  }

  /** A listener is kept for the join; one that cannot be read still names its load balancer where it can, so that one's listeners become unknown. */
  private mapListenerItem(item: RawItem): Kept['outcome'] {
    const scope = scopeOf(item);
    let loadBalancerArn: string | undefined;
    try {
      const reader = readerOf(item, this.file);
      const named = reader.conf('LoadBalancerArn', 'loadBalancerArn').value;
      if (typeof named === 'string' && named) loadBalancerArn = named;
      return { listener: { scope, ...mapListener(reader) } };
    } catch (error) {
      return { error, pointer: item.pointer, seq: this.seq++, listener: { scope, loadBalancerArn } };
    }
  }

  /** The import, once every item was added; `kind` and `description` say what the document was. */
  async finishStream(kind: ConfigDocument['kind'], description: string): Promise<ImportedConfig> {
    await this.store.seal();
    return this.finish(kind, description);
  }

  /** The import of a document held in memory (the store needs no sealing). */
  finish(kind: ConfigDocument['kind'], description: string): ImportedConfig {
    const { rejections } = this;
    const skipped: Record<string, number> = this.unprocessedKeys > 0 ? { UnprocessedResourceKey: this.unprocessedKeys, ...this.skipped } : { ...this.skipped };
    const unsupported = inputRecord<number>();
    const held: Resource[] = [];
    const read: ReadListener[] = [];
    const unread: UnreadListener[] = [];
    const lines: [Uint8Array, Uint8Array] = [new Uint8Array(this.lineType[0].length), new Uint8Array(this.lineType[1].length)];
    let stored = 0;
    const failed: Extract<Kept['outcome'], { error: unknown }>[] = [];
    for (const ids of this.kept.values()) {
      for (const kept of ids.values()) {
        if (typeof kept === 'number') {
          lines[partOf(kept)][lineOf(kept)] = 1;
          stored++;
          continue;
        }
        const { outcome } = kept;
        if ('error' in outcome) failed.push(outcome);
        else if ('held' in outcome) held.push(outcome.held);
        else if ('listener' in outcome) read.push(outcome.listener);
        else if ('skipped' in outcome) count(skipped, outcome.skipped);
        else count(unsupported, outcome.unsupported);
      }
    }
    for (const outcome of failed.sort((a, b) => a.seq - b.seq)) {
      // Malformed input rejects this item only; anything else is a bug and stops the import.
      rejections.attempt(outcome.pointer, () => {
        throw outcome.error;
      });
      if (outcome.listener) unread.push(outcome.listener);
    }
    this.kept.clear();
    this.lineTime[0].length = this.lineTime[1].length = 0;
    // Nothing read but rejections: the document as a whole is unusable, not one bad item among good ones.
    const accounted = held.length + stored + read.length + total(skipped) + total(unsupported);
    if (rejections.count > 0 && accounted === 0) throw new InputError(`${rejections.first!} (no item of the document could be read)`);
    attachAliases(held);
    const wholeInventory = !this.options.partial && (kind === 'aws-config-file' || kind === 'aws-config-select');
    const listenerGaps = joinListeners(held, { read, unread, recorded: this.listenerScopes, wholeInventory });
    held.forEach(recordAbsences);
    const heldFirst = held.filter((r) => REFERENCED.has(r.resourceType));
    const heldLast = held.filter((r) => !REFERENCED.has(r.resourceType));
    // Types present and error kinds, counted in the order the resources are read.
    const present = new Set(held.map((r) => r.resourceType));
    const summary = new ErrorSummary();
    heldFirst.forEach((r) => summary.add(r.errors));
    for (const part of [0, 1] as const) {
      const keep = lines[part];
      for (let line = 0; line < keep.length; line++) {
        if (keep[line] === 0) continue;
        present.add(this.types.values[this.lineType[part][line]!]!);
        summary.add(this.errorLists.values[this.lineErrors[part][line]!]);
      }
    }
    heldLast.forEach((r) => summary.add(r.errors));
    const rejected = rejections.summary();
    const header: SnapshotHeader = {
      source: { kind, description, file: basename(this.file) },
      capturedAt: this.latest ? new Date(this.latest).toISOString() : new Date().toISOString(),
      accounts: [...this.accounts].sort(),
      regions: [...this.regions].sort(),
      errors: [...gapsInScope(present), ...listenerGaps, ...summary.entries()],
      unsupported,
      skipped,
      ...(rejected ? { rejected } : {}),
      referencedFirst: true,
    };
    return new ImportedConfig(header, this.store, { heldFirst, heldLast, lines, lineType: this.lineType, types: this.types.values });
  }
}

/** Which of the store's lines an import reads, and the resources it holds itself. */
interface ImportLayout {
  heldFirst: readonly Resource[];
  heldLast: readonly Resource[];
  /** Per part, 1 for a line to read (its item is the newest of its resource). */
  lines: readonly [Uint8Array, Uint8Array];
  lineType: readonly [readonly number[], readonly number[]];
  types: readonly string[];
}

/**
 * A finished import: its header (complete, collection errors included) and
 * its resources, which can be read as often as a scan asks, referenced types
 * first, newest items only.
 */
export class ImportedConfig {
  constructor(
    readonly header: SnapshotHeader,
    private readonly store: ResourceStore,
    private readonly layout: ImportLayout,
  ) {}

  /** The resources, or those of `onlyTypes`. */
  async *resources(onlyTypes?: ReadonlySet<string>): AsyncIterable<Resource> {
    const { heldFirst, heldLast, lines, lineType, types } = this.layout;
    const wanted = (type: string) => !onlyTypes || onlyTypes.has(type);
    const keep = (part: StorePart) => {
      const typeWanted = types.map(wanted);
      return (line: number) => lines[part][line] === 1 && typeWanted[lineType[part][line]!] === true;
    };
    for (const r of heldFirst) if (wanted(r.resourceType)) yield r;
    yield* this.store.read(0, keep(0));
    yield* this.store.read(1, keep(1));
    for (const r of heldLast) if (wanted(r.resourceType)) yield r;
  }

  /** Removes the store's spool, once no reading is left to do. */
  dispose(): void {
    this.store.dispose();
  }

  /** The import as a snapshot, for a store in memory. */
  inMemory(): Snapshot {
    const { store } = this;
    if (!(store instanceof MemoryStore)) throw new Error('ImportedConfig.inMemory: the resources are not in memory');
    const { heldFirst, heldLast, lines } = this.layout;
    const resources = [...heldFirst, ...store.read(0, (l) => lines[0][l] === 1), ...store.read(1, (l) => lines[1][l] === 1), ...heldLast];
    return { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, header: this.header, resources };
  }
}
