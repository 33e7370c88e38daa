import type { AccountState } from './state.js';
import { page, queryDoc, queryError, queryValues, queryXml, type Reply } from './wire.js';

const NS = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';

/** A key and value, as ELB and ELB v2 give tags and attributes. */
export interface KeyValue {
  Key: string;
  Value: string;
}

/** One ELB v2 load balancer: its DescribeLoadBalancers item (SDK-shaped, recorded), listeners, attributes and tags. */
export interface LoadBalancerV2State {
  lb: Record<string, unknown> & { LoadBalancerArn: string; LoadBalancerName: string };
  listeners: Record<string, unknown>[];
  attributes: KeyValue[];
  tags: KeyValue[];
}

const answer = (action: string, result: Record<string, unknown>): Reply => queryDoc(action, NS, queryXml(result));

/**
 * DescribeTags, alike in both ELB APIs but for the field that names each load
 * balancer: the tags of every one named, or not found for the first unknown one.
 */
export function tagDescriptions(
  names: readonly string[],
  field: 'ResourceArn' | 'LoadBalancerName',
  tagsOf: (name: string) => KeyValue[] | undefined,
  reply: (result: Record<string, unknown>) => Reply,
  notFound: (name: string) => Reply,
): Reply {
  const unknown = names.find((n) => tagsOf(n) === undefined);
  return unknown === undefined ? reply({ TagDescriptions: names.map((name) => ({ [field]: name, Tags: tagsOf(name) })) }) : notFound(unknown);
}

/**
 * ELB v2 (query protocol, version 2015-12-01): load balancers and their
 * listeners, each list paged by Marker, their attributes and their tags.
 */
export function elbv2(state: AccountState, op: string, params: URLSearchParams, size: number | undefined): Reply | undefined {
  const lbs = state.loadBalancersV2 ?? [];
  const byArn = (arn: string | null) => lbs.find((l) => l.lb.LoadBalancerArn === arn);
  const notFound = (arn: string | null) => queryError('LoadBalancerNotFound', `Load balancer '${arn}' not found`);
  switch (op) {
    case 'DescribeLoadBalancers': {
      const { items, next } = page(lbs, params.get('Marker'), size);
      return answer(op, { LoadBalancers: items.map((l) => l.lb), NextMarker: next });
    }
    case 'DescribeListeners': {
      const lb = byArn(params.get('LoadBalancerArn'));
      if (!lb) return notFound(params.get('LoadBalancerArn'));
      const { items, next } = page(lb.listeners, params.get('Marker'), size);
      return answer(op, { Listeners: items, NextMarker: next });
    }
    case 'DescribeLoadBalancerAttributes': {
      const lb = byArn(params.get('LoadBalancerArn'));
      return lb ? answer(op, { Attributes: lb.attributes }) : notFound(params.get('LoadBalancerArn'));
    }
    case 'DescribeTags':
      return tagDescriptions(queryValues(params, 'ResourceArns.member'), 'ResourceArn', (arn) => byArn(arn)?.tags, (r) => answer(op, r), notFound);
    default:
      return undefined;
  }
}
