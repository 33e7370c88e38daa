import { sslNegotiation } from '../elb-negotiation.js';
import { put, type ItemReader, type MappedResource } from './item.js';

/**
 * Config records a Classic Load Balancer's listeners in its configuration and
 * the policies in `supplementaryConfiguration.LoadBalancerPolicies`, so the
 * SSL negotiation of each secure listener is joined as the collector does.
 */
export function mapClassicLoadBalancer(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const name = r.conf('loadBalancerName', 'LoadBalancerName').str() ?? r.item.resourceName ?? r.item.resourceId;
  put(p, 'loadBalancerName', name);
  put(p, 'scheme', r.conf('scheme', 'Scheme').str() ?? null);
  put(p, 'dnsName', r.conf('dnsname', 'dNSName', 'DNSName').str() ?? null);
  const descriptions = r.conf('listenerDescriptions', 'ListenerDescriptions').list();
  const listeners = descriptions?.map((d) => {
    const l = d.first('listener', 'Listener');
    return {
      protocol: l.first('protocol', 'Protocol').str()?.toUpperCase() ?? null,
      loadBalancerPort: l.first('loadBalancerPort', 'LoadBalancerPort').int() ?? null,
      instanceProtocol: l.first('instanceProtocol', 'InstanceProtocol').str()?.toUpperCase() ?? null,
      instancePort: l.first('instancePort', 'InstancePort').int() ?? null,
      sslCertificateId: l.first('sslcertificateId', 'sSLCertificateId', 'SSLCertificateId').str() ?? null,
      policyNames: d.first('policyNames', 'PolicyNames').strings() ?? [],
    };
  });
  if (!listeners) {
    r.notRecorded('listeners', 'The AWS Config item has no listenerDescriptions.');
    r.notRecorded('sslNegotiation', 'The AWS Config item has no listenerDescriptions.');
    return { properties: p, name, resourceId: name, arn: r.item.arn ?? undefined };
  }
  p.listeners = listeners;
  const policies = r.supp('LoadBalancerPolicies').list();
  if (!policies) r.notRecorded('sslNegotiation', 'The AWS Config item has no LoadBalancerPolicies in its supplementary configuration.');
  else {
    const read = policies.map((c) => ({
      name: c.first('policyName', 'PolicyName').str() ?? undefined,
      type: c.first('policyTypeName', 'PolicyTypeName').str() ?? undefined,
      attributes: (c.first('policyAttributeDescriptions', 'PolicyAttributeDescriptions').list() ?? []).map((a) => ({
        name: a.first('attributeName', 'AttributeName').str() ?? undefined,
        value: a.first('attributeValue', 'AttributeValue').str() ?? undefined,
      })),
    }));
    p.sslNegotiation = sslNegotiation(listeners, read);
  }
  return { properties: p, name, resourceId: name, arn: r.item.arn ?? undefined };
}
