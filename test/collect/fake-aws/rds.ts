import { resolveKey } from './kms.js';
import { ACCOUNT, REGION, nextHex, type AccountState, type DbInstanceState, type DbProxyState, type DbSnapshotState, type ParameterGroupState } from './state.js';
import { el, page, queryDoc, queryError, queryList, type Reply } from './wire.js';

const NS = 'http://rds.amazonaws.com/doc/2014-10-31/';
const arn = (kind: string, name: string) => `arn:aws:rds:${REGION}:${ACCOUNT}:${kind}:${name}`;

/** Default engine versions, for an instance created without one. */
const ENGINE_VERSION: Record<string, string> = { postgres: '16.3', mysql: '8.0.39', mariadb: '10.11.9' };

function groupXml(g: ParameterGroupState): string {
  return `<DBParameterGroup>${el('DBParameterGroupName', g.name)}${el('DBParameterGroupFamily', g.family)}${el('Description', g.description)}${el('DBParameterGroupArn', arn('pg', g.name))}</DBParameterGroup>`;
}

function instanceXml(d: DbInstanceState): string {
  const tags = Object.entries(d.tags).map(([k, v]) => `<Tag>${el('Key', k)}${el('Value', v)}</Tag>`).join('');
  return (
    `<DBInstance>${el('DBInstanceIdentifier', d.id)}${el('DbiResourceId', d.resourceId)}${el('DBInstanceArn', arn('db', d.id))}` +
    `${el('Engine', d.engine)}${el('EngineVersion', d.engineVersion)}${el('DBInstanceClass', d.instanceClass)}${el('DBInstanceStatus', 'available')}` +
    `${el('StorageEncrypted', d.storageEncrypted)}${el('KmsKeyId', d.kmsKeyArn)}${el('IAMDatabaseAuthenticationEnabled', d.iamAuth)}` +
    `${el('PubliclyAccessible', d.publiclyAccessible)}${el('DeletionProtection', d.deletionProtection)}` +
    `<DBParameterGroups><DBParameterGroup>${el('DBParameterGroupName', d.parameterGroup)}<ParameterApplyStatus>in-sync</ParameterApplyStatus></DBParameterGroup></DBParameterGroups>` +
    `<OptionGroupMemberships><OptionGroupMembership>${el('OptionGroupName', `default:${d.engine}`)}<Status>in-sync</Status></OptionGroupMembership></OptionGroupMemberships>` +
    `<CACertificateIdentifier>rds-ca-rsa2048-g1</CACertificateIdentifier><TagList>${tags}</TagList></DBInstance>`
  );
}

function snapshotXml(s: DbSnapshotState): string {
  return (
    `<DBSnapshot>${el('DBSnapshotIdentifier', s.id)}${el('DBInstanceIdentifier', s.instanceId)}${el('Engine', s.engine)}<SnapshotType>manual</SnapshotType>` +
    `${el('Encrypted', s.encrypted)}${el('DBSnapshotArn', arn('snapshot', s.id))}</DBSnapshot>`
  );
}

/** A proxy's ARN names a made-up resource id, as RDS's `prx-…` ids do. */
const proxyArn = (p: DbProxyState) => arn('db-proxy', `prx-${p.name}`);

function proxyXml(p: DbProxyState): string {
  return (
    `<member>${el('DBProxyName', p.name)}${el('DBProxyArn', proxyArn(p))}<Status>available</Status>${el('EngineFamily', p.engineFamily)}<VpcId>vpc-0wire</VpcId>` +
    `${el('RequireTLS', p.requireTls)}<DebugLogging>false</DebugLogging>${el('RoleArn', `arn:aws:iam::${ACCOUNT}:role/${p.name}-proxy`)}` +
    `<Auth><member><AuthScheme>SECRETS</AuthScheme>${el('SecretArn', p.secretArn)}<IAMAuth>DISABLED</IAMAuth></member></Auth></member>`
  );
}

function createInstance(state: AccountState, p: URLSearchParams): Reply {
  const id = p.get('DBInstanceIdentifier') ?? '';
  if (state.instances.has(id)) return queryError('DBInstanceAlreadyExists', `DB instance ${id} already exists`);
  const engine = p.get('Engine') ?? '';
  const encrypted = p.get('StorageEncrypted') === 'true';
  const keyRef = p.get('KmsKeyId');
  if (keyRef && !encrypted) return queryError('InvalidParameterCombination', 'KmsKeyId requires StorageEncrypted');
  // Without a key of the user's, RDS encrypts with the AWS managed key aws/rds.
  const key = encrypted ? resolveKey(state, keyRef ?? 'alias/aws/rds') : undefined;
  if (encrypted && !key) return queryError('KMSKeyNotAccessibleFault', `KMS key ${keyRef} not found`);
  let group = p.get('DBParameterGroupName');
  if (!group) {
    group = `default.${engine}`;
    if (!state.parameterGroups.has(group)) state.parameterGroups.set(group, { name: group, family: engine, description: `Default parameter group for ${engine}`, parameters: {} });
  }
  if (!state.parameterGroups.has(group)) return queryError('DBParameterGroupNotFound', `DBParameterGroup ${group} not found`);
  const tags: Record<string, string> = {};
  for (const t of queryList(p, 'Tags.Tag')) if (t.Key) tags[t.Key] = t.Value ?? '';
  const d: DbInstanceState = {
    id,
    resourceId: `db-${nextHex(state, 26).toUpperCase()}`,
    engine,
    engineVersion: p.get('EngineVersion') ?? ENGINE_VERSION[engine] ?? '1.0',
    instanceClass: p.get('DBInstanceClass') ?? 'db.t4g.micro',
    storageEncrypted: encrypted,
    ...(key ? { kmsKeyArn: key.arn } : {}),
    parameterGroup: group,
    iamAuth: p.get('EnableIAMDatabaseAuthentication') === 'true',
    publiclyAccessible: p.get('PubliclyAccessible') === 'true',
    deletionProtection: p.get('DeletionProtection') === 'true',
    tags,
  };
  state.instances.set(id, d);
  return queryDoc('CreateDBInstance', NS, instanceXml(d));
}

/** RDS (query protocol, XML answers): parameter groups, instances, their default option groups and manual snapshots and proxies; no clusters. */
export function rds(state: AccountState, action: string, p: URLSearchParams, pageSize: number | undefined): Reply | undefined {
  switch (action) {
    case 'CreateDBParameterGroup': {
      const name = p.get('DBParameterGroupName') ?? '';
      if (state.parameterGroups.has(name)) return queryError('DBParameterGroupAlreadyExists', `Parameter group ${name} already exists`);
      const g: ParameterGroupState = { name, family: p.get('DBParameterGroupFamily') ?? '', description: p.get('Description') ?? '', parameters: {} };
      state.parameterGroups.set(name, g);
      return queryDoc(action, NS, groupXml(g));
    }
    case 'ModifyDBParameterGroup': {
      const name = p.get('DBParameterGroupName') ?? '';
      const g = state.parameterGroups.get(name);
      if (!g) return queryError('DBParameterGroupNotFound', `DBParameterGroup ${name} not found`, 404);
      const changes = queryList(p, 'Parameters.Parameter').filter((x) => x.ParameterName);
      // AWS requires at least one; an empty list here means the request was not understood, which must not pass silently.
      if (changes.length === 0) return queryError('InvalidParameterValue', 'Parameters: at least one parameter is required');
      for (const param of changes) g.parameters[param.ParameterName!] = param.ParameterValue ?? '';
      return queryDoc(action, NS, el('DBParameterGroupName', name));
    }
    case 'CreateDBInstance':
      return createInstance(state, p);
    case 'DescribeDBInstances': {
      const only = p.get('DBInstanceIdentifier');
      const list = [...state.instances.values()].filter((d) => !only || d.id === only);
      if (only && list.length === 0) return queryError('DBInstanceNotFound', `DBInstance ${only} not found`, 404);
      const { items, next } = page(list, p.get('Marker'), pageSize);
      return queryDoc(action, NS, `<DBInstances>${items.map(instanceXml).join('')}</DBInstances>${el('Marker', next)}`);
    }
    case 'DescribeDBParameterGroups':
      return queryDoc(action, NS, `<DBParameterGroups>${[...state.parameterGroups.values()].map(groupXml).join('')}</DBParameterGroups>`);
    case 'DescribeDBParameters': {
      const name = p.get('DBParameterGroupName') ?? '';
      const g = state.parameterGroups.get(name);
      if (!g) return queryError('DBParameterGroupNotFound', `DBParameterGroup ${name} not found`, 404);
      const { items, next } = page(Object.entries(g.parameters), p.get('Marker'), pageSize);
      const params = items.map(([k, v]) => `<Parameter>${el('ParameterName', k)}${el('ParameterValue', v)}<Source>user</Source><ApplyType>dynamic</ApplyType></Parameter>`).join('');
      return queryDoc(action, NS, `<Parameters>${params}</Parameters>${el('Marker', next)}`);
    }
    case 'DescribeDBClusters':
      return queryDoc(action, NS, '<DBClusters/>');
    case 'DescribeDBClusterParameterGroups':
      return queryDoc(action, NS, '<DBClusterParameterGroups/>');
    case 'DescribeDBSnapshots':
      return queryDoc(action, NS, `<DBSnapshots>${[...state.dbSnapshots.values()].map(snapshotXml).join('')}</DBSnapshots>`);
    case 'DescribeDBSnapshotAttributes': {
      const s = state.dbSnapshots.get(p.get('DBSnapshotIdentifier') ?? '');
      if (!s) return queryError('DBSnapshotNotFound', `DBSnapshot ${p.get('DBSnapshotIdentifier')} not found`, 404);
      const values = s.restore.map((v) => el('AttributeValue', v)).join('');
      return queryDoc(
        action,
        NS,
        `<DBSnapshotAttributesResult>${el('DBSnapshotIdentifier', s.id)}<DBSnapshotAttributes><DBSnapshotAttribute><AttributeName>restore</AttributeName><AttributeValues>${values}</AttributeValues></DBSnapshotAttribute></DBSnapshotAttributes></DBSnapshotAttributesResult>`,
      );
    }
    case 'DescribeDBProxies': {
      const { items, next } = page([...state.dbProxies.values()], p.get('Marker'), pageSize);
      return queryDoc(action, NS, `<DBProxies>${items.map(proxyXml).join('')}</DBProxies>${el('Marker', next)}`);
    }
    case 'ListTagsForResource': {
      // Only proxies are asked for their tags; instances carry theirs in DescribeDBInstances.
      const proxy = [...state.dbProxies.values()].find((x) => proxyArn(x) === p.get('ResourceName'));
      if (!proxy) return undefined;
      const tags = Object.entries(proxy.tags).map(([k, v]) => `<Tag>${el('Key', k)}${el('Value', v)}</Tag>`).join('');
      return queryDoc(action, NS, `<TagList>${tags}</TagList>`);
    }
    case 'DescribeDBClusterSnapshots':
      return queryDoc(action, NS, '<DBClusterSnapshots/>');
    case 'DescribeOptionGroups': {
      // Each engine in use has its default option group, without options.
      const engines = [...new Set([...state.instances.values()].map((d) => d.engine))];
      const groups = engines.map((e) => `<OptionGroup>${el('OptionGroupName', `default:${e}`)}${el('EngineName', e)}<Options/></OptionGroup>`).join('');
      return queryDoc(action, NS, `<OptionGroupsList>${groups}</OptionGroupsList>`);
    }
    default:
      return undefined;
  }
}
