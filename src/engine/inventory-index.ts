import type { Resource, SnapshotHeader } from '../inventory/resource.js';
import type { AccessLedger } from './access-ledger.js';
import { DormantTextStore, type DormantText } from './dormant-text.js';

const KMS_KEY = 'AWS::KMS::Key';
const KMS_ALIAS = 'AWS::KMS::Alias';

/** `arn:partition:service:region:account:resource` split into its parts (undefined when it is not an ARN). */
export function splitArn(arn: string): { service: string; region: string; account: string; resource: string } | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return { service: parts[2]!, region: parts[3]!, account: parts[4]!, resource: parts.slice(5).join(':') };
}

/**
 * Types an estate holds by the hundred thousand that rules look up only now
 * and then (a trail's log bucket, an access point's bucket): the index keeps
 * them as JSON text (in a temporary file once there is much of it, see
 * {@link DormantTextStore}) and parses the ones a lookup finds. At 1,000,000
 * resources the 107,000 generated buckets held as objects kept the live heap
 * above 300 MB for the whole scan, and as text in the heap about 160 MB.
 */
const DORMANT_TYPES: ReadonlySet<string> = new Set(['AWS::S3::Bucket']);

/** A resource the index holds as text (see {@link DORMANT_TYPES}). */
export class DormantResource {
  readonly resourceType: string;
  readonly arn: string;
  private readonly text: DormantText;

  constructor(
    r: Resource,
    private readonly store: DormantTextStore,
  ) {
    this.resourceType = r.resourceType;
    this.arn = r.arn;
    this.text = store.add(JSON.stringify(r));
  }

  /** A fresh copy of the resource. */
  wake(): Resource {
    return JSON.parse(this.store.read(this.text)) as Resource;
  }
}

/** What the index keeps of a resource: the resource, or for a dormant type its text. */
export type IndexEntry = Resource | DormantResource;

/** The resource an entry holds; a dormant one parsed anew each time (the caller keeps it only as long as it needs it). */
export const resourceOfEntry = (entry: IndexEntry): Resource => (entry instanceof DormantResource ? entry.wake() : entry);

/**
 * Finds the resources that others refer to: by ARN, by id or name within an
 * account and region, KMS keys also by alias, and account- or region-wide
 * settings by scope. Only the types rules refer to need to be added.
 */
export class InventoryIndex {
  private readonly byArn = new Map<string, IndexEntry>();
  private readonly byName = new Map<string, IndexEntry>();
  private readonly byScope = new Map<string, IndexEntry>();
  /** `account|region|alias/name` → key id, from keys' alias lists and from alias resources. */
  private readonly aliases = new Map<string, string>();
  private readonly all: IndexEntry[] = [];
  /** Dormant resources a lookup found, parsed once: as many as the resources referred to, not as the type's count. */
  private readonly woken = new Map<DormantResource, Resource>();
  private readonly dormant: DormantTextStore;
  size = 0;
  /** The snapshot's header, when a scan has one: derived values that need its recorded errors (access bounds) read it. */
  header?: Pick<SnapshotHeader, 'errors' | 'accounts'>;
  /** Where `$access` answers are kept for the report, when the caller wants them. */
  accessLedger?: AccessLedger;

  /** `dormantMemoryBytes`: how much dormant text stays in memory before it moves to a temporary file. */
  constructor(dormantMemoryBytes?: number) {
    this.dormant = new DormantTextStore(dormantMemoryBytes);
  }

  /** Gives up the dormant resources' temporary file: once the scan is over, nothing looks them up. */
  close(): void {
    this.dormant.close();
  }

  /** Adds a resource; returns what the index keeps of it (the caller holding it for later evaluation may keep the same). */
  add(r: Resource): IndexEntry {
    const entry: IndexEntry = DORMANT_TYPES.has(r.resourceType) ? new DormantResource(r, this.dormant) : r;
    this.size++;
    this.all.push(entry);
    this.resolved.clear();
    this.byArn.set(r.arn, entry);
    const scope = `${r.resourceType}|${r.accountId}|${r.region}`;
    this.byName.set(`${scope}|${r.resourceId}`, entry);
    if (r.name !== undefined) this.byName.set(`${scope}|${r.name}`, entry);
    this.byScope.set(scope, entry);
    this.byScope.set(`${r.resourceType}|${r.accountId}`, entry);
    if (r.resourceType === KMS_KEY) {
      const aliases = r.properties.aliases;
      if (Array.isArray(aliases)) for (const a of aliases) if (typeof a === 'string') this.aliases.set(`${r.accountId}|${r.region}|${a}`, r.resourceId);
    } else if (r.resourceType === KMS_ALIAS) {
      const target = r.properties.targetKeyId;
      const name = (r.properties.aliasName as string | undefined) ?? r.resourceId;
      if (typeof target === 'string') this.aliases.set(`${r.accountId}|${r.region}|${name}`, target);
    }
    return entry;
  }

  /** The resource behind an entry the index found, a dormant one parsed once for every lookup that finds it. */
  private awake(entry: IndexEntry | undefined): Resource | undefined {
    if (!(entry instanceof DormantResource)) return entry;
    let r = this.woken.get(entry);
    if (!r) this.woken.set(entry, (r = entry.wake()));
    return r;
  }

  /**
   * Lookups already answered: thousands of volumes name the same few keys, and
   * working out an ARN or alias costs more than finding the answer again. An
   * ARN is looked up the same from anywhere; an id, name or alias is relative
   * to the account and region of the resource naming it.
   */
  private readonly resolved = new Map<string, Map<string, Resource | null>>();

  /** The resource of `type` that `from` names with `value` (ARN, id, name, or for KMS keys an alias), if it is in the inventory. */
  resolve(type: string, value: string, from: Resource): Resource | undefined {
    // Keyed by the value string itself where it can be: a string keeps its hash, a key built per call is hashed anew.
    const key = value.startsWith('arn:') ? value : `${from.accountId}\n${from.region}\n${value}`;
    let byValue = this.resolved.get(type);
    if (!byValue) this.resolved.set(type, (byValue = new Map<string, Resource | null>()));
    let found = byValue.get(key);
    if (found === undefined) {
      found = this.awake(this.lookup(type, value, from)) ?? null;
      byValue.set(key, found);
    }
    return found ?? undefined;
  }

  private lookup(type: string, value: string, from: Resource): IndexEntry | undefined {
    const arn = splitArn(value);
    if (arn) {
      const direct = this.byArn.get(value);
      if (direct && direct.resourceType === type) return direct;
      if (type === KMS_KEY) {
        const id = arn.resource.replace(/^key\//, '');
        return this.kmsKey(arn.account, arn.region, id);
      }
      return this.byName.get(`${type}|${arn.account}|${arn.region}|${arn.resource.replace(/^[^/:]+[/:]/, '')}`);
    }
    if (type === KMS_KEY) return this.kmsKey(from.accountId, from.region, value);
    return this.byName.get(`${type}|${from.accountId}|${from.region}|${value}`) ?? this.byName.get(`${type}|${from.accountId}|global|${value}`);
  }

  private kmsKey(account: string, region: string, idOrAlias: string): IndexEntry | undefined {
    const id = idOrAlias.startsWith('alias/') ? this.aliases.get(`${account}|${region}|${idOrAlias}`) : idOrAlias;
    if (id === undefined) return undefined;
    const found = this.byName.get(`${KMS_KEY}|${account}|${region}|${id}`);
    if (found) return found;
    // An alias may name its target by ARN.
    const arn = splitArn(id);
    return arn ? this.byName.get(`${KMS_KEY}|${arn.account}|${arn.region}|${arn.resource.replace(/^key\//, '')}`) : undefined;
  }

  /** Every resource added of these types, in order. */
  resources(types: ReadonlySet<string>): Resource[] {
    return this.all.filter((e) => types.has(e.resourceType)).map((e) => this.awake(e)!);
  }

  /** The single resource of `type` for the account (and region) of `from`: account- and region-wide settings. */
  inScope(type: string, from: Resource, scope: 'account' | 'region'): Resource | undefined {
    return this.awake(scope === 'region' ? this.byScope.get(`${type}|${from.accountId}|${from.region}`) : this.byScope.get(`${type}|${from.accountId}`));
  }
}
