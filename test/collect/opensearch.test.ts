import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeDomainsCommand, ListDomainNamesCommand, ListTagsCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { opensearchCollector } from '../../src/collect/opensearch.js';
import { derivePolicy } from '../../src/engine/policy-derived.js';
import { awsError, byId, collectClean, expectTagsDenied, fixture, testContext } from './helpers.js';

const os = mockClient(OpenSearchClient);
const TYPE = 'AWS::OpenSearch::Domain';

function recorded(): void {
  os.on(ListDomainNamesCommand).resolves(fixture('opensearch.ListDomainNames'));
  os.on(DescribeDomainsCommand, { DomainNames: ['logs-a', 'logs-b', 'logs-c', 'logs-d', 'search-prod'] }).resolves(fixture('opensearch.DescribeDomains_1'));
  os.on(DescribeDomainsCommand, { DomainNames: ['legacy-es'] }).resolves(fixture('opensearch.DescribeDomains_2'));
  os.on(ListTagsCommand).resolves(fixture('opensearch.ListTags'));
}

beforeEach(() => os.reset());

describe('opensearch collector', () => {
  it('describes the domains five at a time and maps encryption, endpoint, network and policy', async () => {
    recorded();
    const resources = await collectClean(opensearchCollector);
    expect(os.commandCalls(DescribeDomainsCommand)).toHaveLength(2);
    expect(resources).toHaveLength(6);
    const prod = byId(resources, TYPE, 'search-prod');
    expect(prod.tags).toEqual({ owner: 'search' });
    expect(prod.properties).toMatchObject({
      engineVersion: 'OpenSearch_2.13',
      encryptionAtRestEnabled: true,
      kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      nodeToNodeEncryptionEnabled: true,
      enforceHttps: true,
      tlsSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10',
      inVpc: true,
      vpcId: 'vpc-0a1b2c3d',
      advancedSecurityEnabled: true,
      anonymousAuthEnabled: false,
    });
    const legacy = byId(resources, TYPE, 'legacy-es');
    expect(legacy.properties).toMatchObject({ encryptionAtRestEnabled: false, kmsKeyId: null, inVpc: false, vpcId: null, enforceHttps: false, anonymousAuthEnabled: null });
    expect(derivePolicy(legacy)?.values.public).toBe(true);
  });

  it('returns nothing for a region without domains', async () => {
    os.on(ListDomainNamesCommand).resolves({ DomainNames: [] });
    const { ctx, errors } = testContext('opensearch');
    expect(await opensearchCollector.collect(ctx)).toEqual([]);
    expect(os.commandCalls(DescribeDomainsCommand)).toHaveLength(0);
    expect(errors).toEqual([]);
  });

  it('records denied tags on the domain and a failed batch for the region, naming the domains left out', async () => {
    recorded();
    os.on(ListTagsCommand).rejects(awsError('AccessDeniedException', 403, 'not authorized to perform es:ListTags'));
    os.on(DescribeDomainsCommand, { DomainNames: ['legacy-es'] }).rejects(awsError('ThrottlingException', 400, 'Rate exceeded'));
    const { ctx, errors } = testContext('opensearch');
    const resources = await opensearchCollector.collect(ctx);
    expect(resources.map((r) => r.resourceId)).not.toContain('legacy-es');
    expect(errors).toEqual([expect.objectContaining({ operation: 'es:DescribeDomains', code: 'ThrottlingException', message: expect.stringContaining('legacy-es') })]);
    expectTagsDenied(byId(resources, TYPE, 'logs-a'), 'es:ListTags', 'AccessDeniedException');
  });

  it('stores null for a domain without an access policy', async () => {
    os.on(ListDomainNamesCommand).resolves({ DomainNames: [{ DomainName: 'open' }] });
    os.on(DescribeDomainsCommand).resolves({ DomainStatusList: [{ DomainId: 'x', DomainName: 'open', ARN: 'arn:aws:es:eu-west-1:123456789012:domain/open', ClusterConfig: {}, AccessPolicies: '' }] });
    os.on(ListTagsCommand).resolves({ TagList: [] });
    const { ctx } = testContext('opensearch');
    const [open] = await opensearchCollector.collect(ctx);
    expect(open!.properties.accessPolicy).toBeNull();
    expect(derivePolicy(open!)?.values).toMatchObject({ present: false, public: false });
  });
});
