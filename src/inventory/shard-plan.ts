/**
 * Sharded collection: the work of a collection (accounts × regions × services)
 * as units, and their split into N parts. The split is a pure function of the
 * scope, so every shard of a run computes the same plan without talking to the
 * others, and a merge can tell what a missing part would have held.
 */

/** The account a unit reads: a 12-digit id, or {@link OWN_ACCOUNT} for the credentials' own account. */
export const OWN_ACCOUNT = 'self';
/** The region of a unit for a service read once per account (IAM, S3's bucket list). */
export const GLOBAL_REGION = 'global';
/** The region of a unit when the regions are only known once the account is read (`--regions all`). */
export const ALL_REGIONS = 'all';

/** One piece of collection work: a service in a region of an account. */
export interface WorkUnit {
  account: string;
  region: string;
  service: string;
}

/** What a sharded collection covers; every shard of one run must plan from the same scope. */
export interface ShardScope {
  /** Account keys in the order they were given: ids, or {@link OWN_ACCOUNT}. */
  accounts: string[];
  /** Region codes, or {@link ALL_REGIONS} alone. */
  regions: string[];
  services: string[];
  /** The services among `services` that are read once per account, not per region. */
  accountWide: string[];
}

/** Which part of which run a snapshot holds, as its header records it. */
export interface ShardHeader {
  /** 1-based. */
  index: number;
  count: number;
  /** The run all parts belong to (a CI run id, a Batch parent job id), when the runner or the user named one. */
  run?: string;
  /** Version of the planning below: parts planned by another version cannot be checked against each other. */
  planner: number;
  scope: ShardScope;
  /** The units this part collected. */
  units: WorkUnit[];
}

export const PLANNER_VERSION = 1;

/**
 * Relative cost of one unit of a service: roughly the calls it makes per
 * resource times how many resources an account tends to hold. Only the order
 * of magnitude matters; an unlisted service weighs 2.
 */
export const SERVICE_WEIGHTS: Readonly<Record<string, number>> = {
  s3: 8,
  iam: 8,
  ec2: 6,
  kms: 4,
  rds: 4,
  lambda: 3,
  dynamodb: 3,
  secretsmanager: 3,
  sqs: 2,
  sns: 2,
  glacier: 1,
  dax: 1,
  iot: 1,
};

/** A unit over every enabled region weighs as much as this many single-region units (the commercial partition's default regions). */
const ALL_REGIONS_FACTOR = 17;

function weightOf(unit: WorkUnit): number {
  const base = SERVICE_WEIGHTS[unit.service] ?? 2;
  return unit.region === ALL_REGIONS ? base * ALL_REGIONS_FACTOR : base;
}

const keyOf = (u: WorkUnit): string => `${u.account}/${u.region}/${u.service}`;

/** Every unit of a scope: account-wide services once per account, the others once per region. */
export function unitsOf(scope: ShardScope): WorkUnit[] {
  const accountWide = new Set(scope.accountWide);
  const units: WorkUnit[] = [];
  for (const account of scope.accounts) {
    for (const service of scope.services) {
      if (accountWide.has(service)) units.push({ account, region: GLOBAL_REGION, service });
      else for (const region of scope.regions) units.push({ account, region, service });
    }
  }
  return units;
}

/**
 * Splits the units into `count` parts of near-equal weight: heaviest first
 * (ties by account/region/service name), each to the lightest part so far
 * (ties to the lowest index). The result depends on the set of units only,
 * not on the order they were listed in. Part `i` (0-based) is `parts[i]`.
 */
export function splitUnits(units: readonly WorkUnit[], count: number): WorkUnit[][] {
  const parts: WorkUnit[][] = Array.from({ length: count }, () => []);
  const load = new Array<number>(count).fill(0);
  const ordered = [...units].sort((a, b) => weightOf(b) - weightOf(a) || (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  for (const unit of ordered) {
    let lightest = 0;
    for (let i = 1; i < count; i++) if (load[i]! < load[lightest]!) lightest = i;
    parts[lightest]!.push(unit);
    load[lightest]! += weightOf(unit);
  }
  return parts;
}

/** The units of part `index` (1-based) of `count`. */
export function unitsOfPart(scope: ShardScope, index: number, count: number): WorkUnit[] {
  return splitUnits(unitsOf(scope), count)[index - 1] ?? [];
}
