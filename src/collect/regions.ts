import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import type { ScopedCollectionError } from '../inventory/resource.js';
import type { CollectorContext } from './context.js';

export { checkRegionNames, type RegionRequest } from './region-names.js';
import type { RegionRequest } from './region-names.js';

// Opt-in states in which a region answers requests.
const ENABLED = new Set(['opt-in-not-required', 'opted-in']);

/**
 * The regions to collect in for one account, from EC2 DescribeRegions with
 * opt-in status. A named region that is not enabled is reported and skipped;
 * when DescribeRegions itself fails, named regions are tried as given and `all`
 * falls back to the home region — both with the failure recorded.
 */
export async function resolveRegions(
  ctx: Pick<CollectorContext, 'call' | 'client' | 'accountId' | 'region'>,
  request: RegionRequest,
): Promise<{ regions: string[]; errors: ScopedCollectionError[] }> {
  const ec2 = ctx.client('ec2');
  const o = await ctx.call('ec2:DescribeRegions', () => ec2.send(new DescribeRegionsCommand({ AllRegions: true })));
  if (!o.ok) {
    const regions = request === 'all' ? [ctx.region] : [...request];
    const note = request === 'all' ? `; collecting in ${ctx.region} only` : '; collecting in the named regions as given';
    return { regions, errors: [{ ...o.error, message: `${o.error.message}${note}`, accountId: ctx.accountId, region: ctx.region, service: 'ec2' }] };
  }
  const status = new Map<string, string>();
  for (const r of o.value.Regions ?? []) if (r.RegionName) status.set(r.RegionName, r.OptInStatus ?? 'opt-in-not-required');
  if (request === 'all') return { regions: [...status].filter(([, s]) => ENABLED.has(s)).map(([name]) => name).sort(), errors: [] };
  const regions: string[] = [];
  const errors: ScopedCollectionError[] = [];
  for (const name of request) {
    const s = status.get(name);
    if (s !== undefined && ENABLED.has(s)) regions.push(name);
    else
      errors.push({
        operation: 'ec2:DescribeRegions',
        code: s === undefined ? 'UnknownRegion' : 'RegionNotEnabled',
        message: s === undefined ? `region ${name} does not exist for this account; skipped` : `region ${name} is not enabled (${s}); skipped`,
        accountId: ctx.accountId,
        region: name,
      });
  }
  return { regions, errors };
}
