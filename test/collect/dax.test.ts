import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DAXClient, DescribeClustersCommand, ListTagsCommand } from '@aws-sdk/client-dax';
import { daxCollector } from '../../src/collect/dax.js';
import { awsError, byId, collectClean, collectValid, expectNothingCollected, expectRegionFailure, expectTagsDenied, fixture } from './helpers.js';

const dax = mockClient(DAXClient);
const TYPE = 'AWS::DAX::Cluster';

function recorded(): void {
  dax.on(DescribeClustersCommand).resolves(fixture('dax.DescribeClusters_1'));
  dax.on(DescribeClustersCommand, { NextToken: 'token-2' }).resolves(fixture('dax.DescribeClusters_2'));
  dax.on(ListTagsCommand).resolves({ Tags: [] });
  dax.on(ListTagsCommand, { ResourceName: 'arn:aws:dax:eu-west-1:123456789012:cache/orders-cache' }).resolves(fixture('dax.ListTags_1'));
  dax.on(ListTagsCommand, { ResourceName: 'arn:aws:dax:eu-west-1:123456789012:cache/orders-cache', NextToken: 'tags-2' }).resolves(fixture('dax.ListTags_2'));
}

beforeEach(() => dax.reset());

describe('dax collector', () => {
  it('reads both pages of clusters, their encryption and every page of tags', async () => {
    recorded();
    const resources = await collectClean(daxCollector);
    expect(dax.commandCalls(DescribeClustersCommand)).toHaveLength(2);
    const orders = byId(resources, TYPE, 'orders-cache');
    expect(orders.tags).toEqual({ owner: 'orders', env: 'prod' });
    expect(orders.properties).toEqual({ clusterName: 'orders-cache', status: 'available', sseStatus: 'ENABLED', clusterEndpointEncryptionType: 'TLS' });
    // DAX's reference does not say what a missing SSE description or endpoint encryption type means: unknown, not "off".
    const legacy = byId(resources, TYPE, 'legacy-dax');
    expect(legacy.properties).toEqual({ clusterName: 'legacy-dax', status: 'available' });
    expect(legacy.errors?.map((e) => `${e.property}:${e.code}`)).toEqual(['sseStatus:NotReported', 'clusterEndpointEncryptionType:NotReported']);
  });

  it('returns nothing for a region without clusters', async () => {
    dax.on(DescribeClustersCommand).resolves({ Clusters: [] });
    await expectNothingCollected(daxCollector);
  });

  it('records denied tags on the cluster and keeps its settings', async () => {
    recorded();
    dax.on(ListTagsCommand).rejects(awsError('AccessDeniedException', 400, 'not authorized to perform dax:ListTags'));
    const orders = byId((await collectValid(daxCollector)).resources, TYPE, 'orders-cache');
    expectTagsDenied(orders, 'dax:ListTags', 'AccessDeniedException');
    expect(orders.properties.sseStatus).toBe('ENABLED');
  });

  it('records a region where DAX is not offered as a scope error, not as an empty inventory', async () => {
    dax.on(DescribeClustersCommand).rejects(awsError('InvalidParameterValueException', 400, 'DAX is not available in this region'));
    await expectRegionFailure(daxCollector, 'dax:DescribeClusters', 'InvalidParameterValueException');
  });
});
