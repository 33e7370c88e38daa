import { dropInvalidHeaderFields } from '../elbv2-attributes.js';
import { put, type ItemReader, type MappedResource } from './item.js';

/**
 * Config records an Application, Network or Gateway Load Balancer's name, type,
 * scheme and DNS name, and its attributes in `supplementaryConfiguration.LoadBalancerAttributes`.
 * Its listeners are separate `AWS::ElasticLoadBalancingV2::Listener` items, which
 * sealcheck does not join: the listeners stay unknown. The name is the id, as the
 * collector has it (Config's resource id is the ARN).
 */
export function mapLoadBalancerV2(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const name = r.conf('loadBalancerName', 'LoadBalancerName').str() ?? r.item.resourceName ?? r.item.resourceId;
  put(p, 'loadBalancerName', name);
  put(p, 'type', r.conf('type', 'Type').str() ?? null);
  put(p, 'scheme', r.conf('scheme', 'Scheme').str() ?? null);
  put(p, 'dnsName', r.conf('dNSName', 'dnsName', 'DNSName').str() ?? null);
  r.notRecorded('listeners', 'AWS Config records listeners as separate AWS::ElasticLoadBalancingV2::Listener items, which sealcheck does not join to their load balancer.');
  const attributes = r.supp('LoadBalancerAttributes').list();
  if (!attributes) r.notRecorded('dropInvalidHeaderFields', 'The AWS Config item has no LoadBalancerAttributes in its supplementary configuration.');
  else {
    const read = attributes.map((a) => ({ key: a.first('key', 'Key').str() ?? undefined, value: a.first('value', 'Value').str() ?? undefined }));
    p.dropInvalidHeaderFields = dropInvalidHeaderFields(read);
  }
  const arn = r.item.arn ?? r.conf('loadBalancerArn', 'LoadBalancerArn').str() ?? undefined;
  return { properties: p, name, resourceId: name, ...(arn ? { arn } : {}) };
}
