import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { GetQueueAttributesCommand, ListQueuesCommand, ListQueueTagsCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ListAccountsForParentCommand, ListOrganizationalUnitsForParentCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { accountTargets } from '../../src/collect/credentials.js';
import { accountsInOrganizationalUnits } from '../../src/collect/organizations.js';
import { partitionOf, partitionOfRegion } from '../../src/collect/partition.js';
import { collectFromApi } from '../../src/collect/runner.js';

const sts = mockClient(STSClient);
const sqs = mockClient(SQSClient);
const org = mockClient(OrganizationsClient);
const ec2 = mockClient(EC2Client);
afterEach(() => {
  sts.reset();
  sqs.reset();
  org.reset();
  ec2.reset();
});

const BASE = { accessKeyId: 'BASEKEY', secretAccessKey: 'base-secret' };
const ACCOUNT = '123456789012';

/** A region of each partition in the SDK's table, and the partition AWS names it by. */
const PARTITIONS: [region: string, partition: string][] = [
  ['eu-west-1', 'aws'],
  ['cn-northwest-1', 'aws-cn'],
  ['us-gov-west-1', 'aws-us-gov'],
  ['us-iso-east-1', 'aws-iso'],
  ['us-isob-east-1', 'aws-iso-b'],
  ['eu-isoe-west-1', 'aws-iso-e'],
  ['us-isof-south-1', 'aws-iso-f'],
  ['eusc-de-east-1', 'aws-eusc'],
];

describe('the partition of a region comes from the SDK partition table', () => {
  it.each(PARTITIONS)('%s is in %s', (region, partition) => {
    expect(partitionOfRegion(region)).toBe(partition);
    // An ARN names its partition itself, whatever the region.
    expect(partitionOf(`arn:${partition}:iam::${ACCOUNT}:user/a`, 'eu-west-1')).toBe(partition);
    expect(partitionOf(undefined, region)).toBe(partition);
  });

  it.each(PARTITIONS)('a role ARN from a role name takes the partition of the home region %s (%s)', (region, partition) => {
    const [target] = accountTargets({ roleArn: 'arn:{partition}:iam::{accountId}:role/Audit', accountIds: [ACCOUNT], homeRegion: region, credentials: BASE });
    expect(target?.roleArn).toBe(`arn:${partition}:iam::${ACCOUNT}:role/Audit`);
  });

  it.each(PARTITIONS)('generated ARNs use the partition of the caller in %s (%s)', async (region, partition) => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:${partition}:iam::${ACCOUNT}:user/auditor`, UserId: 'AIDAEXAMPLE' });
    const url = `https://sqs.${region}.example/${ACCOUNT}/orders`;
    ec2.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: region, OptInStatus: 'opt-in-not-required' }] });
    sqs.on(ListQueuesCommand).resolves({ QueueUrls: [url] });
    // No QueueArn in the answer: the collector builds the ARN itself (and records the odd answer).
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: {} });
    sqs.on(ListQueueTagsCommand).resolves({ Tags: {} });
    const snapshot = await collectFromApi({ services: ['sqs'], regions: [region], homeRegion: region, credentials: BASE, client: { maxAttempts: 1 } });
    expect(snapshot.resources.map((r) => r.arn)).toEqual([`arn:${partition}:sqs:${region}:${ACCOUNT}:orders`]);
  });

  it.each(PARTITIONS)('Organizations is asked in the partition of the home region %s (%s)', async (region, partition) => {
    org.on(ListAccountsForParentCommand).resolves({ Accounts: [{ Id: ACCOUNT, State: 'ACTIVE' }] });
    org.on(ListOrganizationalUnitsForParentCommand).resolves({ OrganizationalUnits: [] });
    expect(await accountsInOrganizationalUnits({ credentials: BASE, homeRegion: region }, ['r-ab12'])).toEqual([ACCOUNT]);
    const client = org.commandCalls(ListAccountsForParentCommand)[0]!.thisValue as OrganizationsClient;
    const endpoint = client.config.endpointProvider({ Region: await client.config.region() });
    // The SDK's endpoint rules map every region of a partition to that partition's one Organizations endpoint.
    expect(partitionOfRegion(await client.config.region())).toBe(partition);
    expect(endpoint.url.hostname).toMatch(/^organizations\./);
  });
});
