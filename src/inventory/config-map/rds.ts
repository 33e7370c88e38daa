import type { Cursor } from './cursor.js';
import { put, type ItemReader, type MappedResource } from './item.js';

/** `DBSnapshotAttributes` / `DBClusterSnapshotAttributes`: the accounts in the `restore` attribute ('all' = public). */
function restoreValues(r: ItemReader, key: string): string[] | undefined {
  const attrs = r.supp(key);
  if (attrs.missing) {
    r.notRecorded('restoreAttributeValues', `The AWS Config item has no ${key}.`);
    return undefined;
  }
  const list = attrs.list() ?? [];
  const restore = list.find((a) => a.first('attributeName', 'AttributeName').str() === 'restore');
  return restore?.first('attributeValues', 'AttributeValues').strings() ?? [];
}

function bool(c: Cursor): boolean | undefined {
  return c.bool() ?? undefined;
}

export function mapInstance(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const id = r.conf('dBInstanceIdentifier', 'dbInstanceIdentifier').str() ?? r.item.resourceName ?? undefined;
  put(p, 'dbInstanceIdentifier', id);
  put(p, 'engine', r.conf('engine').str() ?? undefined);
  put(p, 'engineVersion', r.conf('engineVersion').str());
  put(p, 'dbInstanceClass', r.conf('dBInstanceClass', 'dbInstanceClass').str());
  p.dbClusterIdentifier = r.conf('dBClusterIdentifier', 'dbClusterIdentifier').str() ?? null;
  put(p, 'storageEncrypted', bool(r.conf('storageEncrypted')));
  p.kmsKeyId = r.conf('kmsKeyId').str() ?? null;
  put(p, 'iamDatabaseAuthenticationEnabled', bool(r.conf('iAMDatabaseAuthenticationEnabled', 'iamDatabaseAuthenticationEnabled')));
  put(p, 'publiclyAccessible', bool(r.conf('publiclyAccessible')));
  put(p, 'deletionProtection', bool(r.conf('deletionProtection')));
  const groups = r.conf('dBParameterGroups', 'dbParameterGroups').list();
  if (groups) {
    p.dbParameterGroups = groups.map((g) => {
      const out: Record<string, unknown> = {};
      put(out, 'name', g.first('dBParameterGroupName', 'dbParameterGroupName').str() ?? undefined);
      put(out, 'applyStatus', g.first('parameterApplyStatus').str() ?? undefined);
      return out;
    });
  }
  put(p, 'caCertificateIdentifier', r.conf('cACertificateIdentifier', 'caCertificateIdentifier').str());
  const options = r.conf('optionGroupMemberships').list();
  if (options) p.optionGroupNames = options.flatMap((o) => o.first('optionGroupName').str() ?? []);
  return { properties: p, name: id, arn: r.item.arn ?? r.conf('dBInstanceArn').str() ?? undefined };
}

export function mapCluster(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const id = r.conf('dbclusterIdentifier', 'dBClusterIdentifier', 'dbClusterIdentifier').str() ?? r.item.resourceName ?? undefined;
  put(p, 'dbClusterIdentifier', id);
  put(p, 'engine', r.conf('engine').str() ?? undefined);
  put(p, 'engineVersion', r.conf('engineVersion').str());
  put(p, 'engineMode', r.conf('engineMode').str());
  put(p, 'storageEncrypted', bool(r.conf('storageEncrypted')));
  p.kmsKeyId = r.conf('kmsKeyId').str() ?? null;
  put(p, 'iamDatabaseAuthenticationEnabled', bool(r.conf('iamdatabaseAuthenticationEnabled', 'iAMDatabaseAuthenticationEnabled', 'iamDatabaseAuthenticationEnabled')));
  put(p, 'deletionProtection', bool(r.conf('deletionProtection')));
  put(p, 'dbClusterParameterGroup', r.conf('dbclusterParameterGroup', 'dBClusterParameterGroup', 'dbClusterParameterGroup').str());
  const members = r.conf('dbclusterMembers', 'dBClusterMembers', 'dbClusterMembers').list();
  if (members) {
    p.members = members.map((m) => {
      const out: Record<string, unknown> = {};
      put(out, 'dbInstanceIdentifier', m.first('dbinstanceIdentifier', 'dBInstanceIdentifier', 'dbInstanceIdentifier').str() ?? undefined);
      put(out, 'isClusterWriter', bool(m.first('isClusterWriter', 'clusterWriter')));
      put(out, 'parameterGroupStatus', m.first('dbclusterParameterGroupStatus', 'dBClusterParameterGroupStatus').str());
      return out;
    });
  }
  return { properties: p, name: id, arn: r.item.arn ?? r.conf('dbclusterArn').str() ?? undefined };
}

export function mapSnapshot(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const id = r.conf('dBSnapshotIdentifier', 'dbSnapshotIdentifier').str() ?? r.item.resourceName ?? undefined;
  put(p, 'snapshotIdentifier', id);
  put(p, 'sourceIdentifier', r.conf('dBInstanceIdentifier', 'dbInstanceIdentifier').str());
  put(p, 'engine', r.conf('engine').str());
  put(p, 'snapshotType', r.conf('snapshotType').str());
  put(p, 'encrypted', bool(r.conf('encrypted')));
  p.kmsKeyId = r.conf('kmsKeyId').str() ?? null;
  put(p, 'restoreAttributeValues', restoreValues(r, 'DBSnapshotAttributes'));
  return { properties: p, name: id, arn: r.item.arn ?? r.conf('dBSnapshotArn').str() ?? undefined };
}

export function mapClusterSnapshot(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const id = r.conf('dbclusterSnapshotIdentifier', 'dBClusterSnapshotIdentifier').str() ?? r.item.resourceName ?? undefined;
  put(p, 'snapshotIdentifier', id);
  put(p, 'sourceIdentifier', r.conf('dbclusterIdentifier', 'dBClusterIdentifier').str());
  put(p, 'engine', r.conf('engine').str());
  put(p, 'snapshotType', r.conf('snapshotType').str());
  put(p, 'encrypted', bool(r.conf('storageEncrypted')));
  p.kmsKeyId = r.conf('kmsKeyId').str() ?? null;
  put(p, 'restoreAttributeValues', restoreValues(r, 'DBClusterSnapshotAttributes'));
  return { properties: p, name: id, arn: r.item.arn ?? r.conf('dbclusterSnapshotArn').str() ?? undefined };
}
