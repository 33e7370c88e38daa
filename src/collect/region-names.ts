import { clip, UsageError } from '../errors.js';

/** The regions requested: `all` (every region enabled for the account) or a list of names. */
export type RegionRequest = 'all' | readonly string[];

// A region name as AWS writes them: eu-west-1, us-gov-west-1, us-isob-east-1, eusc-de-east-1.
const REGION_NAME = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;

/**
 * Rejects a name that cannot be a region before any request: a region becomes
 * part of every endpoint's host name, and requests are signed for it.
 */
export function checkRegionNames(request: RegionRequest | undefined): void {
  if (request === undefined || request === 'all') return;
  for (const name of request) {
    if (!REGION_NAME.test(name)) throw new UsageError(`--regions: "${clip(name, 40)}" is not a region name (e.g. eu-west-1)`);
  }
}
