import { put, type ItemReader, type MappedResource } from './item.js';

export function mapRedshiftCluster(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const id = r.conf('clusterIdentifier').str() ?? r.item.resourceName ?? r.item.resourceId;
  put(p, 'clusterIdentifier', id);
  put(p, 'encrypted', r.conf('encrypted').bool() ?? undefined);
  p.kmsKeyId = r.conf('kmsKeyId').str() || null;
  p.hsmConfigurationIdentifier = r.conf('hsmStatus.hsmConfigurationIdentifier').str() || null;
  put(p, 'publiclyAccessible', r.conf('publiclyAccessible').bool() ?? undefined);
  const groups = r.conf('clusterParameterGroups').list();
  if (groups) {
    p.clusterParameterGroups = groups.map((g) => {
      const out: Record<string, unknown> = {};
      put(out, 'name', g.first('parameterGroupName').str() ?? undefined);
      const status = g.first('parameterApplyStatus').str() ?? undefined;
      put(out, 'applyStatus', status);
      // As DescribeClusters: require_ssl's own entry in the status list decides; without one, the group's status is all there is.
      const own = (g.first('clusterParameterStatusList').list() ?? []).find((x) => x.first('parameterName').str() === 'require_ssl');
      put(out, 'requireSslApplyStatus', own?.first('parameterApplyStatus').str() ?? status);
      return out;
    });
  }
  return { properties: p, name: id, resourceId: id, arn: r.item.arn ?? undefined };
}

/** Config keeps a parameter group's parameters in supplementaryConfiguration.Parameters. */
export function mapRedshiftParameterGroup(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const name = r.conf('parameterGroupName').str() ?? r.item.resourceName ?? r.item.resourceId;
  put(p, 'name', name);
  p.family = r.conf('parameterGroupFamily').str() ?? null;
  p.description = r.conf('description').str() ?? null;
  const list = r.supp('Parameters').list();
  if (list === undefined || list === null) r.notRecorded('parameters', 'The AWS Config item has no Parameters for this parameter group.');
  else {
    const requireSsl = list.find((x) => x.first('parameterName', 'ParameterName').str() === 'require_ssl');
    p.parameters = { require_ssl: requireSsl?.first('parameterValue', 'ParameterValue').str() ?? null };
  }
  return { properties: p, name, resourceId: name, arn: r.item.arn ?? undefined };
}
