import { UsageError, clip } from '../errors.js';

/** Which part of a sharded collection to collect, and the run the parts belong to. */
export interface ShardSpec {
  /** 1-based. */
  index: number;
  count: number;
  run?: string;
  /** Where the values came from, for error messages. */
  from: string;
}

/** The largest number of parts: more than any runner starts at once for one collection. */
export const MAX_SHARDS = 10_000;

const INTEGER = /^(0|[1-9][0-9]{0,5})$/;

function integer(value: string, what: string): number {
  const v = value.trim();
  if (!INTEGER.test(v)) throw new UsageError(`${what}: "${clip(value, 40)}" is not a whole number`);
  return Number(v);
}

function checked(index: number, count: number, from: string, run?: string): ShardSpec {
  if (count < 1 || count > MAX_SHARDS) throw new UsageError(`${from}: the shard count must be 1 to ${MAX_SHARDS}, not ${count}`);
  if (index < 1 || index > count) throw new UsageError(`${from}: shard ${index} is not one of 1 to ${count}`);
  return { index, count, from, ...(run ? { run } : {}) };
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

function runId(value: string | undefined, from: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!RUN_ID.test(value)) throw new UsageError(`${from}: run id "${clip(value, 40)}" must be 1-128 letters, digits, '.', '_', ':' or '-'`);
  return value;
}

/** `--shard I/N` (I from 1 to N). */
export function parseShardFlag(value: string, run?: string): ShardSpec {
  const m = /^([^/]*)\/([^/]*)$/.exec(value.trim());
  if (!m) throw new UsageError(`--shard: "${clip(value, 40)}" is not I/N (for example 2/8)`);
  return checked(integer(m[1]!, '--shard'), integer(m[2]!, '--shard'), '--shard', run);
}

/**
 * The shard a job runner assigned, from its environment, when no `--shard` is
 * given. Runner indexes count from 0; shards from 1. Kubernetes Indexed Jobs
 * set `JOB_COMPLETION_INDEX` but not the count: the manifest gives it as
 * `SEALCHECK_SHARD_COUNT`. AWS Batch array jobs set both. The run id is
 * `SEALCHECK_SHARD_RUN`, else the Batch parent job's id. Undefined outside a runner.
 */
export function shardFromEnv(env: NodeJS.ProcessEnv, run?: string): ShardSpec | undefined {
  const explicitRun = runId(run, '--shard-run') ?? runId(env.SEALCHECK_SHARD_RUN, 'SEALCHECK_SHARD_RUN');
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    const from = 'JOB_COMPLETION_INDEX';
    if (env.SEALCHECK_SHARD_COUNT === undefined) throw new UsageError(`${from} is set (a Kubernetes Indexed Job) but SEALCHECK_SHARD_COUNT is not: set it to the Job's completions`);
    const index = integer(env.JOB_COMPLETION_INDEX, from) + 1;
    return checked(index, integer(env.SEALCHECK_SHARD_COUNT, 'SEALCHECK_SHARD_COUNT'), `${from}/SEALCHECK_SHARD_COUNT`, explicitRun);
  }
  if (env.AWS_BATCH_JOB_ARRAY_INDEX !== undefined) {
    const from = 'AWS_BATCH_JOB_ARRAY_INDEX';
    if (env.AWS_BATCH_JOB_ARRAY_SIZE === undefined) throw new UsageError(`${from} is set (an AWS Batch array job) but AWS_BATCH_JOB_ARRAY_SIZE is not`);
    const index = integer(env.AWS_BATCH_JOB_ARRAY_INDEX, from) + 1;
    // A child's job id is "<parent id>:<index>": the parent's id names the run.
    const parent = env.AWS_BATCH_JOB_ID?.split(':')[0];
    return checked(index, integer(env.AWS_BATCH_JOB_ARRAY_SIZE, 'AWS_BATCH_JOB_ARRAY_SIZE'), `${from}/AWS_BATCH_JOB_ARRAY_SIZE`, explicitRun ?? runId(parent, 'AWS_BATCH_JOB_ID'));
  }
  if (env.SEALCHECK_SHARD_COUNT !== undefined) throw new UsageError('SEALCHECK_SHARD_COUNT is set but no runner index (JOB_COMPLETION_INDEX) is: give --shard I/N');
  return undefined;
}

/** The shard of this collection: the flag, else the runner's environment, else none. */
export function shardSpec(flag: string | undefined, run: string | undefined, env: NodeJS.ProcessEnv): ShardSpec | undefined {
  if (flag !== undefined) return parseShardFlag(flag, runId(run, '--shard-run') ?? runId(env.SEALCHECK_SHARD_RUN, 'SEALCHECK_SHARD_RUN'));
  const spec = shardFromEnv(env, run);
  if (!spec && run !== undefined) throw new UsageError('--shard-run needs --shard (or a runner that sets the shard index)');
  return spec;
}
