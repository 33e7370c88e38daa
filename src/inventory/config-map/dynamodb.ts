import { put, type ItemReader, type MappedResource } from './item.js';

export function mapTable(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const name = r.conf('tableName').str() ?? r.item.resourceName ?? r.item.resourceId;
  put(p, 'tableName', name);
  put(p, 'tableStatus', r.conf('tableStatus').str());
  const sse = r.conf('ssedescription', 'sSEDescription', 'sseDescription');
  // DescribeTable has no SSEDescription for a table on the default AWS owned key, and Config records the whole description.
  if (!sse.object()) {
    p.sse = null;
  } else {
    const out: Record<string, unknown> = {};
    put(out, 'status', sse.at('status').str() ?? undefined);
    put(out, 'sseType', sse.first('ssetype', 'sSEType', 'sseType').str());
    put(out, 'kmsMasterKeyArn', sse.first('kmsmasterKeyArn', 'kMSMasterKeyArn', 'kmsMasterKeyArn').str() ?? null);
    p.sse = out;
  }
  return { properties: p, name, arn: r.item.arn ?? r.conf('tableArn').str() ?? undefined };
}
