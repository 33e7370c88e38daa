import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeLoadBalancerPoliciesCommand, DescribeLoadBalancersCommand, DescribeTagsCommand, ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import { elbCollector } from '../../src/collect/elb.js';
import { sslNegotiation } from '../../src/inventory/elb-negotiation.js';
import { awsError, byId, collectValid, fixture, testContext } from './helpers.js';

const elb = mockClient(ElasticLoadBalancingClient);
const T = 'AWS::ElasticLoadBalancing::LoadBalancer';

function recorded(): void {
  elb.on(DescribeLoadBalancersCommand).resolves(fixture('elb.DescribeLoadBalancers_1'));
  elb.on(DescribeLoadBalancersCommand, { Marker: 'clb-2' }).resolves(fixture('elb.DescribeLoadBalancers_2'));
  elb.on(DescribeLoadBalancerPoliciesCommand, { LoadBalancerName: 'legacy-web' }).resolves(fixture('elb.DescribeLoadBalancerPolicies_1'));
  elb.on(DescribeLoadBalancerPoliciesCommand, { LoadBalancerName: 'payments-tls' }).resolves(fixture('elb.DescribeLoadBalancerPolicies_2'));
  elb.on(DescribeTagsCommand).resolves({ TagDescriptions: [] });
  elb.on(DescribeTagsCommand, { LoadBalancerNames: ['payments-tls'] }).resolves(fixture('elb.DescribeTags'));
}

beforeEach(() => elb.reset());

describe('elb (Classic) collector', () => {
  it('lists Classic Load Balancers on both pages with listeners and the negotiation policy of each secure listener', async () => {
    recorded();
    const { resources, errors } = await collectValid(elbCollector);
    expect(errors).toEqual([]);
    const legacy = byId(resources, T, 'legacy-web');
    expect(legacy.arn).toBe('arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/legacy-web');
    expect(legacy.properties.listeners).toEqual([
      expect.objectContaining({ protocol: 'HTTP', loadBalancerPort: 80, sslCertificateId: null }),
      expect.objectContaining({ protocol: 'HTTPS', sslCertificateId: 'arn:aws:iam::123456789012:server-certificate/legacy-web-2018' }),
    ]);
    expect(legacy.properties.sslNegotiation).toEqual([
      { loadBalancerPort: 443, policyName: 'ELBSecurityPolicy-2016-08', referenceSecurityPolicy: 'ELBSecurityPolicy-2016-08', enabledProtocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'] },
    ]);
    const payments = byId(resources, T, 'payments-tls');
    expect(payments.tags).toEqual({ owner: 'payments' });
    expect(payments.properties.sslNegotiation).toEqual([
      { loadBalancerPort: 8443, policyName: 'payments-tls-negotiation', referenceSecurityPolicy: 'ELBSecurityPolicy-TLS-1-2-2017-01', enabledProtocols: ['TLSv1.2'] },
    ]);
  });

  it('gives a secure listener without a negotiation policy nulls and no protocols', () => {
    const listener = { protocol: 'HTTPS', loadBalancerPort: 443, policyNames: ['proxy'] };
    const plain = { protocol: 'TCP', loadBalancerPort: 25, policyNames: [] };
    const proxy = { name: 'proxy', type: 'ProxyProtocolPolicyType', attributes: [{ name: 'ProxyProtocol', value: 'true' }] };
    expect(sslNegotiation([listener, plain], [proxy])).toEqual([
      { loadBalancerPort: 443, policyName: null, referenceSecurityPolicy: null, enabledProtocols: [] },
    ]);
  });

  it('leaves the negotiation unknown when the policies cannot be read or the listed item lacks its listeners', async () => {
    recorded();
    elb.on(DescribeLoadBalancerPoliciesCommand, { LoadBalancerName: 'legacy-web' }).rejects(awsError('AccessDenied'));
    const page = fixture('elb.DescribeLoadBalancers_2');
    delete page.LoadBalancerDescriptions[0].ListenerDescriptions;
    elb.on(DescribeLoadBalancersCommand, { Marker: 'clb-2' }).resolves(page);
    const { ctx } = testContext('elb');
    const resources = await elbCollector.collect(ctx);
    const legacy = byId(resources, T, 'legacy-web');
    expect(legacy.properties).not.toHaveProperty('sslNegotiation');
    expect(legacy.errors).toContainEqual(expect.objectContaining({ property: 'sslNegotiation', code: 'AccessDenied' }));
    const payments = byId(resources, T, 'payments-tls');
    expect(payments.properties).not.toHaveProperty('listeners');
    expect(payments.properties).not.toHaveProperty('sslNegotiation');
    expect(payments.errors).toContainEqual(expect.objectContaining({ property: 'sslNegotiation', code: 'IncompleteResponse' }));
  });
});
