import { tagDescriptions, type KeyValue } from './elbv2.js';
import type { AccountState } from './state.js';
import { page, queryDoc, queryError, queryValues, queryXml, type Reply } from './wire.js';

const NS = 'http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/';

/** One Classic Load Balancer: its DescribeLoadBalancers item (SDK-shaped, recorded), its policies and tags. */
export interface ClassicLoadBalancerState {
  lb: Record<string, unknown> & { LoadBalancerName: string };
  /** DescribeLoadBalancerPolicies' PolicyDescriptions for this load balancer. */
  policies: Record<string, unknown>[];
  tags: KeyValue[];
}

const answer = (action: string, result: Record<string, unknown>): Reply => queryDoc(action, NS, queryXml(result));

/**
 * Classic ELB (query protocol, version 2012-06-01): load balancers paged by
 * Marker, the policies of one load balancer, and tags by load balancer name.
 */
export function elb(state: AccountState, op: string, params: URLSearchParams, size: number | undefined): Reply | undefined {
  const lbs = state.classicLoadBalancers ?? [];
  const byName = (name: string | null) => lbs.find((l) => l.lb.LoadBalancerName === name);
  const notFound = (name: string | null) => queryError('LoadBalancerNotFound', `There is no ACTIVE Load Balancer named '${name}'`);
  switch (op) {
    case 'DescribeLoadBalancers': {
      const { items, next } = page(lbs, params.get('Marker'), size);
      return answer(op, { LoadBalancerDescriptions: items.map((l) => l.lb), NextMarker: next });
    }
    case 'DescribeLoadBalancerPolicies': {
      // Without a name AWS answers the sample policies; the collector always names its load balancer.
      const lb = byName(params.get('LoadBalancerName'));
      return lb ? answer(op, { PolicyDescriptions: lb.policies }) : notFound(params.get('LoadBalancerName'));
    }
    case 'DescribeTags':
      return tagDescriptions(queryValues(params, 'LoadBalancerNames.member'), 'LoadBalancerName', (name) => byName(name)?.tags, (r) => answer(op, r), notFound);
    default:
      return undefined;
  }
}
