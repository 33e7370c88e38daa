import type { Snapshot } from '../inventory/resource.js';
import { collectFromConfig } from './config-source.js';
import { withOrganizationAccounts, type OrganizationScope } from './organizations.js';
import { requireResources } from './read-check.js';
import { collectFromApi, homeRegion, type CollectOptions } from './runner.js';

/** Options of {@link collectInventory}: the API collectors' options plus where to read from. */
export interface CollectInventoryOptions extends CollectOptions, OrganizationScope {
  /** `api` (default): the service APIs; `config`: AWS Config's advanced query. */
  source?: 'api' | 'config';
  /** With `source: 'config'`: read a whole organization through this AWS Config aggregator. */
  aggregator?: string;
  /** Accept an inventory of zero resources (otherwise a {@link CannotCollectError}: a blind scan must not pass). */
  allowEmpty?: boolean;
}

/**
 * Collects a live inventory, from the service APIs or from AWS Config. Roots
 * or OUs in `organizationalUnits` are first expanded into `accountIds`. A
 * collection that read nothing, or found nothing without `allowEmpty`, is a `CannotCollectError`.
 */
export async function collectInventory(options: CollectInventoryOptions = {}): Promise<Snapshot> {
  const resolved = await withOrganizationAccounts({ ...options, homeRegion: await homeRegion(options) });
  const snapshot = resolved.source === 'config' ? await collectFromConfig(resolved) : await collectFromApi(resolved);
  // One part of a sharded run may rightly hold nothing (a region without queues): the merged scan judges the whole.
  requireResources(snapshot, (options.allowEmpty ?? false) || options.shard !== undefined);
  return snapshot;
}
