import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import * as sdk from '@aws-sdk/client-cloudhsm-v2';
import { cloudhsmv2Collector } from '../../src/collect/cloudhsmv2.js';
import { ACCOUNT, awsError, byId, collectClean, collectValid, errorCodes, fixture } from './helpers.js';

// The 3.332 client is typed on the older SDK core, which the mock's types (on the current core) reject although it
// mocks it fine at run time: the client and its commands are loosened here, once.
/* eslint-disable @typescript-eslint/no-explicit-any */
const hsm: AwsStub<any, any, any> = mockClient(sdk.CloudHSMV2Client as any);
const DescribeClustersCommand = sdk.DescribeClustersCommand as any;
const DescribeBackupsCommand = sdk.DescribeBackupsCommand as any;
/* eslint-enable @typescript-eslint/no-explicit-any */
const CLUSTER = 'AWS::CloudHSM::Cluster';
const BACKUP = 'AWS::CloudHSM::Backup';

/** The recorded backups, with the `...Timestamp` fields as the Dates the SDK gives (the shared reviver knows `...Time` only). */
function recordedBackups(): { Backups: Record<string, unknown>[] } {
  const recorded = fixture('cloudhsmv2.DescribeBackups') as { Backups: Record<string, unknown>[] };
  const dated = (b: Record<string, unknown>) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, k.endsWith('Timestamp') ? new Date(String(v)) : v]));
  return { Backups: recorded.Backups.map(dated) };
}

function answerAll(): void {
  hsm
    .on(DescribeClustersCommand)
    .resolves(fixture('cloudhsmv2.DescribeClusters_1'))
    .on(DescribeClustersCommand, { NextToken: 'page-2' })
    .resolves(fixture('cloudhsmv2.DescribeClusters_2'));
  hsm.on(DescribeBackupsCommand).resolves(recordedBackups());
}

beforeEach(() => hsm.reset());

describe('cloudhsmv2 collector', () => {
  it('reads every page of clusters with their HSMs by zone, state and tags, and never keeps the pre-crypto-officer password', async () => {
    answerAll();
    const resources = await collectClean(cloudhsmv2Collector);
    const payments = byId(resources, CLUSTER, 'cluster-payments1a2');
    expect(payments).toMatchObject({ arn: `arn:aws:cloudhsm:eu-west-1:${ACCOUNT}:cluster/cluster-payments1a2`, tags: { team: 'payments' } });
    expect(payments.properties).toMatchObject({
      state: 'ACTIVE',
      hsmType: 'hsm1.medium',
      vpcId: 'vpc-0a1b2c3d4e5f60718',
      subnetMapping: { 'eu-west-1a': 'subnet-0aa11bb22cc33dd44', 'eu-west-1b': 'subnet-0bb22cc33dd44ee55' },
      backupPolicy: 'DEFAULT',
      backupRetentionDays: 90,
      hsmCount: 2,
      activeHsmAvailabilityZones: 2,
    });
    // An HSM still being created does not count towards a second zone.
    expect(byId(resources, CLUSTER, 'cluster-ledger3c4d5').properties).toMatchObject({ state: 'DEGRADED', hsmCount: 2, activeHsmAvailabilityZones: 1, backupRetentionDays: null, sourceBackupId: 'backup-copied7k8m9n' });
    expect(JSON.stringify(resources)).not.toContain('never-kept-pre-co-secret');
    expect(JSON.stringify(resources)).not.toContain('CERTIFICATE REQUEST');
  });

  it('says which backups were copied from another region, and which never expire', async () => {
    answerAll();
    const resources = await collectClean(cloudhsmv2Collector);
    expect(byId(resources, BACKUP, 'backup-local2b3c4d').properties).toMatchObject({ clusterId: 'cluster-payments1a2', copiedFromAnotherRegion: false, sourceRegion: null, neverExpires: false });
    const copy = byId(resources, BACKUP, 'backup-copied7k8m9n');
    expect(copy.tags).toEqual({ purpose: 'dr-copy' });
    expect(copy.properties).toMatchObject({
      copiedFromAnotherRegion: true,
      sourceRegion: 'eu-central-1',
      sourceBackup: 'backup-orig5e6f7g',
      sourceCluster: 'cluster-ledgerorig1',
      copyTimestamp: '2026-04-30T03:10:00.000Z',
      neverExpires: true,
    });
    expect(byId(resources, BACKUP, 'backup-local2b3c4d').properties).toMatchObject({ createTimestamp: '2026-11-30T02:00:00.000Z', copyTimestamp: null });
  });

  it('leaves a cluster listed without its state unknown instead of guessing', async () => {
    hsm.on(DescribeClustersCommand).resolves({ Clusters: [{ ClusterId: 'cluster-odd0000000', Hsms: [] }] });
    hsm.on(DescribeBackupsCommand).resolves({ Backups: [] });
    const resources = await collectClean(cloudhsmv2Collector);
    const odd = byId(resources, CLUSTER, 'cluster-odd0000000');
    expect(odd.properties).not.toHaveProperty('state');
    expect(odd.properties).not.toHaveProperty('activeHsmAvailabilityZones');
    expect(errorCodes(odd)).toContain('state:IncompleteResponse');
  });

  it('leaves the HSMs of a cluster listed without them unknown, not "no HSMs in any zone"', async () => {
    hsm.on(DescribeClustersCommand).resolves({ Clusters: [{ ClusterId: 'cluster-nohsms0000', State: 'ACTIVE' }] });
    hsm.on(DescribeBackupsCommand).resolves({ Backups: [] });
    const cluster = byId(await collectClean(cloudhsmv2Collector), CLUSTER, 'cluster-nohsms0000');
    expect(cluster.properties).toMatchObject({ state: 'ACTIVE' });
    expect(cluster.properties).not.toHaveProperty('activeHsmAvailabilityZones');
    expect(errorCodes(cluster)).toEqual(['hsms:NotReported', 'hsmCount:NotReported', 'activeHsmAvailabilityZones:NotReported']);
  });

  it('records a refused DescribeClusters for the region and still lists the backups', async () => {
    answerAll();
    hsm.on(DescribeClustersCommand).rejects(awsError('AccessDeniedException', 403));
    const { resources, errors } = await collectValid(cloudhsmv2Collector);
    expect(errors.map((e) => `${e.operation}:${e.code}`)).toEqual(['cloudhsm:DescribeClusters:AccessDeniedException']);
    expect(resources.map((r) => r.resourceType)).toEqual([BACKUP, BACKUP]);
  });
});
