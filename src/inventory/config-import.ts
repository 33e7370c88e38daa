import { basename } from 'node:path';
import { InputError } from '../errors.js';
import { describeAjvErrors } from '../util/ajv.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type CollectionError, type Resource, type ScopedCollectionError, type Snapshot } from './resource.js';
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

function identity(item: RawItem): string {
  const region = ACCOUNT_LEVEL_TYPES.has(item.resourceType) ? '*' : (item.region ?? '');
  return `${modelTypeOf(item.resourceType)}|${item.accountId ?? ''}|${region}|${ACCOUNT_LEVEL_TYPES.has(item.resourceType) ? '' : item.resourceId}`;
}

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
function summarizeErrors(resources: Resource[]): ScopedCollectionError[] {
  const groups = new Map<string, { error: CollectionError; count: number }>();
  for (const r of resources) {
    for (const e of r.errors ?? []) {
      const key = `${e.operation}|${e.property ?? ''}|${e.code}`;
      const group = groups.get(key);
      if (group) group.count++;
      else groups.set(key, { error: e, count: 1 });
    }
  }
  return [...groups.values()].map(({ error, count: n }) => ({
    ...error,
    message: `${error.message} (${n} resource${n === 1 ? '' : 's'})`,
  }));
}

function gapsInScope(resources: Resource[]): ScopedCollectionError[] {
  const services = new Set(resources.map((r) => r.resourceType.split('::')[1]));
  // A service none of whose modelled types Config records never shows up in an import: its gap is stated for every non-empty one.
  const mappedServices = new Set(Object.keys(CONFIG_MAPPERS).map((t) => t.split('::')[1]));
  return Object.entries(NOT_CONFIG_TYPES)
    .filter(([type]) => services.has(type.split('::')[1]) || (resources.length > 0 && !mappedServices.has(type.split('::')[1])))
    .map(([type, message]) => ({ service: type.split('::')[1]!.toLowerCase(), operation: `config:${type}`, code: 'NotRecordedByConfig', message }));
}

/**
 * Imports an AWS Config snapshot file, API items (GetResourceConfigHistory, BatchGetResourceConfig)
 * or advanced query results into a sealcheck snapshot. Deleted and unrecorded items are counted,
 * types sealcheck does not model are counted, and data Config does not hold is left absent with an error.
 * A malformed item is rejected (counted and listed in `header.rejected` with its pointer) and the rest
 * imported; a document none of whose items can be read is an error.
 */
export function importConfigDocument(doc: unknown, file: string, options: ImportOptions = {}): Snapshot {
  const importer = new ConfigImport(file, options);
  const source = readConfigDocument(doc, file, importer.rejections);
  importer.unprocessed(source.unprocessed);
  for (const item of source.items) importer.add(item);
  return importer.finish(source.kind, source.description);
}

/** How the items were obtained, where the document cannot say. */
export interface ImportOptions {
  /**
   * The document holds part of the recorded resources (one item alone, or an advanced query with a failed
   * page), so what is missing from it (a load balancer's listener items) is unknown, not absent.
   */
  partial?: boolean;
}

/** What is kept of an item while later items may still supersede it: its mapped resource (or why it has none), never its raw configuration. */
interface Kept {
  capturedAt: string;
  pointer: string;
  outcome:
    | { resource: Resource }
    | { listener: ReadListener }
    | { skipped: string }
    | { unsupported: string }
    | { error: unknown; listener?: UnreadListener };
}

/**
 * An import fed one item at a time (from a parsed document or a streaming
 * parser): each item is mapped as it arrives, so only mapped resources are
 * held, not the document. The newest item of each resource wins, as before.
 * A malformed item is rejected (file, pointer, reason in `rejections`) and the
 * rest imported; a document none of whose items could be read is an error.
 */
export class ConfigImport {
  readonly rejections: Rejections;
  private readonly kept = new Map<string, Kept>();
  private readonly skipped = inputRecord<number>();
  private readonly accounts = new Set<string>();
  private readonly regions = new Set<string>();
  /** `account|region` scopes with a recorded listener item (current or deleted): there Config records listeners. */
  private readonly listenerScopes = new Set<string>();
  private latest = '';
  private unprocessedKeys = 0;

  constructor(
    private readonly file: string,
    private readonly options: ImportOptions = {},
  ) {
    this.rejections = new Rejections(file);
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

  add(item: RawItem): void {
    if (item.capturedAt && item.capturedAt > this.latest) this.latest = item.capturedAt;
    if (item.accountId && /^[0-9]{12}$/.test(item.accountId)) this.accounts.add(item.accountId);
    if (item.region && item.region !== 'global') this.regions.add(item.region);
    // A listener item that is not recorded says the recorder leaves the type out, not that it records it.
    if (item.resourceType === LISTENER_TYPE && !item.status?.endsWith('NotRecorded')) this.listenerScopes.add(scopeOf(item));
    const key = identity(item);
    const seen = this.kept.get(key);
    if (seen) {
      count(this.skipped, 'SupersededByNewerItem');
      if ((item.capturedAt ?? '') <= seen.capturedAt) return;
    }
    this.kept.set(key, { capturedAt: item.capturedAt ?? '', pointer: item.pointer, outcome: this.map(item) });
  }

  private map(item: RawItem): Kept['outcome'] {
    if (item.status && SKIPPED_STATUSES.has(item.status)) return { skipped: item.status };
    if (item.resourceType === LISTENER_TYPE) return this.mapListenerItem(item);
    if (!own(CONFIG_MAPPERS, item.resourceType)) return { unsupported: item.resourceType };
    // An item a newer one supersedes is not judged: its mapping error counts only if it is the newest.
    try {
      // Only BatchGetResourceConfig (baseConfigurationItems) items come without tags by design.
      return { resource: toResource(item, this.file, item.pointer.startsWith('/baseConfigurationItems/')) };
    } catch (error) {
      return { error };
    }
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
      return { error, listener: { scope, loadBalancerArn } };
    }
  }

  /** The snapshot, once every item was added; `kind` and `description` say what the document was. */
  finish(kind: ConfigDocument['kind'], description: string): Snapshot {
    const { rejections } = this;
    const skipped: Record<string, number> = this.unprocessedKeys > 0 ? { UnprocessedResourceKey: this.unprocessedKeys, ...this.skipped } : { ...this.skipped };
    const unsupported = inputRecord<number>();
    const resources: Resource[] = [];
    const read: ReadListener[] = [];
    const unread: UnreadListener[] = [];
    for (const { pointer, outcome } of this.kept.values()) {
      if ('error' in outcome) {
        // Malformed input rejects this item only; anything else is a bug and stops the import.
        rejections.attempt(pointer, () => {
          throw outcome.error;
        });
        if (outcome.listener) unread.push(outcome.listener);
      } else if ('listener' in outcome) read.push(outcome.listener);
      else if ('skipped' in outcome) count(skipped, outcome.skipped);
      else if ('unsupported' in outcome) count(unsupported, outcome.unsupported);
      else resources.push(outcome.resource);
    }
    this.kept.clear();
    // Nothing read but rejections: the document as a whole is unusable, not one bad item among good ones.
    const accounted = resources.length + read.length + total(skipped) + total(unsupported);
    if (rejections.count > 0 && accounted === 0) throw new InputError(`${rejections.first!} (no item of the document could be read)`);
    attachAliases(resources);
    const wholeInventory = !this.options.partial && (kind === 'aws-config-file' || kind === 'aws-config-select');
    const listenerGaps = joinListeners(resources, { read, unread, recorded: this.listenerScopes, wholeInventory });
    resources.forEach(recordAbsences);
    const rejected = rejections.summary();
    return {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      header: {
        source: { kind, description, file: basename(this.file) },
        capturedAt: this.latest ? new Date(this.latest).toISOString() : new Date().toISOString(),
        accounts: [...this.accounts].sort(),
        regions: [...this.regions].sort(),
        errors: [...gapsInScope(resources), ...listenerGaps, ...summarizeErrors(resources)],
        unsupported,
        skipped,
        ...(rejected ? { rejected } : {}),
      },
      resources,
    };
  }
}
