import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import pLimit from 'p-limit';
import { referencedFirst } from '../inventory/referenced-types.js';
import { GLOBAL_REGION } from '../inventory/shard-plan.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type CollectionError, type Resource, type ScopedCollectionError, type Snapshot } from '../inventory/resource.js';
import { PACKAGE_ROOT } from '../paths.js';
import { lacking } from './always-present.js';
import { ClientPool, DEFAULT_CLIENT_SETTINGS, clientKindsFor, loadClients, type ClientSettings, type Credentials } from './clients.js';
import { COLLECTORS } from './collectors.js';
import { createContext, type CallTally, type ContextDeps } from './context.js';
import { partitionOf } from './partition.js';
import { requireAccountRead } from './read-check.js';
import { accountTargets, type AccountTarget } from './credentials.js';
import { toCollectionError } from './errors.js';
import { DEFAULT_CONCURRENCY, Limiters, type ConcurrencyLimits } from './limits.js';
import { silentProgress, type Progress } from './progress.js';
import { checkRegionNames, resolveRegions, type RegionRequest } from './regions.js';
import { SERVICES, type ServiceName } from './services.js';
import { accountKey, planShardPart, type ShardPart } from './shard-collect.js';
import type { ShardSpec } from './shard-spec.js';

/** What to collect, from where, with which credentials. */
export interface CollectOptions {
  /** Shared config profile; default: the SDK's default provider chain. */
  profile?: string;
  /** Regions to collect in; default: the home region. */
  regions?: RegionRequest;
  /** Services to collect; default: all. */
  services?: readonly ServiceName[];
  /** Role to assume in each account; may contain `{accountId}`. */
  roleArn?: string;
  accountIds?: readonly string[];
  externalId?: string;
  sessionName?: string;
  /** AWS-compatible endpoint for every client (default: `AWS_ENDPOINT_URL`). */
  endpoint?: string;
  concurrency?: ConcurrencyLimits;
  /** The region for account-wide calls (STS, DescribeRegions, ListBuckets); default: AWS_REGION, the profile's region, us-east-1. */
  homeRegion?: string;
  progress?: Progress;
  /** Base credentials instead of the provider chain (tests). */
  credentials?: Credentials;
  client?: Partial<ClientSettings>;
  /** How many accounts are collected at once. */
  accountConcurrency?: number;
  now?: () => Date;
  /** Collect only this part of the work (see src/inventory/shard-plan.ts). */
  shard?: ShardSpec;
}

function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** The region for account-wide calls: the option, the environment, the profile's region, else us-east-1. */
export async function homeRegion(options: Pick<CollectOptions, 'homeRegion' | 'profile'>): Promise<string> {
  if (options.homeRegion) return options.homeRegion;
  const env = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (env) return env;
  try {
    const { STSClient } = await import('@aws-sdk/client-sts');
    const probe = new STSClient(options.profile ? { profile: options.profile } : {});
    const region = await probe.config.region();
    probe.destroy();
    if (region) return region;
  } catch {
    // No region configured anywhere: fall through.
  }
  return 'us-east-1';
}

interface AccountResult {
  accountId?: string;
  regions: string[];
  resources: Resource[];
}

/** One account's collection: what to read and the run-wide state it adds to. */
interface AccountRun {
  target: AccountTarget;
  options: CollectOptions;
  /** The region for account-wide calls. */
  home: string;
  settings: ClientSettings;
  limiters: Limiters;
  /** The run's header errors and skip counts, shared by every account. */
  errors: ScopedCollectionError[];
  skipped: Record<string, number>;
  progress: Progress;
  /** Whether several accounts are collected (progress lines then name the account). */
  multiAccount: boolean;
  calls: CallTally;
  /** With a sharded collection: the part this run collects. */
  shard?: ShardPart;
}

async function collectAccount(run: AccountRun): Promise<AccountResult> {
  const { target, options, home, limiters, errors, progress } = run;
  const clients = new ClientPool(target.credentials, run.settings);
  try {
    // Only the SDK clients this run uses are loaded: regions are listed with EC2, the account read with STS.
    await loadClients(['sts', 'ec2', ...clientKindsFor(options.services ?? SERVICES)]);
    const pending = target.expectedAccountId ?? 'unknown';
    const deps: ContextDeps = { accountId: pending, partition: partitionOf(target.roleArn, home), regions: [], clients, limiters, progress, errors, skipped: run.skipped };
    const sts = clients.get('sts', home);
    const unreachable = (e: CollectionError): AccountResult => {
      const role = target.roleArn ? ` (assuming ${target.roleArn})` : '';
      errors.push({ ...e, message: `cannot reach the account${role}: ${e.message}`, ...(target.expectedAccountId ? { accountId: target.expectedAccountId } : {}), region: home });
      return { regions: [], resources: [] };
    };
    let identity;
    try {
      identity = await limiters.get('sts', pending, home)(() => sts.send(new GetCallerIdentityCommand({})));
    } catch (error) {
      return unreachable(toCollectionError('sts:GetCallerIdentity', error));
    }
    // GetCallerIdentity always names the account: an answer without it says nothing about whose data follows.
    const accountId = identity.Account;
    if (!accountId) return unreachable(lacking('sts:GetCallerIdentity', 'Account'));
    if (target.expectedAccountId && accountId !== target.expectedAccountId) {
      errors.push({
        operation: 'sts:GetCallerIdentity',
        code: 'AccountMismatch',
        message: `expected account ${target.expectedAccountId} but the credentials belong to ${accountId}; skipped`,
        accountId: target.expectedAccountId,
      });
      return { regions: [], resources: [] };
    }
    deps.accountId = accountId;
    deps.partition = partitionOf(identity.Arn, home);
    const homeCtx = createContext(deps, 'ec2', home);
    const resolved = await resolveRegions(homeCtx, options.regions ?? [home]);
    errors.push(...resolved.errors);
    deps.regions = resolved.regions;
    // Only the collectors' calls count towards "did anything answer": STS and region listing alone read no data.
    const collectorDeps: ContextDeps = { ...deps, calls: run.calls };

    const services = options.services ?? SERVICES;
    const runs: Promise<Resource[]>[] = [];
    for (const service of services) {
      const load = COLLECTORS[service];
      if (!load) continue;
      const collector = await load();
      const regions = collector.scope === 'account' ? [home] : resolved.regions;
      if (regions.length === 0) continue;
      for (const region of regions) {
        if (run.shard && !run.shard.owns(accountKey(target.expectedAccountId), service, collector.scope === 'account' ? GLOBAL_REGION : region)) continue;
        // With several accounts the same service and region run once per account: each gets its own progress line.
        const label = `${run.multiAccount ? `${accountId} ` : ''}${collector.scope === 'account' ? 'global' : region}`;
        const ctx = createContext(collectorDeps, service, region, service, label);
        progress.start(service, label);
        runs.push(
          collector
            .collect(ctx)
            .catch((error: unknown) => {
              // A bug or an unexpected answer ends this service and region only.
              ctx.scopeError({ ...toCollectionError(`${service}:collect`, error), code: 'InternalError' });
              return [] as Resource[];
            })
            .then((resources) => {
              for (const r of resources) {
                for (const e of r.errors ?? []) {
                  errors.push({ ...e, accountId, region: r.region, service, resourceArn: r.arn });
                  progress.failed(service, label, 1);
                }
              }
              progress.finish(service, label);
              return resources;
            }),
        );
      }
    }
    const resources = (await Promise.all(runs)).flat();
    return { accountId, regions: resolved.regions, resources };
  } finally {
    clients.destroy();
  }
}

/**
 * Collects the inventory of every target account from the AWS APIs: accounts ×
 * regions × services in parallel under per-service limits. Nothing throws for
 * an AWS failure: each one is recorded on the resource and property it made
 * absent, or in the header for a region, service or account.
 */
export async function collectFromApi(options: CollectOptions = {}): Promise<Snapshot> {
  checkRegionNames(options.regions);
  const now = options.now ?? (() => new Date());
  const capturedAt = now().toISOString();
  const home = await homeRegion(options);
  const endpoint = options.endpoint ?? process.env.AWS_ENDPOINT_URL;
  const settings: ClientSettings = { ...DEFAULT_CLIENT_SETTINGS, ...options.client, ...(endpoint ? { endpoint } : {}) };
  const targets = accountTargets({ ...options, homeRegion: home, ...(endpoint ? { endpoint } : {}) });
  const limiters = new Limiters(options.concurrency ?? DEFAULT_CONCURRENCY);
  const progress = options.progress ?? silentProgress;
  const errors: ScopedCollectionError[] = [];
  const skipped: Record<string, number> = {};
  const calls: CallTally = { succeeded: 0, failed: 0 };
  const accountLimit = pLimit(options.accountConcurrency ?? 4);
  const multiAccount = targets.length > 1;
  const services = options.services ?? SERVICES;
  const shard = options.shard && (await planShardPart(options.shard, targets.map((t) => accountKey(t.expectedAccountId)), options.regions ?? [home], services));
  // A shard opens only the accounts it has work in.
  const mine = shard ? targets.filter((t) => shard.touches(accountKey(t.expectedAccountId))) : targets;
  const results = await Promise.all(
    mine.map((target) => accountLimit(() => collectAccount({ target, options, home, settings, limiters, errors, skipped, progress, multiAccount, calls, ...(shard ? { shard } : {}) }))),
  );
  progress.close();
  const accounts = [...new Set(results.map((r) => r.accountId).filter((a): a is string => a !== undefined))];
  requireAccountRead(accounts, calls, errors);
  const regions = [...new Set(results.flatMap((r) => r.regions))].sort();
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    header: {
      source: { kind: 'aws-api', description: `AWS APIs: ${services.join(', ')}${endpoint ? ` at ${endpoint}` : ''}` },
      capturedAt,
      accounts,
      regions,
      errors,
      ...(Object.keys(skipped).length ? { skipped } : {}),
      tool: { name: 'sealcheck', version: toolVersion() },
      referencedFirst: true,
      ...(shard ? { shard: shard.header } : {}),
    },
    // Resources others refer to first, so a streamed scan of the snapshot reads it once.
    resources: referencedFirst(results.flatMap((r) => r.resources)),
  };
}
