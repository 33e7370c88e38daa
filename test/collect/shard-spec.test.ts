import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { shardSpec } from '../../src/collect/shard-spec.js';

describe('shard spec: flag, or the runner environment', () => {
  it('reads --shard I/N and --shard-run', () => {
    expect(shardSpec('3/8', 'run-1', {})).toEqual({ index: 3, count: 8, run: 'run-1', from: '--shard' });
    expect(shardSpec(' 1/1 ', undefined, {})).toEqual({ index: 1, count: 1, from: '--shard' });
  });

  it('reads a Kubernetes Indexed Job: the 0-based index and the count the manifest sets', () => {
    expect(shardSpec(undefined, undefined, { JOB_COMPLETION_INDEX: '0', SEALCHECK_SHARD_COUNT: '4', SEALCHECK_SHARD_RUN: 'uid-9' })).toMatchObject({ index: 1, count: 4, run: 'uid-9' });
  });

  it('reads an AWS Batch array job, the run being the parent job id', () => {
    expect(shardSpec(undefined, undefined, { AWS_BATCH_JOB_ARRAY_INDEX: '7', AWS_BATCH_JOB_ARRAY_SIZE: '8', AWS_BATCH_JOB_ID: 'f00d-1:7' })).toMatchObject({ index: 8, count: 8, run: 'f00d-1' });
  });

  it('lets the flag win over the environment, and is unsharded without either', () => {
    expect(shardSpec('2/3', undefined, { JOB_COMPLETION_INDEX: '0', SEALCHECK_SHARD_COUNT: '4' })).toMatchObject({ index: 2, count: 3 });
    expect(shardSpec(undefined, undefined, {})).toBeUndefined();
  });

  it.each([
    ['0/4', {}, 'shard 0 is not one of 1 to 4'],
    ['5/4', {}, 'shard 5 is not one of 1 to 4'],
    ['1/0', {}, 'the shard count must be 1 to 10000, not 0'],
    ['1/4/2', {}, 'is not I/N'],
    ['01/4', {}, 'is not a whole number'],
    ['-1/4', {}, 'is not a whole number'],
    [undefined, { JOB_COMPLETION_INDEX: '4', SEALCHECK_SHARD_COUNT: '4' }, 'shard 5 is not one of 1 to 4'],
    [undefined, { JOB_COMPLETION_INDEX: '0' }, 'SEALCHECK_SHARD_COUNT is not'],
    [undefined, { SEALCHECK_SHARD_COUNT: '4' }, 'no runner index'],
    [undefined, { AWS_BATCH_JOB_ARRAY_INDEX: 'x', AWS_BATCH_JOB_ARRAY_SIZE: '4' }, 'is not a whole number'],
    ['1/2', { SEALCHECK_SHARD_RUN: 'a b' }, 'SEALCHECK_SHARD_RUN: run id'],
  ] as const)('refuses %s %j as a usage error', (flag, env, message) => {
    expect(() => shardSpec(flag, undefined, env)).toThrow(UsageError);
    expect(() => shardSpec(flag, undefined, env)).toThrow(message);
  });

  it('refuses --shard-run without a shard', () => {
    expect(() => shardSpec(undefined, 'r1', {})).toThrow('--shard-run needs --shard');
  });
});
