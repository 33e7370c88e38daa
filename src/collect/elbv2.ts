import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { allPages, assign, tagMap, type Collector } from './context.js';
import { declarativeCollector, readInto, tagsFrom, type ItemRead } from './declarative.js';
import type { ClientOf } from './clients.js';
import { dropInvalidHeaderFields } from '../inventory/elbv2-attributes.js';
import { listenerProperties } from '../inventory/elbv2-listener.js';

/** The listener list of one load balancer: every page, or the failure (a part would pass for the whole). */
const listeners: ItemRead<ClientOf<'elbv2'>, LoadBalancer> = async (ctx, elb, lb) => {
  const got = await allPages(
    ctx,
    'elasticloadbalancing:DescribeListeners',
    (t) => elb.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn, ...(t ? { Marker: t } : {}) })),
    (o) => o.Listeners,
    (o) => o.NextMarker,
  );
  return (r) => void assign(r, 'listeners', got, (items) => items.map(listenerProperties));
};

/**
 * Application, Network and Gateway Load Balancers with their listeners
 * (protocol, security policy, certificates, default actions), the
 * drop-invalid-header attribute and tags. The name is the id (unique per
 * account and region); the ARN is what ACM's "in use by" names.
 */
export const elbv2Collector: Collector = declarativeCollector({
  service: 'elbv2',
  client: 'elbv2',
  resourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  list: {
    operation: 'elasticloadbalancing:DescribeLoadBalancers',
    page: (elb, t) => elb.send(new DescribeLoadBalancersCommand({ PageSize: 400, ...(t ? { Marker: t } : {}) })),
    items: (o) => o.LoadBalancers,
    next: (o) => o.NextMarker,
  },
  id: (lb: LoadBalancer) => (lb.LoadBalancerArn ? lb.LoadBalancerName : undefined),
  idField: 'LoadBalancerArn or LoadBalancerName',
  arn: (_ctx, lb) => lb.LoadBalancerArn!,
  listed: (lb, name) => ({
    loadBalancerName: name,
    type: lb.Type ?? null,
    scheme: lb.Scheme ?? null,
    dnsName: lb.DNSName ?? null,
  }),
  itemCarries: { fields: ['Type'], keep: ['loadBalancerName'] },
  reads: [
    listeners,
    readInto({
      property: 'dropInvalidHeaderFields',
      operation: 'elasticloadbalancing:DescribeLoadBalancerAttributes',
      send: (elb, lb) => elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: lb.LoadBalancerArn })),
      map: (o) => dropInvalidHeaderFields((o.Attributes ?? []).map((a) => ({ key: a.Key, value: a.Value }))),
      carries: ['Attributes'],
    }),
    tagsFrom({
      operation: 'elasticloadbalancing:DescribeTags',
      send: (elb, lb) => elb.send(new DescribeTagsCommand({ ResourceArns: [lb.LoadBalancerArn!] })),
      map: (o) => tagMap(o.TagDescriptions?.[0]?.Tags),
    }),
  ],
});
