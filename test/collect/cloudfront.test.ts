import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudFrontClient, ListDistributionsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-cloudfront';
import { cloudfrontCollector } from '../../src/collect/cloudfront.js';
import { awsError, byId, collectValid, fixture } from './helpers.js';

const cf = mockClient(CloudFrontClient);
const T = 'AWS::CloudFront::Distribution';

function recorded(): void {
  cf.on(ListDistributionsCommand).resolves(fixture('cloudfront.ListDistributions_1'));
  cf.on(ListDistributionsCommand, { Marker: 'E1SHOPEXAMPLE' }).resolves(fixture('cloudfront.ListDistributions_2'));
  cf.on(ListTagsForResourceCommand).resolves(fixture('cloudfront.ListTagsForResource'));
}

beforeEach(() => cf.reset());

describe('cloudfront collector', () => {
  it('is collected once per account from us-east-1, its distributions placed in region global', async () => {
    recorded();
    expect(cloudfrontCollector.scope).toBe('account');
    const { resources, errors } = await collectValid(cloudfrontCollector, 'eu-west-1');
    expect(errors).toEqual([]);
    expect(await cf.call(0).thisValue.config.region()).toBe('us-east-1');
    expect(resources.map((r) => [r.resourceId, r.region])).toEqual([
      ['E1SHOPEXAMPLE', 'global'],
      ['E2LEGACYEXAMPLE', 'global'],
    ]);
  });

  it('reads behaviors, origins with the behaviors that reach them, and the viewer certificate from both pages', async () => {
    recorded();
    const { resources } = await collectValid(cloudfrontCollector);
    expect(cf.commandCalls(ListDistributionsCommand)).toHaveLength(2);
    const shop = byId(resources, T, 'E1SHOPEXAMPLE');
    expect(shop).toMatchObject({ arn: 'arn:aws:cloudfront::123456789012:distribution/E1SHOPEXAMPLE', tags: { team: 'web' } });
    expect(shop.properties).toMatchObject({
      aliases: ['shop.example.com'],
      cacheBehaviors: [
        { pathPattern: '*', targetOriginId: 'assets', viewerProtocolPolicy: 'redirect-to-https' },
        { pathPattern: '/api/*', targetOriginId: 'api', viewerProtocolPolicy: 'https-only' },
      ],
      origins: [
        { id: 'assets', kind: 's3', originAccessControlId: 'E2OACEXAMPLE', protocolPolicy: null, sslProtocols: null, viewerProtocolPolicies: ['redirect-to-https'] },
        { id: 'api', kind: 'custom', protocolPolicy: 'https-only', sslProtocols: ['TLSv1.2'], lambdaFunctionUrl: false },
      ],
      certificateSource: 'acm',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/aaaaaaaa-1111-2222-3333-444444444444',
      sslSupportMethod: 'sni-only',
      minimumProtocolVersion: 'TLSv1.2_2021',
    });
    const legacy = byId(resources, T, 'E2LEGACYEXAMPLE').properties;
    expect(legacy).toMatchObject({ certificateSource: 'cloudfront', sslSupportMethod: null, minimumProtocolVersion: 'TLSv1', aliases: [] });
    // The default behavior targets the failover group, so both of its members are reached by allow-all.
    expect(legacy.origins).toEqual([
      expect.objectContaining({ id: 'media', kind: 's3', originAccessControlId: null, originAccessIdentity: 'origin-access-identity/cloudfront/E3OAIEXAMPLE', viewerProtocolPolicies: ['redirect-to-https'] }),
      expect.objectContaining({ id: 'primary', protocolPolicy: 'match-viewer', sslProtocols: ['SSLv3', 'TLSv1'], viewerProtocolPolicies: ['allow-all'] }),
      expect.objectContaining({ id: 'backup', viewerProtocolPolicies: ['allow-all'] }),
    ]);
  });

  it('leaves every setting unknown for a listed distribution without its viewer certificate, and tags empty when denied', async () => {
    const page = fixture('cloudfront.ListDistributions_2');
    delete page.DistributionList.Items[0].ViewerCertificate;
    cf.on(ListDistributionsCommand).resolves(page);
    cf.on(ListTagsForResourceCommand).rejects(awsError('AccessDenied', 403));
    const { resources } = await collectValid(cloudfrontCollector);
    const legacy = byId(resources, T, 'E2LEGACYEXAMPLE');
    expect(Object.keys(legacy.properties)).toEqual(['domainName']);
    expect(legacy.errors).toContainEqual(expect.objectContaining({ property: 'certificateSource', code: 'IncompleteResponse' }));
    expect(legacy.errors).toContainEqual(expect.objectContaining({ property: 'tags', code: 'AccessDenied' }));
  });

  it('leaves the certificate source unknown when the viewer certificate names none', async () => {
    const page = fixture('cloudfront.ListDistributions_2');
    page.DistributionList.Items[0].ViewerCertificate = { MinimumProtocolVersion: 'TLSv1' };
    cf.on(ListDistributionsCommand).resolves(page);
    cf.on(ListTagsForResourceCommand).resolves({ Tags: { Items: [] } });
    const { resources } = await collectValid(cloudfrontCollector);
    const legacy = byId(resources, T, 'E2LEGACYEXAMPLE');
    expect(legacy.properties).not.toHaveProperty('certificateSource');
    expect(legacy.errors).toEqual([expect.objectContaining({ property: 'certificateSource', code: 'NotReported' })]);
  });

  it('records a list answer without DistributionList for the scope', async () => {
    cf.on(ListDistributionsCommand).resolves({});
    const { resources, errors } = await collectValid(cloudfrontCollector);
    expect(resources).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ operation: 'cloudfront:ListDistributions', code: 'IncompleteResponse' })]);
  });
});
