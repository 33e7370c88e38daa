import { dropInvalidHeaderFields } from '../elbv2-attributes.js';
import { listenerProperties } from '../elbv2-listener.js';
import { InputError } from '../../errors.js';
import type { Cursor } from './cursor.js';
import { put, type ItemReader, type MappedResource } from './item.js';

/** The Config type of ELB v2 listeners: not a resource of the model, but part of their load balancer. */
export const LISTENER_TYPE = 'AWS::ElasticLoadBalancingV2::Listener';

/**
 * Config records an Application, Network or Gateway Load Balancer's name, type,
 * scheme and DNS name, and its attributes in `supplementaryConfiguration.LoadBalancerAttributes`.
 * Its listeners are separate `AWS::ElasticLoadBalancingV2::Listener` items, which the
 * import joins to the load balancer once every item is read. The name is the id, as
 * the collector has it (Config's resource id is the ARN).
 */
export function mapLoadBalancerV2(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const name = r.conf('loadBalancerName', 'LoadBalancerName').str() ?? r.item.resourceName ?? r.item.resourceId;
  put(p, 'loadBalancerName', name);
  put(p, 'type', r.conf('type', 'Type').str() ?? null);
  put(p, 'scheme', r.conf('scheme', 'Scheme').str() ?? null);
  put(p, 'dnsName', r.conf('dNSName', 'dnsName', 'DNSName').str() ?? null);
  const attributes = r.supp('LoadBalancerAttributes').list();
  if (!attributes) r.notRecorded('dropInvalidHeaderFields', 'The AWS Config item has no LoadBalancerAttributes in its supplementary configuration.');
  else {
    const read = attributes.map((a) => ({ key: a.first('key', 'Key').str() ?? undefined, value: a.first('value', 'Value').str() ?? undefined }));
    p.dropInvalidHeaderFields = dropInvalidHeaderFields(read);
  }
  const arn = r.item.arn ?? r.conf('loadBalancerArn', 'LoadBalancerArn').str() ?? undefined;
  return { properties: p, name, resourceId: name, ...(arn ? { arn } : {}) };
}

/** A listener item, read: the load balancer it belongs to and the listener in the model's terms. */
export interface MappedListener {
  loadBalancerArn: string;
  listener: Record<string, unknown>;
}

/**
 * One `AWS::ElasticLoadBalancingV2::Listener` item as the collector's listener.
 * Config records a listener's certificates with `IsDefault`; DescribeListeners,
 * which the collector reads, gives only the default certificate, so only that one is kept.
 * What every listener has (its load balancer, protocol and default actions, and
 * the certificates of an HTTPS or TLS listener) missing from the item makes the item
 * malformed: left out, it would make its load balancer's listener list look complete.
 */
export function mapListener(r: ItemReader): MappedListener {
  const lb = r.conf('LoadBalancerArn', 'loadBalancerArn');
  const loadBalancerArn = lb.str() || missing(r, lb);
  const proto = r.conf('Protocol', 'protocol');
  const protocol = proto.str() || missing(r, proto);
  const certs = r.conf('Certificates', 'certificates');
  const certificates = certs.list() ?? (SECURE.has(protocol) ? missing(r, certs) : []);
  const acts = r.conf('DefaultActions', 'defaultActions');
  const actions = acts.list() ?? missing(r, acts);
  const listener = listenerProperties({
    ListenerArn: r.conf('ListenerArn', 'listenerArn').str() ?? r.item.arn ?? r.item.resourceId,
    Protocol: protocol,
    Port: r.conf('Port', 'port').int() ?? undefined,
    SslPolicy: r.conf('SslPolicy', 'sslPolicy').str() ?? undefined,
    Certificates: certificates
      .filter((c) => c.first('IsDefault', 'isDefault').bool() !== false)
      .map((c) => ({ CertificateArn: c.first('CertificateArn', 'certificateArn').str() ?? undefined })),
    DefaultActions: actions.map((a) => ({
      Type: a.first('Type', 'type').str() ?? undefined,
      RedirectConfig: { Protocol: a.first('RedirectConfig.Protocol', 'redirectConfig.protocol').str() ?? undefined },
    })),
  });
  return { loadBalancerArn, listener };
}

/** Listener protocols that carry a certificate. */
const SECURE = new Set(['HTTPS', 'TLS']);

/** The InputError for a field every listener has, missing from the item. */
function missing(r: ItemReader, c: Cursor): never {
  throw new InputError(`${r.file}: ${c.pointer}: missing (every ${LISTENER_TYPE} has it)`);
}
