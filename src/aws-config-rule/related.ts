import { InventoryIndex, splitArn, type IndexEntry } from '../engine/inventory-index.js';
import { CONFIG_MAPPERS } from '../inventory/config-map/mappers.js';
import type { Resource } from '../inventory/resource.js';
import { own } from '../util/own.js';
import type { ConfigKey } from './config-reads.js';

const KMS_KEY = 'AWS::KMS::Key';
const KMS_ALIAS = 'AWS::KMS::Alias';

/** How to find a resource a rule referred to: by its Config id, by name, or every resource of the type (account-wide settings). */
export type Lookup = { by: 'id'; key: ConfigKey } | { by: 'name'; resourceType: string; name: string } | { by: 'type'; resourceType: string };

/** A reference the index could not answer. */
interface Miss {
  type: string;
  value?: string;
  from: Resource;
}

/**
 * The inventory index of one evaluation, which notes every reference it could not answer, so that the
 * resources rules refer to (a bucket's KMS key, the account's Block Public Access) can be read from
 * AWS Config and the resource evaluated again.
 */
export class RecordingIndex extends InventoryIndex {
  private misses: Miss[] = [];
  /** `account|region|alias/name` → the key the alias targets, from alias resources read: a key named by alias is then fetched by id. */
  private readonly aliasTargets = new Map<string, string>();

  override add(r: Resource): IndexEntry {
    const entry = super.add(r);
    const { aliasName, targetKeyId } = r.properties;
    if (r.resourceType === KMS_ALIAS && typeof aliasName === 'string' && typeof targetKeyId === 'string') {
      this.aliasTargets.set(`${r.accountId}|${r.region}|${aliasName}`, targetKeyId);
    }
    return entry;
  }

  override resolve(type: string, value: string, from: Resource): Resource | undefined {
    const found = super.resolve(type, value, from);
    if (!found) this.misses.push({ type, value, from });
    return found;
  }

  override inScope(type: string, from: Resource, scope: 'account' | 'region'): Resource | undefined {
    const found = super.inScope(type, from, scope);
    if (!found) this.misses.push({ type, from });
    return found;
  }

  /** The references missed since the last call, as AWS Config lookups in `account` and `region`; each lookup once. */
  takeLookups(account: string | undefined, region: string | undefined): Lookup[] {
    const seen = new Map<string, Lookup>();
    for (const m of this.misses) {
      const alias = m.type === KMS_KEY && m.value !== undefined ? this.aliasTargets.get(`${m.from.accountId}|${m.from.region}|${splitArn(m.value)?.resource ?? m.value}`) : undefined;
      const lookup = lookupOf(alias === undefined ? m : { ...m, value: alias }, account, region);
      if (lookup) seen.set(JSON.stringify(lookup), lookup);
    }
    this.misses = [];
    return [...seen.values()];
  }
}

/** The last part of an ARN's resource: `key/1234` → `1234`, `stream/orders` → `orders`, a bucket's name as it is. */
const lastPart = (resource: string) => resource.slice(Math.max(resource.lastIndexOf('/'), resource.lastIndexOf(':')) + 1);

/**
 * The Config lookup for a missed reference, or undefined when Config in this account and region cannot
 * hold it: a type Config does not record, another account or region, or an AWS managed key's alias
 * (which the encryption check answers without the key).
 */
export function lookupOf(m: Miss, account: string | undefined, region: string | undefined): Lookup | undefined {
  const type = m.type;
  if (!own(CONFIG_MAPPERS, type)) return undefined;
  if (m.from.accountId !== account) return undefined;
  if (m.value === undefined) return { by: 'type', resourceType: type };
  const arn = splitArn(m.value);
  if (arn && (arn.account !== '' && arn.account !== account)) return undefined;
  if (arn && arn.region !== '' && arn.region !== region) return undefined;
  const name = arn ? arn.resource : m.value;
  if (type === KMS_KEY && name.startsWith('alias/')) {
    return name.startsWith('alias/aws/') ? undefined : { by: 'name', resourceType: KMS_ALIAS, name };
  }
  return { by: 'id', key: { resourceType: type, resourceId: arn ? lastPart(name) : name } };
}
