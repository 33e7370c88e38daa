import { describe, expect, it } from 'vitest';
import { REGION } from './fake-aws/server.js';
import { emptyAccount, type AccountState } from './fake-aws/state.js';
import { byId, expectValid } from './helpers.js';
import { collectOverWire, idsOfType, recorded, unhandled } from './wire-run.js';

/**
 * API Gateway over HTTP with the real SDK client: REST-JSON, whose collections
 * travel as `item` with a `position` token (the SDK's `items`). A throttled
 * call is retried, every page of REST APIs and domain names is read, and a
 * refused stage list is recorded, never read as "no stages".
 */

const STAGE = 'AWS::ApiGateway::Stage';
const DOMAIN = 'AWS::ApiGateway::DomainName';

/** The recorded REST APIs (orders with its prod stage, legacy-partners with v1) and domain names (api.example.com on TLS 1.2, partners on TLS 1.0). */
function account(): AccountState {
  const state = emptyAccount();
  const apis = [...recorded('apigateway.GetRestApis_1').items, ...recorded('apigateway.GetRestApis_2').items];
  state.apiGateway = {
    restApis: apis.map((api, i) => ({ api, stages: recorded(`apigateway.GetStages_${i + 1}`).item })),
    domainNames: recorded('apigateway.GetDomainNames').items,
  };
  return state;
}

describe('API Gateway over the wire (REST-JSON)', () => {
  it('retries a throttled first page, follows position for REST APIs and domain names, and reads each stage as AWS returns it', async () => {
    const run = await collectOverWire(account(), ['apigateway'], {
      throttle: { 'apigateway:GetRestApis': { times: 1 }, 'apigateway:GetStages': { times: 1, where: 'z9y8x7w6v5' } },
      pageSize: { 'apigateway:GetRestApis': 1, 'apigateway:GetDomainNames': 1 },
    });
    expect(unhandled(run.fake)).toEqual([]);
    expect(run.fake.calls('apigateway:GetRestApis')).toEqual({ total: 3, faulted: 1 });
    expect(run.fake.calls('apigateway:GetDomainNames')).toEqual({ total: 2, faulted: 0 });
    expect(run.fake.calls('apigateway:GetStages')).toEqual({ total: 3, faulted: 1 });
    expect(run.snapshot.header.errors).toEqual([]);
    expectValid(run.snapshot.resources);
    expect(idsOfType(run.snapshot, STAGE)).toEqual(['a1b2c3d4e5/prod', 'z9y8x7w6v5/v1']);
    expect(idsOfType(run.snapshot, DOMAIN)).toEqual(['api.example.com', 'partners.example.com']);

    const prod = byId(run.snapshot.resources, STAGE, 'a1b2c3d4e5/prod');
    expect(prod.arn).toBe(`arn:aws:apigateway:${REGION}::/restapis/a1b2c3d4e5/stages/prod`);
    expect(prod.tags).toEqual({ owner: 'commerce', env: 'prod' });
    expect(prod.properties).toMatchObject({ restApiName: 'orders', stageName: 'prod', clientCertificateId: 'abc1de', cacheClusterEnabled: true });
    expect(prod.properties.methodSettings).toEqual([expect.objectContaining({ cachingEnabled: true, cacheDataEncrypted: true })]);
    const v1 = byId(run.snapshot.resources, STAGE, 'z9y8x7w6v5/v1');
    expect(v1.properties).toMatchObject({ restApiName: 'legacy-partners', clientCertificateId: null });
    expect(v1.properties.methodSettings).toEqual([expect.objectContaining({ cachingEnabled: true, cacheDataEncrypted: false })]);
    const api = byId(run.snapshot.resources, DOMAIN, 'api.example.com');
    expect(api.tags).toEqual({ owner: 'commerce' });
    expect(api.properties).toMatchObject({ securityPolicy: 'TLS_1_2', endpointTypes: ['REGIONAL'], certificateArn: null });
    expect(byId(run.snapshot.resources, DOMAIN, 'partners.example.com').properties).toMatchObject({ securityPolicy: 'TLS_1_0', endpointTypes: ['EDGE'] });

    const stages = { 'a1b2c3d4e5/prod': 'PASS', 'z9y8x7w6v5/v1': 'FAIL' };
    expect(run.verdicts('apigateway-stage-backend-client-certificate')).toEqual(stages);
    expect(run.verdicts('apigateway-stage-cache-encrypted')).toEqual(stages);
    expect(run.verdicts('apigateway-domain-tls12')).toEqual({ 'api.example.com': 'PASS', 'partners.example.com': 'FAIL' });
  }, 60_000);

  it('records each refused stage list for the region, with no stage and no verdict on one; the domain names are still read', async () => {
    // The stages are the API's own list: one that cannot be read is a list known to be incomplete, so no stage is invented.
    const run = await collectOverWire(account(), ['apigateway'], { deny: ['apigateway:GetStages'] });
    const denied = expect.objectContaining({ operation: 'apigateway:GetStages', code: 'AccessDeniedException', service: 'apigateway', region: REGION });
    expect(run.snapshot.header.errors).toEqual([denied, denied]);
    expect(run.collectionErrors).toContainEqual(denied);
    expect(idsOfType(run.snapshot, STAGE)).toEqual([]);
    expect(run.verdicts('apigateway-stage-backend-client-certificate')).toEqual({});
    expect(run.verdicts('apigateway-domain-tls12')).toEqual({ 'api.example.com': 'PASS', 'partners.example.com': 'FAIL' });
  }, 60_000);
});
