import type { Snapshot } from '../inventory/resource.js';
import { collectFromConfig } from './config-source.js';
import { withOrganizationAccounts, type OrganizationScope } from './organizations.js';
import { collectFromApi, type CollectOptions } from './runner.js';

/** Options of {@link collectInventory}: the API collectors' options plus where to read from. */
export interface CollectInventoryOptions extends CollectOptions, OrganizationScope {
  /** `api` (default): the service APIs; `config`: AWS Config's advanced query. */
  source?: 'api' | 'config';
  /** With `source: 'config'`: read a whole organization through this AWS Config aggregator. */
  aggregator?: string;
}

/**
 * Collects a live inventory, from the service APIs or from AWS Config. Roots
 * or OUs in `organizationalUnits` are first expanded into `accountIds`.
 */
export async function collectInventory(options: CollectInventoryOptions = {}): Promise<Snapshot> {
  const resolved = await withOrganizationAccounts(options);
  return resolved.source === 'config' ? collectFromConfig(resolved) : collectFromApi(resolved);
}
