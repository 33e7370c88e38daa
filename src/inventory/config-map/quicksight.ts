import { put, type ItemReader, type MappedResource } from './item.js';

/** Config records a data source as DescribeDataSource gives it, without the secret its credentials are kept in. */
export function mapDataSource(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const id = r.conf('DataSourceId').str() ?? r.item.resourceId;
  put(p, 'dataSourceType', r.conf('Type').str() ?? null);
  put(p, 'status', r.conf('Status').str() ?? null);
  // SslProperties is only recorded when set; QuickSight uses SSL unless DisableSsl is true.
  const disabled = r.conf('SslProperties.DisableSsl').bool();
  put(p, 'sslDisabled', disabled === true);
  put(p, 'vpcConnectionArn', r.conf('VpcConnectionProperties.VpcConnectionArn').str() ?? null);
  r.notRecorded('secretArn', 'The AWS Config resource schema lists no secret for a QuickSight data source.');
  return { properties: p, name: r.conf('Name').str() ?? undefined, resourceId: id, arn: r.item.arn ?? r.conf('Arn').str() ?? undefined };
}
