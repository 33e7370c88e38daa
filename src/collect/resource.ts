import type { Resource } from '../inventory/resource.js';
import type { CollectorContext } from './context.js';
import { inputRecord } from '../util/own.js';

/** How a resource may differ from the common case (named by its id, no tags yet). */
export interface ResourceOptions {
  /** The human name; defaults to the resource id, `null` for a resource without one. */
  name?: string | null;
  tags?: Record<string, string>;
}

/** `arn:<partition>:<service>:<region>:<account>:<path>` in the context's partition, region and account. */
export function regionalArn(ctx: Pick<CollectorContext, 'partition' | 'region' | 'accountId'>, service: string, path: string): string {
  return `arn:${ctx.partition}:${service}:${ctx.region}:${ctx.accountId}:${path}`;
}

/**
 * The envelope of a resource in the context's account and region. The keys are
 * laid out in the envelope's order so that snapshots stay byte-for-byte the same
 * whichever collector built them.
 */
export function regionalResource(
  ctx: Pick<CollectorContext, 'region' | 'accountId'>,
  resourceType: string,
  resourceId: string,
  arn: string,
  properties: Record<string, unknown>,
  options: ResourceOptions = {},
): Resource {
  const name = options.name === undefined ? resourceId : options.name;
  return {
    resourceType,
    resourceId,
    arn,
    accountId: ctx.accountId,
    region: ctx.region,
    ...(name === null ? {} : { name }),
    tags: options.tags ?? inputRecord<string>(),
    properties,
  };
}
