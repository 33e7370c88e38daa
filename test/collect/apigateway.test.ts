import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { APIGatewayClient, GetDomainNamesCommand, GetRestApisCommand, GetStagesCommand } from '@aws-sdk/client-api-gateway';
import { apigatewayCollector } from '../../src/collect/apigateway.js';
import { awsError, byId, collectValid, fixture, testContext } from './helpers.js';

const api = mockClient(APIGatewayClient);
const STAGE = 'AWS::ApiGateway::Stage';
const DOMAIN = 'AWS::ApiGateway::DomainName';

function recorded(): void {
  api.on(GetRestApisCommand).resolves(fixture('apigateway.GetRestApis_1'));
  api.on(GetRestApisCommand, { position: 'apis-2' }).resolves(fixture('apigateway.GetRestApis_2'));
  api.on(GetStagesCommand, { restApiId: 'a1b2c3d4e5' }).resolves(fixture('apigateway.GetStages_1'));
  api.on(GetStagesCommand, { restApiId: 'z9y8x7w6v5' }).resolves(fixture('apigateway.GetStages_2'));
  api.on(GetDomainNamesCommand).resolves(fixture('apigateway.GetDomainNames'));
}

beforeEach(() => api.reset());

describe('apigateway collector', () => {
  it('reads the stages of every REST API on both pages, and the custom domain names', async () => {
    recorded();
    const { resources, errors } = await collectValid(apigatewayCollector);
    expect(errors).toEqual([]);
    expect(resources.map((r) => `${r.resourceType} ${r.resourceId}`)).toEqual([
      `${STAGE} a1b2c3d4e5/prod`,
      `${STAGE} z9y8x7w6v5/v1`,
      `${DOMAIN} api.example.com`,
      `${DOMAIN} partners.example.com`,
    ]);
    const prod = byId(resources, STAGE, 'a1b2c3d4e5/prod');
    expect(prod).toMatchObject({ name: 'orders/prod', arn: 'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/prod', tags: { owner: 'commerce', env: 'prod' } });
    expect(prod.properties).toEqual({
      restApiId: 'a1b2c3d4e5',
      restApiName: 'orders',
      stageName: 'prod',
      clientCertificateId: 'abc1de',
      cacheClusterEnabled: true,
      methodSettings: [{ method: '*/*', cachingEnabled: true, cacheDataEncrypted: true }],
    });
    expect(byId(resources, STAGE, 'z9y8x7w6v5/v1').properties).toMatchObject({
      clientCertificateId: null,
      methodSettings: [{ method: 'partners/GET', cachingEnabled: true, cacheDataEncrypted: false }],
    });
    expect(byId(resources, DOMAIN, 'api.example.com')).toMatchObject({
      tags: { owner: 'commerce' },
      properties: { securityPolicy: 'TLS_1_2', endpointTypes: ['REGIONAL'], regionalCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555' },
    });
    expect(byId(resources, DOMAIN, 'partners.example.com').properties).toMatchObject({ securityPolicy: 'TLS_1_0', endpointTypes: ['EDGE'] });
  });

  it('records a failed stage list for the scope, and a domain without a security policy as unknown', async () => {
    recorded();
    api.on(GetStagesCommand, { restApiId: 'z9y8x7w6v5' }).rejects(awsError('TooManyRequestsException', 429));
    const domains = fixture('apigateway.GetDomainNames');
    delete domains.items[1].securityPolicy;
    api.on(GetDomainNamesCommand).resolves(domains);
    const { ctx, errors } = testContext('apigateway');
    const resources = await apigatewayCollector.collect(ctx);
    expect(resources.filter((r) => r.resourceType === STAGE).map((r) => r.resourceId)).toEqual(['a1b2c3d4e5/prod']);
    expect(errors).toEqual([expect.objectContaining({ operation: 'apigateway:GetStages', code: 'TooManyRequestsException' })]);
    const partners = byId(resources, DOMAIN, 'partners.example.com');
    expect(partners.properties).not.toHaveProperty('securityPolicy');
    expect(partners.errors).toContainEqual(expect.objectContaining({ property: 'securityPolicy', code: 'NotReported' }));
  });
});
