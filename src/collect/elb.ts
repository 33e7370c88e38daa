import {
  DescribeLoadBalancerPoliciesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  type ListenerDescription,
  type LoadBalancerDescription,
  type PolicyDescription,
} from '@aws-sdk/client-elastic-load-balancing';
import { assign, tagMap, type Collector } from './context.js';
import { complete, lacking } from './always-present.js';
import { declarativeCollector, tagsFrom, type ItemRead } from './declarative.js';
import { regionalArn } from './resource.js';
import { sslNegotiation, type NegotiationPolicy } from '../inventory/elb-negotiation.js';
import type { ClientOf } from './clients.js';

/** A Classic Load Balancer listener in the model's terms. */
function listener(d: ListenerDescription): { protocol: string | null; loadBalancerPort: number | null; instanceProtocol: string | null; instancePort: number | null; sslCertificateId: string | null; policyNames: string[] } {
  const l = d.Listener;
  return {
    protocol: l?.Protocol?.toUpperCase() ?? null,
    loadBalancerPort: l?.LoadBalancerPort ?? null,
    instanceProtocol: l?.InstanceProtocol?.toUpperCase() ?? null,
    instancePort: l?.InstancePort ?? null,
    sslCertificateId: l?.SSLCertificateId ?? null,
    policyNames: d.PolicyNames ?? [],
  };
}

/** The SDK's policy descriptions in the join's terms. */
function policies(descriptions: readonly PolicyDescription[]): NegotiationPolicy[] {
  return descriptions.map((p) => ({
    name: p.PolicyName,
    type: p.PolicyTypeName,
    attributes: (p.PolicyAttributeDescriptions ?? []).map((a) => ({ name: a.AttributeName, value: a.AttributeValue })),
  }));
}

/** The policies of one load balancer, joined to its secure listeners. */
const negotiation: ItemRead<ClientOf<'elb'>, LoadBalancerDescription> = async (ctx, elb, lb) => {
  const operation = 'elasticloadbalancing:DescribeLoadBalancerPolicies';
  const got = complete(await ctx.call(operation, () => elb.send(new DescribeLoadBalancerPoliciesCommand({ LoadBalancerName: lb.LoadBalancerName }))), ['PolicyDescriptions'], operation);
  // Without the listeners (an odd list item) there is nothing to join the policies to: unknown, not "no secure listener".
  const joined = lb.ListenerDescriptions ? got : { ok: false as const, error: lacking('elasticloadbalancing:DescribeLoadBalancers', 'ListenerDescriptions') };
  return (r) => void assign(r, 'sslNegotiation', joined, (o) => sslNegotiation((lb.ListenerDescriptions ?? []).map(listener), policies(o.PolicyDescriptions ?? [])));
};

/**
 * Classic Load Balancers: their listeners (protocol, certificate), the SSL
 * negotiation policy of each HTTPS or SSL listener, and tags.
 */
export const elbCollector: Collector = declarativeCollector({
  service: 'elb',
  client: 'elb',
  resourceType: 'AWS::ElasticLoadBalancing::LoadBalancer',
  list: {
    operation: 'elasticloadbalancing:DescribeLoadBalancers',
    page: (elb, t) => elb.send(new DescribeLoadBalancersCommand({ PageSize: 400, ...(t ? { Marker: t } : {}) })),
    items: (o) => o.LoadBalancerDescriptions,
    next: (o) => o.NextMarker,
  },
  id: (lb: LoadBalancerDescription) => lb.LoadBalancerName,
  idField: 'LoadBalancerName',
  arn: (ctx, _lb, name) => regionalArn(ctx, 'elasticloadbalancing', `loadbalancer/${name}`),
  listed: (lb, name) => ({
    loadBalancerName: name,
    scheme: lb.Scheme ?? null,
    dnsName: lb.DNSName ?? null,
    listeners: (lb.ListenerDescriptions ?? []).map(listener),
  }),
  itemCarries: { fields: ['ListenerDescriptions'], keep: ['loadBalancerName'] },
  reads: [
    negotiation,
    tagsFrom({
      operation: 'elasticloadbalancing:DescribeTags',
      send: (elb, lb) => elb.send(new DescribeTagsCommand({ LoadBalancerNames: [lb.LoadBalancerName!] })),
      map: (o) => tagMap(o.TagDescriptions?.[0]?.Tags),
    }),
  ],
});
