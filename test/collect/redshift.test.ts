import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeClusterParameterGroupsCommand, DescribeClusterParametersCommand, DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { redshiftCollector } from '../../src/collect/redshift.js';
import { awsError, byId, collectValid, fixture, testContext } from './helpers.js';

const redshift = mockClient(RedshiftClient);
const C = 'AWS::Redshift::Cluster';
const G = 'AWS::Redshift::ClusterParameterGroup';

function recorded(): void {
  redshift.on(DescribeClustersCommand).resolves(fixture('redshift.DescribeClusters_1'));
  redshift.on(DescribeClustersCommand, { Marker: 'page-2' }).resolves(fixture('redshift.DescribeClusters_2'));
  redshift.on(DescribeClusterParameterGroupsCommand).resolves(fixture('redshift.DescribeClusterParameterGroups'));
  redshift.on(DescribeClusterParametersCommand, { ParameterGroupName: 'analytics-tls' }).resolves(fixture('redshift.DescribeClusterParameters_1'));
  redshift.on(DescribeClusterParametersCommand, { ParameterGroupName: 'default.redshift-1.0' }).resolves(fixture('redshift.DescribeClusterParameters_2'));
}

beforeEach(() => redshift.reset());

describe('redshift collector', () => {
  it('reads both pages of clusters and every parameter group with its require_ssl', async () => {
    recorded();
    const { resources, errors } = await collectValid(redshiftCollector);
    expect(errors).toEqual([]);
    expect(redshift.commandCalls(DescribeClustersCommand)).toHaveLength(2);
    expect(byId(resources, C, 'analytics')).toMatchObject({
      arn: 'arn:aws:redshift:eu-west-1:123456789012:cluster:analytics',
      tags: { 'data-classification': 'confidential' },
      properties: {
        encrypted: true,
        kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        hsmConfigurationIdentifier: null,
        publiclyAccessible: false,
        clusterParameterGroups: [{ name: 'analytics-tls', applyStatus: 'in-sync' }],
      },
    });
    expect(byId(resources, C, 'legacy-dw').properties).toMatchObject({ encrypted: false, kmsKeyId: null, publiclyAccessible: true });
    expect(byId(resources, C, 'vault').properties).toMatchObject({ encrypted: true, kmsKeyId: null, hsmConfigurationIdentifier: 'vault-hsm' });
    expect(byId(resources, G, 'analytics-tls')).toMatchObject({ tags: { owner: 'data-platform' }, properties: { family: 'redshift-1.0', parameters: { require_ssl: 'true' } } });
    expect(byId(resources, G, 'default.redshift-1.0').properties.parameters).toEqual({ require_ssl: 'false' });
  });

  it('returns nothing for a region without clusters or groups', async () => {
    redshift.on(DescribeClustersCommand).resolves({ Clusters: [] });
    redshift.on(DescribeClusterParameterGroupsCommand).resolves({ ParameterGroups: [] });
    const { ctx, errors } = testContext('redshift');
    expect(await redshiftCollector.collect(ctx)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('leaves the parameters of a group absent when they are denied, and keeps the clusters', async () => {
    recorded();
    redshift.on(DescribeClusterParametersCommand, { ParameterGroupName: 'analytics-tls' }).rejects(awsError('AccessDenied', 403));
    const { resources } = await collectValid(redshiftCollector);
    const group = byId(resources, G, 'analytics-tls');
    expect(group.properties).not.toHaveProperty('parameters');
    expect(group.errors).toEqual([expect.objectContaining({ property: 'parameters', operation: 'redshift:DescribeClusterParameters', code: 'AccessDenied' })]);
    expect(resources.filter((r) => r.resourceType === C)).toHaveLength(3);
  });

  it('records a denied cluster list for the region, and still reads the parameter groups', async () => {
    recorded();
    redshift.on(DescribeClustersCommand).rejects(awsError('AccessDenied', 403));
    const { ctx, errors } = testContext('redshift');
    const resources = await redshiftCollector.collect(ctx);
    expect(resources.map((r) => r.resourceType)).toEqual([G, G]);
    expect(errors).toEqual([expect.objectContaining({ operation: 'redshift:DescribeClusters', code: 'AccessDenied' })]);
  });
});
