import { UsageError } from '../errors.js';
import { ALL_REGIONS, GLOBAL_REGION, OWN_ACCOUNT, PLANNER_VERSION, unitsOf, splitUnits, type ShardHeader, type ShardScope } from '../inventory/shard-plan.js';
import { COLLECTORS } from './collectors.js';
import type { RegionRequest } from './regions.js';
import type { ServiceName } from './services.js';
import type { ShardSpec } from './shard-spec.js';

/** A shard's part of the work: its header record, and whether it owns a service in a region of an account. */
export interface ShardPart {
  header: ShardHeader;
  /** Whether this part collects `service` in `region` of the account with this key; `region` is the collector's region, or `global`. */
  owns(accountKey: string, service: string, region: string): boolean;
  /** Whether this part collects anything in the account with this key. */
  touches(accountKey: string): boolean;
}

/** The key an account has in a shard plan: its id when the run names it, else the credentials' own account. */
export const accountKey = (expectedAccountId: string | undefined): string => expectedAccountId ?? OWN_ACCOUNT;

/**
 * Plans the run's units from what is known before any AWS call (the accounts
 * given, the regions asked for, the services and whether each is read per
 * account or per region) and picks the part `spec` names. With `--regions all`
 * the regions are only known per account, so a regional service of an account
 * is one unit across all of them.
 */
export async function planShardPart(spec: Omit<ShardSpec, 'from'> & { from?: string }, accounts: readonly string[], regions: RegionRequest, services: readonly ServiceName[]): Promise<ShardPart> {
  const accountWide: string[] = [];
  for (const service of services) if ((await COLLECTORS[service]()).scope === 'account') accountWide.push(service);
  const scope: ShardScope = { accounts: [...accounts], regions: regions === 'all' ? [ALL_REGIONS] : [...regions], services: [...services], accountWide };
  const all = unitsOf(scope);
  if (spec.count > all.length) {
    throw new UsageError(`${spec.from ?? '--shard'}: ${spec.count} shards for ${all.length} unit(s) of work (accounts × regions × services): some shards would collect nothing; use at most ${all.length}`);
  }
  const units = splitUnits(all, spec.count)[spec.index - 1] ?? [];
  const owned = new Set(units.map((u) => `${u.account}/${u.region}/${u.service}`));
  const accountsTouched = new Set(units.map((u) => u.account));
  const header: ShardHeader = { index: spec.index, count: spec.count, ...(spec.run ? { run: spec.run } : {}), planner: PLANNER_VERSION, scope, units };
  return {
    header,
    owns: (account, service, region) => owned.has(`${account}/${region === GLOBAL_REGION || regions !== 'all' ? region : ALL_REGIONS}/${service}`),
    touches: (account) => accountsTouched.has(account),
  };
}
