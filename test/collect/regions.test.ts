import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { checkRegionNames, resolveRegions } from '../../src/collect/regions.js';
import { collectFromApi } from '../../src/collect/runner.js';
import { collectOptionsFrom } from '../../src/cli/commands/collect.js';
import { UsageError } from '../../src/errors.js';
import { ACCOUNT, awsError, testContext } from './helpers.js';

const ec2 = mockClient(EC2Client);
const sts = mockClient(STSClient);
const dynamodb = mockClient(DynamoDBClient);

/** What DescribeRegions with AllRegions answers for an account that opted in to one region. */
const REGIONS = [
  { RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' },
  { RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' },
  { RegionName: 'ap-east-1', OptInStatus: 'not-opted-in' },
  { RegionName: 'af-south-1', OptInStatus: 'opted-in' },
  { RegionName: 'me-south-1', OptInStatus: 'not-opted-in' },
];

const run = { homeRegion: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, client: { maxAttempts: 1 }, services: ['dynamodb' as const] };

/** The regions of the clients that sent ListTables. */
async function listedRegions(): Promise<string[]> {
  const regions = await Promise.all(dynamodb.commandCalls(ListTablesCommand).map((c) => (c.thisValue as DynamoDBClient).config.region()));
  return regions.sort();
}

beforeEach(() => {
  ec2.reset();
  sts.reset();
  dynamodb.reset();
  ec2.on(DescribeRegionsCommand).resolves({ Regions: REGIONS });
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/auditor` });
  dynamodb.on(ListTablesCommand).resolves({ TableNames: [] });
});
afterEach(() => {
  ec2.reset();
  sts.reset();
  dynamodb.reset();
});

describe('resolveRegions', () => {
  it('"all" means every enabled region (opt-in-not-required or opted-in), asked with AllRegions', async () => {
    const { ctx } = testContext('ec2', 'us-east-1');
    const resolved = await resolveRegions(ctx, 'all');
    expect(resolved).toEqual({ regions: ['af-south-1', 'eu-west-1', 'us-east-1'], errors: [] });
    expect(ec2.commandCalls(DescribeRegionsCommand)[0]!.args[0].input).toEqual({ AllRegions: true });
  });

  it('reports and skips a named region that is not enabled, and one the account does not have', async () => {
    const { ctx } = testContext('ec2', 'us-east-1');
    const resolved = await resolveRegions(ctx, ['eu-west-1', 'ap-east-1', 'af-south-1', 'xx-nowhere-9']);
    expect(resolved.regions).toEqual(['eu-west-1', 'af-south-1']);
    expect(resolved.errors).toEqual([
      expect.objectContaining({ code: 'RegionNotEnabled', region: 'ap-east-1', accountId: ACCOUNT, message: 'region ap-east-1 is not enabled (not-opted-in); skipped' }),
      expect.objectContaining({ code: 'UnknownRegion', region: 'xx-nowhere-9' }),
    ]);
  });

  it('when DescribeRegions is denied: "all" falls back to the home region, named regions are tried as given, both say so', async () => {
    ec2.on(DescribeRegionsCommand).rejects(awsError('UnauthorizedOperation', 403));
    const { ctx } = testContext('ec2', 'us-east-1');
    const all = await resolveRegions(ctx, 'all');
    expect(all.regions).toEqual(['us-east-1']);
    expect(all.errors).toEqual([expect.objectContaining({ operation: 'ec2:DescribeRegions', code: 'UnauthorizedOperation', message: expect.stringContaining('collecting in us-east-1 only') })]);
    const named = await resolveRegions(ctx, ['eu-west-1', 'ap-east-1']);
    expect(named.regions).toEqual(['eu-west-1', 'ap-east-1']);
    expect(named.errors[0]!.message).toContain('named regions as given');
  });
});

describe('regions in a run', () => {
  it('--regions all collects in each enabled region and no other', async () => {
    const snapshot = await collectFromApi({ ...run, regions: 'all' });
    expect(snapshot.header.regions).toEqual(['af-south-1', 'eu-west-1', 'us-east-1']);
    expect(await listedRegions()).toEqual(['af-south-1', 'eu-west-1', 'us-east-1']);
    expect(snapshot.header.errors).toEqual([]);
  });

  it('a named region that is not enabled is in the header errors and never called', async () => {
    const snapshot = await collectFromApi({ ...run, regions: ['eu-west-1', 'ap-east-1'] });
    expect(snapshot.header.regions).toEqual(['eu-west-1']);
    expect(snapshot.header.errors).toEqual([expect.objectContaining({ code: 'RegionNotEnabled', region: 'ap-east-1', accountId: ACCOUNT })]);
    expect(await listedRegions()).toEqual(['eu-west-1']);
  });

  it('rejects a name that is not a region before any request', async () => {
    for (const bad of ['eu-west-1.evil.example', 'Frankfurt', 'eu-west', '', 'eu-west-1/../x']) {
      await expect(collectFromApi({ ...run, regions: ['eu-west-1', bad] }), bad).rejects.toThrow(UsageError);
    }
    expect(sts.calls()).toHaveLength(0);
    expect(ec2.calls()).toHaveLength(0);
    expect(dynamodb.calls()).toHaveLength(0);
  });

  it('accepts the region names AWS uses in every partition', () => {
    for (const name of ['eu-west-1', 'us-gov-west-1', 'cn-northwest-1', 'us-isob-east-1', 'ap-southeast-5', 'eusc-de-east-1', 'mx-central-1']) {
      expect(() => checkRegionNames([name]), name).not.toThrow();
    }
    expect(() => checkRegionNames('all')).not.toThrow();
  });

  it('the command line rejects a bad --regions value with a usage error', async () => {
    await expect(collectOptionsFrom({ regions: 'eu-west-1,Frankfurt', quiet: true })).rejects.toThrow(/--regions: "Frankfurt" is not a region name/);
    await expect(collectOptionsFrom({ regions: 'all,eu-west-1', quiet: true })).rejects.toThrow(/"all" cannot be combined/);
    expect((await collectOptionsFrom({ regions: 'all', quiet: true })).regions).toBe('all');
    expect(ec2.calls()).toHaveLength(0);
  });
});
