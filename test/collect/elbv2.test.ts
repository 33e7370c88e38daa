import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { elbv2Collector } from '../../src/collect/elbv2.js';
import { awsError, byId, collectValid, fixture, testContext } from './helpers.js';

const elb = mockClient(ElasticLoadBalancingV2Client);
const T = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const SHOP = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop/50dc6c495c0c9188';
const INGEST = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/ingest/73e2d6bc24d8a067';

function recorded(): void {
  elb.on(DescribeLoadBalancersCommand).resolves(fixture('elbv2.DescribeLoadBalancers_1'));
  elb.on(DescribeLoadBalancersCommand, { Marker: 'lbs-2' }).resolves(fixture('elbv2.DescribeLoadBalancers_2'));
  elb.on(DescribeListenersCommand, { LoadBalancerArn: SHOP }).resolves(fixture('elbv2.DescribeListeners_1'));
  elb.on(DescribeListenersCommand, { LoadBalancerArn: INGEST }).resolves(fixture('elbv2.DescribeListeners_2'));
  elb.on(DescribeLoadBalancerAttributesCommand, { LoadBalancerArn: SHOP }).resolves(fixture('elbv2.DescribeLoadBalancerAttributes_1'));
  elb.on(DescribeLoadBalancerAttributesCommand, { LoadBalancerArn: INGEST }).resolves(fixture('elbv2.DescribeLoadBalancerAttributes_2'));
  elb.on(DescribeTagsCommand).resolves({ TagDescriptions: [] });
  elb.on(DescribeTagsCommand, { ResourceArns: [SHOP] }).resolves(fixture('elbv2.DescribeTags'));
}

beforeEach(() => elb.reset());

describe('elbv2 collector', () => {
  it('lists load balancers on both pages with their listeners, security policies, certificates and redirects', async () => {
    recorded();
    const { resources, errors } = await collectValid(elbv2Collector);
    expect(errors).toEqual([]);
    expect(resources.map((r) => r.resourceId)).toEqual(['ingest', 'shop']);
    const shop = byId(resources, T, 'shop');
    expect(shop.arn).toBe(SHOP);
    expect(shop.tags).toEqual({ owner: 'web' });
    expect(shop.properties).toMatchObject({ type: 'application', scheme: 'internet-facing', dropInvalidHeaderFields: true });
    expect(shop.properties.listeners).toEqual([
      expect.objectContaining({ protocol: 'HTTP', port: 80, sslPolicy: null, certificates: [], defaultActions: [{ type: 'redirect', redirectProtocol: 'HTTPS' }] }),
      expect.objectContaining({
        protocol: 'HTTPS',
        sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        certificates: [{ certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555' }],
        defaultActions: [{ type: 'forward', redirectProtocol: null }],
      }),
    ]);
    const ingest = byId(resources, T, 'ingest');
    // Network Load Balancers have no drop-invalid-header attribute.
    expect(ingest.properties).toMatchObject({ type: 'network', dropInvalidHeaderFields: null });
    expect(ingest.properties.listeners).toEqual([
      expect.objectContaining({ protocol: 'TLS', sslPolicy: 'ELBSecurityPolicy-2016-08', certificates: [{ certificateArn: 'arn:aws:iam::123456789012:server-certificate/ingest-2019' }] }),
      expect.objectContaining({ protocol: 'TCP', sslPolicy: null }),
    ]);
  });

  it('reads every page of listeners, and keeps none when a later page fails', async () => {
    recorded();
    const [first, second] = fixture('elbv2.DescribeListeners_1').Listeners;
    elb.on(DescribeListenersCommand, { LoadBalancerArn: SHOP }).resolves({ Listeners: [first], NextMarker: 'l-2' });
    elb.on(DescribeListenersCommand, { LoadBalancerArn: SHOP, Marker: 'l-2' }).resolves({ Listeners: [second] });
    const { resources } = await collectValid(elbv2Collector);
    expect(byId(resources, T, 'shop').properties.listeners).toHaveLength(2);

    elb.on(DescribeListenersCommand, { LoadBalancerArn: SHOP, Marker: 'l-2' }).rejects(awsError('Throttling'));
    const { ctx } = testContext('elbv2');
    const shop = byId(await elbv2Collector.collect(ctx), T, 'shop');
    expect(shop.properties).not.toHaveProperty('listeners');
    expect(shop.errors).toContainEqual(expect.objectContaining({ property: 'listeners', code: 'Throttling' }));
  });

  it('leaves listeners and attributes unknown when they cannot be read, and a listed item without its type unknown', async () => {
    recorded();
    elb.on(DescribeListenersCommand, { LoadBalancerArn: INGEST }).rejects(awsError('AccessDenied'));
    elb.on(DescribeLoadBalancerAttributesCommand, { LoadBalancerArn: SHOP }).resolves({});
    const page = fixture('elbv2.DescribeLoadBalancers_2');
    delete page.LoadBalancers[0].Type;
    elb.on(DescribeLoadBalancersCommand, { Marker: 'lbs-2' }).resolves(page);
    const { ctx } = testContext('elbv2');
    const resources = await elbv2Collector.collect(ctx);
    const ingest = byId(resources, T, 'ingest');
    expect(ingest.properties).not.toHaveProperty('listeners');
    expect(ingest.properties).not.toHaveProperty('type');
    expect(ingest.errors).toContainEqual(expect.objectContaining({ property: 'listeners', code: 'AccessDenied' }));
    expect(ingest.errors).toContainEqual(expect.objectContaining({ property: 'type', code: 'IncompleteResponse' }));
    const shop = byId(resources, T, 'shop');
    expect(shop.properties).not.toHaveProperty('dropInvalidHeaderFields');
    expect(shop.errors).toContainEqual(expect.objectContaining({ property: 'dropInvalidHeaderFields', code: 'IncompleteResponse' }));
  });
});
