import { partition } from '@aws-sdk/core/client';

/**
 * The AWS partition (`aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, …) of a region,
 * from the SDK's own partition table, so a partition AWS adds arrives with an
 * SDK update rather than an edit here. An unknown region falls in `aws`, as the SDK decides.
 */
export function partitionOfRegion(region: string): string {
  return partition(region).name;
}

/** The partition named in an ARN (`arn:aws-cn:…`), else that of `region`. */
export function partitionOf(arn: string | undefined, region: string): string {
  return /^arn:([a-z][a-z0-9-]*):/.exec(arn ?? '')?.[1] ?? partitionOfRegion(region);
}
