import type { Resource, SnapshotHeader } from '../inventory/resource.js';
import type { AccessLedger } from './access-ledger.js';

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
 * Finds the resources that others refer to: by ARN, by id or name within an
 * account and region, KMS keys also by alias, and account- or region-wide
 * settings by scope. Only the types rules refer to need to be added.
 */
export class InventoryIndex {
  private readonly byArn = new Map<string, Resource>();
  private readonly byName = new Map<string, Resource>();
  private readonly byScope = new Map<string, Resource>();
  /** `account|region|alias/name` → key id, from keys' alias lists and from alias resources. */
  private readonly aliases = new Map<string, string>();
  private readonly all: Resource[] = [];
  size = 0;
  /** The snapshot's header, when a scan has one: derived values that need its recorded errors (access bounds) read it. */
  header?: Pick<SnapshotHeader, 'errors' | 'accounts'>;
  /** Where `$access` answers are kept for the report, when the caller wants them. */
  accessLedger?: AccessLedger;

  add(r: Resource): void {
    this.size++;
    this.all.push(r);
    this.resolved.clear();
    this.byArn.set(r.arn, r);
    const scope = `${r.resourceType}|${r.accountId}|${r.region}`;
    this.byName.set(`${scope}|${r.resourceId}`, r);
    if (r.name !== undefined) this.byName.set(`${scope}|${r.name}`, r);
    this.byScope.set(scope, r);
    this.byScope.set(`${r.resourceType}|${r.accountId}`, r);
    if (r.resourceType === KMS_KEY) {
      const aliases = r.properties.aliases;
      if (Array.isArray(aliases)) for (const a of aliases) if (typeof a === 'string') this.aliases.set(`${r.accountId}|${r.region}|${a}`, r.resourceId);
    } else if (r.resourceType === KMS_ALIAS) {
      const target = r.properties.targetKeyId;
      const name = (r.properties.aliasName as string | undefined) ?? r.resourceId;
      if (typeof target === 'string') this.aliases.set(`${r.accountId}|${r.region}|${name}`, target);
    }
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
      found = this.lookup(type, value, from) ?? null;
      byValue.set(key, found);
    }
    return found ?? undefined;
  }

  private lookup(type: string, value: string, from: Resource): Resource | undefined {
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

  private kmsKey(account: string, region: string, idOrAlias: string): Resource | undefined {
    const id = idOrAlias.startsWith('alias/') ? this.aliases.get(`${account}|${region}|${idOrAlias}`) : idOrAlias;
    if (id === undefined) return undefined;
    const found = this.byName.get(`${KMS_KEY}|${account}|${region}|${id}`);
    if (found) return found;
    // An alias may name its target by ARN.
    const arn = splitArn(id);
    return arn ? this.byName.get(`${KMS_KEY}|${arn.account}|${arn.region}|${arn.resource.replace(/^key\//, '')}`) : undefined;
  }

  /** Every resource added, in order. */
  resources(): readonly Resource[] {
    return this.all;
  }

  /** The single resource of `type` for the account (and region) of `from`: account- and region-wide settings. */
  inScope(type: string, from: Resource, scope: 'account' | 'region'): Resource | undefined {
    return scope === 'region' ? this.byScope.get(`${type}|${from.accountId}|${from.region}`) : this.byScope.get(`${type}|${from.accountId}`);
  }
}
