import { Command, Option } from 'commander';
import { UsageError } from '../../errors.js';
// Type-only: the collector modules load every AWS SDK client, so they are imported when a collection runs, not when a scan of a snapshot starts.
import type { CollectInventoryOptions } from '../../collect/collect.js';
import { parseConcurrency } from '../../collect/limits.js';
import { checkRegionNames } from '../../collect/region-names.js';
import { progressFor } from '../../collect/progress.js';
import { shardSpec } from '../../collect/shard-spec.js';
import { isServiceName, SERVICES, type ServiceName } from '../../collect/services.js';
import { writeSnapshot } from '../../inventory/snapshot-write.js';
import type { CollectFlags } from '../../config/plan-scan.js';

export type { CollectFlags };


/** Adds the collection flags to a command (`collect`, and `scan` without `--snapshot`). */
export function addCollectOptions(cmd: Command): Command {
  return cmd
    .option('--profile <name>', 'shared config profile (default: the SDK default credential chain)')
    .option('--regions <list>', 'comma-separated regions, or "all" for every enabled region (default: the configured region); with scan --snapshot, the regions to evaluate')
    .option('--services <list>', `comma-separated: ${SERVICES.join(',')} (default: all); with scan --snapshot, the services to evaluate`)
    .option('--role-arn <arn>', 'role to assume in each account; may contain {accountId}')
    .option('--accounts <file>', 'account ids to assume --role-arn in, one per line')
    .option('--organizational-units <list>', 'comma-separated Organizations root or OU ids: assume --role-arn in every active account below them')
    .option('--exclude-accounts <list>', 'with --organizational-units: comma-separated account ids to leave out')
    .option('--external-id <id>', 'external id for the role assumption')
    .option('--session-name <name>', 'role session name', 'sealcheck')
    .option('--endpoint-url <url>', 'AWS-compatible endpoint for every service (default: AWS_ENDPOINT_URL)')
    .option('--concurrency <n|list>', 'requests in flight per service and region: a number, or service=n pairs')
    .addOption(new Option('--source <kind>', 'read from the service APIs or from AWS Config').choices(['api', 'config']).default('api'))
    .option('--aggregator <name>', 'with --source config: the AWS Config aggregator to query')
    .option('--allow-empty', 'accept an inventory of zero resources (otherwise exit 3: a scan that found nothing is likelier blind than clean)');
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  return items.length > 0 ? items : undefined;
}

/** Checks the flags and turns them into {@link CollectInventoryOptions}; bad usage is a {@link UsageError}. */
export async function collectOptionsFrom(flags: CollectFlags): Promise<CollectInventoryOptions> {
  const options: CollectInventoryOptions = { source: flags.source ?? 'api', concurrency: parseConcurrency(flags.concurrency) };
  const regions = list(flags.regions);
  if (regions) {
    if (regions.includes('all')) {
      if (regions.length > 1) throw new UsageError('--regions: "all" cannot be combined with region names');
      options.regions = 'all';
    } else {
      checkRegionNames(regions);
      options.regions = regions;
    }
  }
  const services = list(flags.services);
  if (services) {
    const unknown = services.filter((s) => !isServiceName(s));
    if (unknown.length) throw new UsageError(`--services: unknown ${unknown.join(', ')} (known: ${SERVICES.join(', ')})`);
    options.services = services as ServiceName[];
  }
  if (flags.aggregator && options.source !== 'config') throw new UsageError('--aggregator needs --source config');
  if (flags.accounts && !flags.roleArn) throw new UsageError('--accounts needs --role-arn');
  const ous = list(flags.organizationalUnits);
  const excluded = list(flags.excludeAccounts);
  if (ous && flags.accounts) throw new UsageError('give the accounts either as --accounts or as --organizational-units, not both');
  if (ous && !flags.roleArn?.includes('{accountId}')) throw new UsageError('--organizational-units needs --role-arn with {accountId}: the role to assume in each account below them');
  if (excluded && !ous) throw new UsageError('--exclude-accounts needs --organizational-units');
  const notAccount = excluded?.find((id) => !/^\d{12}$/.test(id));
  if (notAccount !== undefined) throw new UsageError(`--exclude-accounts: "${notAccount.slice(0, 40)}" is not a 12-digit AWS account id`);
  if (flags.externalId && !flags.roleArn) throw new UsageError('--external-id needs --role-arn');
  if (flags.endpointUrl) {
    try {
      new URL(flags.endpointUrl);
    } catch {
      throw new UsageError(`--endpoint-url: "${flags.endpointUrl}" is not a URL`);
    }
    options.endpoint = flags.endpointUrl;
  }
  if (flags.profile) options.profile = flags.profile;
  if (flags.roleArn) options.roleArn = flags.roleArn;
  if (flags.accounts) {
    const { readAccountsFile } = await import('../../collect/credentials.js');
    options.accountIds = await readAccountsFile(flags.accounts);
  }
  if (ous) {
    const { PARENT_ID } = await import('../../collect/organizations.js');
    const bad = ous.find((id) => !PARENT_ID.test(id));
    if (bad !== undefined) throw new UsageError(`--organizational-units: "${bad.slice(0, 60)}" is not an Organizations root (r-…) or OU (ou-…) id`);
    options.organizationalUnits = ous;
    if (excluded) options.excludeAccounts = excluded;
  }
  if (flags.externalId) options.externalId = flags.externalId;
  if (flags.sessionName) options.sessionName = flags.sessionName;
  if (flags.aggregator) options.aggregator = flags.aggregator;
  if (flags.allowEmpty) options.allowEmpty = true;
  options.progress = progressFor(process.stderr, Boolean(flags.quiet));
  return options;
}

/** `sealcheck collect`: collect a live inventory and write it as a snapshot. */
export function collectCommand(): Command {
  return addCollectOptions(
    new Command('collect')
      .description('Collect an inventory from AWS (or an AWS-compatible endpoint) and write a snapshot')
      .requiredOption('--out <file>', 'snapshot to write (a path or s3://bucket/key): .json, .ndjson, optionally .gz; with a shard, {shard} in the name becomes its index'),
  )
    .option('--shard <I/N>', 'collect part I (1 to N) of the work split into N parts; default: from a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, SEALCHECK_SHARD_COUNT) or an AWS Batch array job')
    .option('--shard-run <id>', 'with --shard: the run the parts belong to (default: SEALCHECK_SHARD_RUN, or the AWS Batch parent job id); parts of different runs do not merge')
    .option('-q, --quiet', 'no progress on standard error')
    .action(async (flags: CollectFlags & { out: string; shard?: string; shardRun?: string }) => {
      const { collectInventory } = await import('../../collect/collect.js');
      const shard = shardSpec(flags.shard, flags.shardRun, process.env);
      if (shard && flags.source === 'config') throw new UsageError(`${shard.from}: a sharded collection reads the service APIs; AWS Config (--source config) is one query, not split`);
      if (!shard && flags.out.includes('{shard}')) throw new UsageError('--out: {shard} names the part of a sharded collection; give --shard I/N or run as an indexed job');
      // Runners that cannot put the index into an argument (AWS Batch) name each part's file this way.
      const out = shard ? flags.out.replaceAll('{shard}', String(shard.index)) : flags.out;
      const options = await collectOptionsFrom(flags);
      if (shard) options.shard = shard;
      const snapshot = await collectInventory(options);
      await writeSnapshot(out, snapshot);
      if (!flags.quiet) {
        const errors = snapshot.header.errors.length;
        process.stderr.write(
          `sealcheck: wrote ${out}: ${snapshot.resources.length} resources from ${snapshot.header.accounts.length} account(s), ` +
            `${snapshot.header.regions.length} region(s)${shard ? `, shard ${shard.index} of ${shard.count}` : ''}${errors ? `, ${errors} collection errors (see header.errors)` : ''}\n`,
        );
      }
    });
}
