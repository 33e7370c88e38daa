import { describe, expect, it } from 'vitest';
import { ACCOUNT } from './fake-aws/server.js';
import { emptyAccount, type AccountState } from './fake-aws/state.js';
import { byId, expectValid } from './helpers.js';
import { collectOverWire, errorLines, idsOfType, recorded, unhandled } from './wire-run.js';

/**
 * ELB v2 and Classic ELB over HTTP with the real SDK clients: the AWS query
 * protocol (form-encoded POST, XML answers), the recorded answers put on the
 * wire. A throttled call is retried, each `NextMarker` is followed, and a call
 * refused for one load balancer leaves what it would have read unknown.
 */

const V2 = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const CLASSIC = 'AWS::ElasticLoadBalancing::LoadBalancer';
const SHOP = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/shop/50dc6c495c0c9188`;
const INGEST = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/net/ingest/73e2d6bc24d8a067`;
const classicArn = (name: string) => `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/${name}`;

/** The recorded load balancers: shop (ALB, HTTP redirect and HTTPS) and ingest (NLB, TLS and plain TCP); legacy-web and payments-tls (Classic). */
function account(): AccountState {
  const state = emptyAccount();
  const v2 = [...recorded('elbv2.DescribeLoadBalancers_1').LoadBalancers, ...recorded('elbv2.DescribeLoadBalancers_2').LoadBalancers];
  state.loadBalancersV2 = v2.map((lb, i) => ({
    lb,
    listeners: recorded(`elbv2.DescribeListeners_${i + 1}`).Listeners,
    attributes: recorded(`elbv2.DescribeLoadBalancerAttributes_${i + 1}`).Attributes,
    tags: lb.LoadBalancerArn === SHOP ? recorded('elbv2.DescribeTags').TagDescriptions[0].Tags : [],
  }));
  const classic = [...recorded('elb.DescribeLoadBalancers_1').LoadBalancerDescriptions, ...recorded('elb.DescribeLoadBalancers_2').LoadBalancerDescriptions];
  const classicTags = recorded('elb.DescribeTags').TagDescriptions;
  state.classicLoadBalancers = classic.map((lb, i) => ({
    lb,
    policies: recorded(`elb.DescribeLoadBalancerPolicies_${i + 1}`).PolicyDescriptions,
    tags: classicTags.find((t: { LoadBalancerName: string }) => t.LoadBalancerName === lb.LoadBalancerName)?.Tags ?? [],
  }));
  return state;
}

describe('ELB v2 over the wire (query protocol)', () => {
  it('retries a throttled first page, follows NextMarker for load balancers and listeners, and reads each one as AWS returns it', async () => {
    const run = await collectOverWire(account(), ['elbv2'], {
      throttle: { 'elbv2:DescribeLoadBalancers': { times: 1 }, 'elbv2:DescribeListeners': { times: 1, where: '50dc6c495c0c9188' } },
      pageSize: { 'elbv2:DescribeLoadBalancers': 1, 'elbv2:DescribeListeners': 1 },
    });
    expect(unhandled(run.fake)).toEqual([]);
    // One throttled answer, then the two pages.
    expect(run.fake.calls('elbv2:DescribeLoadBalancers')).toEqual({ total: 3, faulted: 1 });
    // Two pages of listeners for each load balancer, and the throttled first call for shop.
    expect(run.fake.calls('elbv2:DescribeListeners')).toEqual({ total: 5, faulted: 1 });
    expect(run.snapshot.header.errors).toEqual([]);
    expectValid(run.snapshot.resources);
    expect(idsOfType(run.snapshot, V2)).toEqual(['ingest', 'shop']);

    const shop = byId(run.snapshot.resources, V2, 'shop');
    expect(shop.arn).toBe(SHOP);
    expect(shop.tags).toEqual({ owner: 'web' });
    expect(shop.properties).toMatchObject({ type: 'application', scheme: 'internet-facing', dnsName: 'shop-1234567890.eu-west-1.elb.amazonaws.com', dropInvalidHeaderFields: true });
    expect(shop.properties.listeners).toEqual([
      expect.objectContaining({ protocol: 'HTTP', port: 80, sslPolicy: null, certificates: [], defaultActions: [{ type: 'redirect', redirectProtocol: 'HTTPS' }] }),
      expect.objectContaining({
        protocol: 'HTTPS',
        port: 443,
        sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        certificates: [{ certificateArn: `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/11111111-2222-3333-4444-555555555555` }],
        defaultActions: [{ type: 'forward', redirectProtocol: null }],
      }),
    ]);
    const ingest = byId(run.snapshot.resources, V2, 'ingest');
    expect(ingest.tags).toEqual({});
    // A Network Load Balancer has no drop-invalid-header attribute.
    expect(ingest.properties).toMatchObject({ type: 'network', scheme: 'internal', dropInvalidHeaderFields: null });
    expect((ingest.properties.listeners as { protocol: string }[]).map((l) => l.protocol)).toEqual(['TLS', 'TCP']);

    expect(run.verdicts('elbv2-listeners-encrypted')).toEqual({ shop: 'PASS', ingest: 'FAIL' });
    expect(run.verdicts('elbv2-listener-recommended-tls-policy')).toEqual({ shop: 'PASS', ingest: 'FAIL' });
    // Application Load Balancers only.
    expect(run.verdicts('elbv2-alb-drop-invalid-headers')).toEqual({ shop: 'PASS' });
  }, 60_000);

  it('records a denied listener read on each load balancer: the listener rules are UNKNOWN, the attributes still read', async () => {
    const run = await collectOverWire(account(), ['elbv2'], { deny: ['elbv2:DescribeListeners'] });
    // One error on each load balancer, none for the region: the list itself was read.
    const errors = [INGEST, SHOP].map((arn) => `${arn} listeners elasticloadbalancing:DescribeListeners AccessDenied`).sort();
    expect(errorLines(run.snapshot.header.errors)).toEqual(errors);
    expect(errorLines(run.collectionErrors)).toEqual(errors);
    const denied = expect.objectContaining({ property: 'listeners', operation: 'elasticloadbalancing:DescribeListeners', code: 'AccessDenied' });
    for (const id of ['shop', 'ingest']) {
      const lb = byId(run.snapshot.resources, V2, id);
      expect(lb.properties).not.toHaveProperty('listeners');
      expect(lb.errors).toEqual([denied]);
    }
    expect(run.verdicts('elbv2-listeners-encrypted')).toEqual({ shop: 'UNKNOWN', ingest: 'UNKNOWN' });
    expect(byId(run.snapshot.resources, V2, 'shop').properties.dropInvalidHeaderFields).toBe(true);
    expect(run.verdicts('elbv2-alb-drop-invalid-headers')).toEqual({ shop: 'PASS' });
  }, 60_000);
});

describe('Classic ELB over the wire (query protocol)', () => {
  it('retries a throttled first page, follows NextMarker, and joins each load balancer to its negotiation policies', async () => {
    const run = await collectOverWire(account(), ['elb'], {
      throttle: { 'elb:DescribeLoadBalancers': { times: 1 }, 'elb:DescribeLoadBalancerPolicies': { times: 1, where: 'payments-tls' } },
      pageSize: { 'elb:DescribeLoadBalancers': 1 },
    });
    expect(unhandled(run.fake)).toEqual([]);
    expect(run.fake.calls('elb:DescribeLoadBalancers')).toEqual({ total: 3, faulted: 1 });
    expect(run.fake.calls('elb:DescribeLoadBalancerPolicies')).toEqual({ total: 3, faulted: 1 });
    expect(run.snapshot.header.errors).toEqual([]);
    expectValid(run.snapshot.resources);
    expect(idsOfType(run.snapshot, CLASSIC)).toEqual(['legacy-web', 'payments-tls']);

    const legacy = byId(run.snapshot.resources, CLASSIC, 'legacy-web');
    expect(legacy.arn).toBe(classicArn('legacy-web'));
    expect(legacy.tags).toEqual({});
    expect(legacy.properties.listeners).toEqual([
      { protocol: 'HTTP', loadBalancerPort: 80, instanceProtocol: 'HTTP', instancePort: 8080, sslCertificateId: null, policyNames: [] },
      {
        protocol: 'HTTPS',
        loadBalancerPort: 443,
        instanceProtocol: 'HTTP',
        instancePort: 8080,
        sslCertificateId: `arn:aws:iam::${ACCOUNT}:server-certificate/legacy-web-2018`,
        policyNames: ['ELBSecurityPolicy-2016-08'],
      },
    ]);
    expect(legacy.properties.sslNegotiation).toEqual([
      { loadBalancerPort: 443, policyName: 'ELBSecurityPolicy-2016-08', referenceSecurityPolicy: 'ELBSecurityPolicy-2016-08', enabledProtocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'] },
    ]);
    const payments = byId(run.snapshot.resources, CLASSIC, 'payments-tls');
    expect(payments.tags).toEqual({ owner: 'payments' });
    expect(payments.properties.sslNegotiation).toEqual([
      { loadBalancerPort: 8443, policyName: 'payments-tls-negotiation', referenceSecurityPolicy: 'ELBSecurityPolicy-TLS-1-2-2017-01', enabledProtocols: ['TLSv1.2'] },
    ]);

    expect(run.verdicts('elb-classic-listener-predefined-tls-policy')).toEqual({ 'legacy-web': 'FAIL', 'payments-tls': 'PASS' });
    expect(run.verdicts('elb-classic-listeners-encrypted')).toEqual({ 'legacy-web': 'FAIL', 'payments-tls': 'PASS' });
  }, 60_000);

  it('records denied policy reads on each load balancer: the negotiation rule is UNKNOWN, never PASS, and the listeners still read', async () => {
    const run = await collectOverWire(account(), ['elb'], { deny: ['elb:DescribeLoadBalancerPolicies'] });
    const errors = ['legacy-web', 'payments-tls'].map((name) => `${classicArn(name)} sslNegotiation elasticloadbalancing:DescribeLoadBalancerPolicies AccessDenied`);
    expect(errorLines(run.snapshot.header.errors)).toEqual(errors);
    expect(errorLines(run.collectionErrors)).toEqual(errors);
    for (const id of ['legacy-web', 'payments-tls']) {
      const lb = byId(run.snapshot.resources, CLASSIC, id);
      expect(lb.properties).not.toHaveProperty('sslNegotiation');
      expect(lb.errors).toEqual([expect.objectContaining({ property: 'sslNegotiation', operation: 'elasticloadbalancing:DescribeLoadBalancerPolicies', code: 'AccessDenied' })]);
    }
    expect(run.verdicts('elb-classic-listener-predefined-tls-policy')).toEqual({ 'legacy-web': 'UNKNOWN', 'payments-tls': 'UNKNOWN' });
    expect(run.verdicts('elb-classic-listeners-encrypted')).toEqual({ 'legacy-web': 'FAIL', 'payments-tls': 'PASS' });
  }, 60_000);
});
