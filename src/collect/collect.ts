import type { Snapshot } from '../inventory/resource.js';
import { collectFromConfig } from './config-source.js';
import { collectFromApi, type CollectOptions } from './runner.js';

/** Options of {@link collectInventory}: the API collectors' options plus where to read from. */
export interface CollectInventoryOptions extends CollectOptions {
  /** `api` (default): the service APIs; `config`: AWS Config's advanced query. */
  source?: 'api' | 'config';
  /** With `source: 'config'`: read a whole organization through this AWS Config aggregator. */
  aggregator?: string;
}

/** Collects a live inventory, from the service APIs or from AWS Config. */
export async function collectInventory(options: CollectInventoryOptions = {}): Promise<Snapshot> {
  return options.source === 'config' ? collectFromConfig(options) : collectFromApi(options);
}
