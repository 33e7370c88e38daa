import { DescribeDBProxiesCommand, ListTagsForResourceCommand, type DBProxy } from '@aws-sdk/client-rds';
import { tagMap, type Collector } from './context.js';
import { declarativeCollector, tagsFrom } from './declarative.js';

/** The described proxy, in the model's terms. */
export function proxyProperties(p: DBProxy): Record<string, unknown> {
  return {
    status: p.Status ?? null,
    engineFamily: p.EngineFamily ?? null,
    requireTls: p.RequireTLS,
    debugLogging: p.DebugLogging,
    vpcId: p.VpcId ?? null,
    roleArn: p.RoleArn ?? null,
    defaultAuthScheme: p.DefaultAuthScheme ?? null,
    auth: (p.Auth ?? []).map((a) => ({
      authScheme: a.AuthScheme ?? null,
      iamAuth: a.IAMAuth ?? null,
      secretArn: a.SecretArn ?? null,
      clientPasswordAuthType: a.ClientPasswordAuthType ?? null,
    })),
  };
}

/**
 * RDS Proxies of the region: whether clients must connect with TLS, debug
 * logging of SQL text, and the secrets they sign in with. The reference marks
 * no member of DBProxy as always returned and does not say what a missing
 * RequireTLS or DebugLogging means: they are left unknown, never read as false.
 */
export const rdsProxyCollector: Collector = declarativeCollector({
  service: 'rds',
  client: 'rds',
  resourceType: 'AWS::RDS::DBProxy',
  list: {
    operation: 'rds:DescribeDBProxies',
    page: (rds, t) => rds.send(new DescribeDBProxiesCommand({ MaxRecords: 100, ...(t ? { Marker: t } : {}) })),
    items: (o) => o.DBProxies,
    next: (o) => o.Marker,
  },
  id: (p: DBProxy) => (p.DBProxyArn ? p.DBProxyName : undefined),
  idField: 'DBProxyArn or DBProxyName',
  arn: (_ctx, p) => p.DBProxyArn!,
  listed: (p) => proxyProperties(p),
  unreported: (p) => ({ requireTls: p.RequireTLS, debugLogging: p.DebugLogging }),
  reads: [
    tagsFrom({
      operation: 'rds:ListTagsForResource',
      send: (rds, _p, proxy) => rds.send(new ListTagsForResourceCommand({ ResourceName: proxy.arn })),
      map: (o) => tagMap(o.TagList),
    }),
  ],
});
