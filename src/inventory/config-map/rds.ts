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
  // Config items recorded before AWS added CertificateDetails lack it: the expiry is then unknown.
  put(p, 'certificateValidTill', r.conf('certificateDetails.validTill').date() ?? undefined);
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

/**
 * An option group, with the two Oracle options that decide encryption in transit, as the live collector
 * models them (DescribeOptionGroups). Config records the options as `OptionConfigurations`; an item
 * without that list says nothing about the options, so both stay unknown rather than "none".
 */
export function mapOptionGroup(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const name = r.conf('OptionGroupName', 'optionGroupName').str() ?? r.item.resourceName ?? undefined;
  put(p, 'name', name);
  p.engineName = r.conf('EngineName', 'engineName').str() ?? null;
  p.majorEngineVersion = r.conf('MajorEngineVersion', 'majorEngineVersion').str() ?? null;
  const options = r.conf('OptionConfigurations', 'optionConfigurations').list();
  if (options === undefined || options === null) {
    const why = 'The AWS Config item has no OptionConfigurations.';
    r.notRecorded('sslOption', why);
    r.notRecorded('nativeNetworkEncryptionServer', why);
  } else {
    const optionName = (o: Cursor) => o.first('OptionName', 'optionName').str();
    p.sslOption = options.some((o) => optionName(o) === 'SSL');
    const nne = options.find((o) => optionName(o) === 'NATIVE_NETWORK_ENCRYPTION');
    const server = nne
      ?.first('OptionSettings', 'optionSettings')
      .list()
      ?.find((s) => s.first('Name', 'name').str() === 'SQLNET.ENCRYPTION_SERVER')
      ?.first('Value', 'value')
      .str();
    // Without the setting Oracle's default (REQUESTED) applies, which does not refuse clear text.
    p.nativeNetworkEncryptionServer = nne ? (server ?? 'REQUESTED') : null;
  }
  return { properties: p, name, arn: r.item.arn ?? undefined };
}
