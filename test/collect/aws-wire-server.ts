import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback.js';

/**
 * A small stand-in for AWS on 127.0.0.1, answering in each service's wire
 * format: REST-XML (S3, S3 Control), query XML (STS, EC2, RDS, SNS), JSON 1.1
 * (KMS), JSON 1.0 (DynamoDB, SQS), REST-JSON (Lambda). The first request of
 * selected list operations is answered with a throttling error, and those lists
 * come in two pages, so retries and pagination are exercised end to end.
 */
export const ACCOUNT = '123456789012';
const OWNER = 'c0ffee0000000000000000000000000000000000000000000000000000000000';
const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

interface Reply {
  status?: number;
  type?: 'xml' | 'json' | 'text';
  body: string;
  headers?: Record<string, string>;
}

const xml = (body: string, status = 200): Reply => ({ status, type: 'xml', body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}` });
const json = (body: unknown, status = 200): Reply => ({ status, type: 'json', body: JSON.stringify(body) });
const jsonError = (type: string, message: string, status = 400, queryCode?: string): Reply => ({
  ...json({ __type: type, message }, status),
  // SQS's JSON protocol keeps its query-era error codes in this header.
  ...(queryCode ? { headers: { 'x-amzn-query-error': `${queryCode};Sender` } } : {}),
});
const s3Error = (code: string, status: number) => xml(`<Error><Code>${code}</Code><Message>${code}</Message><RequestId>r1</RequestId></Error>`, status);
const queryError = (code: string, status = 400) =>
  xml(`<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>Rate exceeded</Message></Error><RequestId>r1</RequestId></ErrorResponse>`, status);
const ec2Error = (code: string, status = 503) =>
  xml(`<Response><Errors><Error><Code>${code}</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r1</RequestID></Response>`, status);

/** The buckets the fake account holds, by name: region and how each sub-resource answers. */
const BUCKETS: Record<string, { region: string; encrypted: boolean; policy?: string; pab: boolean }> = {
  'wire-encrypted': {
    region: 'eu-west-1',
    encrypted: true,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::wire-encrypted', 'arn:aws:s3:::wire-encrypted/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
    }),
    pab: true,
  },
  'wire-plain': { region: 'eu-west-1', encrypted: false, pab: false },
  'wire-elsewhere': { region: 'us-west-2', encrypted: false, pab: false },
};

function s3(path: string, query: URLSearchParams, count: (key: string) => number): Reply {
  if (path === '/v20180820/configuration/publicAccessBlock') {
    return xml('<PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>');
  }
  if (path === '/') {
    if (count('s3:ListBuckets') === 1) return s3Error('SlowDown', 503);
    const second = query.get('continuation-token') === 'next';
    const names = second ? ['wire-plain', 'wire-elsewhere'] : ['wire-encrypted'];
    const items = names.map((n) => `<Bucket><Name>${n}</Name><CreationDate>2024-01-02T03:04:05.000Z</CreationDate></Bucket>`).join('');
    return xml(`<ListAllMyBucketsResult><Owner><ID>${OWNER}</ID></Owner><Buckets>${items}</Buckets>${second ? '' : '<ContinuationToken>next</ContinuationToken>'}</ListAllMyBucketsResult>`);
  }
  const name = decodeURIComponent(path.split('/')[1] ?? '');
  const b = BUCKETS[name];
  if (!b) return s3Error('NoSuchBucket', 404);
  if (query.has('location')) return xml(`<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${b.region === 'us-east-1' ? '' : b.region}</LocationConstraint>`);
  if (query.has('encryption')) {
    if (!b.encrypted) return s3Error('ServerSideEncryptionConfigurationNotFoundError', 404);
    return xml(`<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm><KMSMasterKeyID>${KEY_ARN}</KMSMasterKeyID></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>true</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>`);
  }
  if (query.has('policyStatus')) return b.policy ? xml('<PolicyStatus><IsPublic>false</IsPublic></PolicyStatus>') : s3Error('NoSuchBucketPolicy', 404);
  if (query.has('policy')) return b.policy ? { type: 'json', body: b.policy } : s3Error('NoSuchBucketPolicy', 404);
  if (query.has('publicAccessBlock')) {
    if (!b.pab) return s3Error('NoSuchPublicAccessBlockConfiguration', 404);
    return xml('<PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>');
  }
  if (query.has('versioning')) return xml(b.encrypted ? '<VersioningConfiguration><Status>Enabled</Status><MfaDelete>Disabled</MfaDelete></VersioningConfiguration>' : '<VersioningConfiguration/>');
  if (query.has('acl')) {
    return xml(
      `<AccessControlPolicy><Owner><ID>${OWNER}</ID></Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>${OWNER}</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>`,
    );
  }
  if (query.has('ownershipControls')) return xml('<OwnershipControls><Rule><ObjectOwnership>BucketOwnerEnforced</ObjectOwnership></Rule></OwnershipControls>');
  if (query.has('logging')) return xml('<BucketLoggingStatus xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>');
  if (query.has('tagging')) return b.encrypted ? xml('<Tagging><TagSet><Tag><Key>team</Key><Value>data</Value></Tag></TagSet></Tagging>') : s3Error('NoSuchTagSet', 404);
  return s3Error('NotImplemented', 501);
}

function sts(action: string): Reply {
  if (action !== 'GetCallerIdentity') return queryError('InvalidAction');
  return xml(
    `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${ACCOUNT}:user/auditor</Arn><UserId>AIDAEXAMPLE</UserId><Account>${ACCOUNT}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
  );
}

const ec2Doc = (action: string, inner: string) => xml(`<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r1</requestId>${inner}</${action}Response>`);

function ec2(action: string, params: URLSearchParams, count: (key: string) => number): Reply {
  switch (action) {
    case 'DescribeRegions': {
      const regions: [string, string][] = [['eu-west-1', 'opt-in-not-required'], ['us-west-2', 'opt-in-not-required'], ['af-south-1', 'not-opted-in']];
      return ec2Doc(action, `<regionInfo>${regions.map(([n, s]) => `<item><regionName>${n}</regionName><regionEndpoint>ec2.${n}.amazonaws.com</regionEndpoint><optInStatus>${s}</optInStatus></item>`).join('')}</regionInfo>`);
    }
    case 'DescribeVolumes': {
      if (count('ec2:DescribeVolumes') === 1) return ec2Error('RequestLimitExceeded');
      const second = params.get('NextToken') === 'vol-page-2';
      const vol = (id: string, encrypted: boolean) =>
        `<item><volumeId>${id}</volumeId><size>8</size><snapshotId/><availabilityZone>eu-west-1a</availabilityZone><status>in-use</status><createTime>2024-01-01T00:00:00.000Z</createTime><attachmentSet><item><volumeId>${id}</volumeId><instanceId>i-0abc</instanceId><device>/dev/xvda</device><status>attached</status></item></attachmentSet><volumeType>gp3</volumeType><encrypted>${encrypted}</encrypted>${encrypted ? `<kmsKeyId>${KEY_ARN}</kmsKeyId>` : ''}<tagSet><item><key>Name</key><value>${id}-name</value></item></tagSet></item>`;
      return ec2Doc(action, second ? `<volumeSet>${vol('vol-0002', false)}</volumeSet>` : `<volumeSet>${vol('vol-0001', true)}</volumeSet><nextToken>vol-page-2</nextToken>`);
    }
    case 'DescribeSnapshots':
      return ec2Doc(action, `<snapshotSet><item><snapshotId>snap-0001</snapshotId><volumeId>vol-0002</volumeId><status>completed</status><ownerId>${ACCOUNT}</ownerId><encrypted>false</encrypted><volumeSize>8</volumeSize></item></snapshotSet>`);
    case 'DescribeSnapshotAttribute':
      return ec2Doc(action, `<snapshotId>${params.get('SnapshotId')}</snapshotId><createVolumePermission><item><group>all</group></item></createVolumePermission>`);
    case 'GetEbsEncryptionByDefault':
      return ec2Doc(action, '<ebsEncryptionByDefault>false</ebsEncryptionByDefault>');
    case 'GetEbsDefaultKmsKeyId':
      return ec2Doc(action, '<kmsKeyId>alias/aws/ebs</kmsKeyId>');
    default:
      return ec2Error('InvalidAction', 400);
  }
}

const rdsDoc = (action: string, inner: string) =>
  xml(`<${action}Response xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></${action}Response>`);

function rds(action: string, params: URLSearchParams, count: (key: string) => number): Reply {
  switch (action) {
    case 'DescribeDBInstances': {
      if (count('rds:DescribeDBInstances') === 1) return queryError('Throttling');
      const second = params.get('Marker') === 'db-page-2';
      const db = (id: string, encrypted: boolean) =>
        `<DBInstance><DBInstanceIdentifier>${id}</DBInstanceIdentifier><DbiResourceId>db-${id.toUpperCase()}</DbiResourceId><DBInstanceArn>arn:aws:rds:eu-west-1:${ACCOUNT}:db:${id}</DBInstanceArn><Engine>postgres</Engine><EngineVersion>16.3</EngineVersion><DBInstanceClass>db.t4g.micro</DBInstanceClass><StorageEncrypted>${encrypted}</StorageEncrypted>${encrypted ? `<KmsKeyId>${KEY_ARN}</KmsKeyId>` : ''}<IAMDatabaseAuthenticationEnabled>false</IAMDatabaseAuthenticationEnabled><PubliclyAccessible>false</PubliclyAccessible><DeletionProtection>true</DeletionProtection><DBParameterGroups><DBParameterGroup><DBParameterGroupName>tls-pg</DBParameterGroupName><ParameterApplyStatus>in-sync</ParameterApplyStatus></DBParameterGroup></DBParameterGroups><CACertificateIdentifier>rds-ca-rsa2048-g1</CACertificateIdentifier><TagList><Tag><Key>env</Key><Value>prod</Value></Tag></TagList></DBInstance>`;
      return rdsDoc(action, second ? `<DBInstances>${db('orders', false)}</DBInstances>` : `<DBInstances>${db('billing', true)}</DBInstances><Marker>db-page-2</Marker>`);
    }
    case 'DescribeDBClusters':
    case 'DescribeDBClusterParameterGroups':
    case 'DescribeDBClusterSnapshots': {
      const list = { DescribeDBClusters: 'DBClusters', DescribeDBClusterParameterGroups: 'DBClusterParameterGroups', DescribeDBClusterSnapshots: 'DBClusterSnapshots' }[action];
      return rdsDoc(action, `<${list}/>`);
    }
    case 'DescribeDBParameterGroups':
      return rdsDoc(action, `<DBParameterGroups><DBParameterGroup><DBParameterGroupName>tls-pg</DBParameterGroupName><DBParameterGroupFamily>postgres16</DBParameterGroupFamily><Description>forces TLS</Description><DBParameterGroupArn>arn:aws:rds:eu-west-1:${ACCOUNT}:pg:tls-pg</DBParameterGroupArn></DBParameterGroup></DBParameterGroups>`);
    case 'DescribeDBParameters': {
      const second = params.get('Marker') === 'param-page-2';
      const p = (name: string, value?: string) => `<Parameter><ParameterName>${name}</ParameterName>${value !== undefined ? `<ParameterValue>${value}</ParameterValue>` : ''}<Source>user</Source></Parameter>`;
      return rdsDoc(action, second ? `<Parameters>${p('rds.force_ssl', '1')}</Parameters>` : `<Parameters>${p('log_connections', '1')}${p('ssl_min_protocol_version')}</Parameters><Marker>param-page-2</Marker>`);
    }
    case 'DescribeDBSnapshots':
      return rdsDoc(action, `<DBSnapshots><DBSnapshot><DBSnapshotIdentifier>orders-manual</DBSnapshotIdentifier><DBInstanceIdentifier>orders</DBInstanceIdentifier><Engine>postgres</Engine><SnapshotType>manual</SnapshotType><Encrypted>false</Encrypted><DBSnapshotArn>arn:aws:rds:eu-west-1:${ACCOUNT}:snapshot:orders-manual</DBSnapshotArn></DBSnapshot></DBSnapshots>`);
    case 'DescribeDBSnapshotAttributes':
      return rdsDoc(action, `<DBSnapshotAttributesResult><DBSnapshotIdentifier>orders-manual</DBSnapshotIdentifier><DBSnapshotAttributes><DBSnapshotAttribute><AttributeName>restore</AttributeName><AttributeValues><AttributeValue>all</AttributeValue></AttributeValues></DBSnapshotAttribute></DBSnapshotAttributes></DBSnapshotAttributesResult>`);
    default:
      return queryError('InvalidAction');
  }
}

function sns(action: string): Reply {
  if (action !== 'ListTopics') return queryError('InvalidAction');
  return xml(`<ListTopicsResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><ListTopicsResult><Topics/></ListTopicsResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></ListTopicsResponse>`);
}

function kms(op: string, body: Record<string, unknown>, count: (key: string) => number): Reply {
  const keys: Record<string, { manager: string; rotation?: boolean }> = {
    '1234abcd-12ab-34cd-56ef-1234567890ab': { manager: 'CUSTOMER', rotation: true },
    '5678efgh-12ab-34cd-56ef-1234567890ab': { manager: 'CUSTOMER', rotation: false },
  };
  const arn = (id: string) => `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${id}`;
  switch (op) {
    case 'ListKeys': {
      if (count('kms:ListKeys') === 1) return jsonError('ThrottlingException', 'Rate exceeded');
      const ids = Object.keys(keys);
      const page = body.Marker === 'key-page-2' ? [ids[1]!] : [ids[0]!];
      return json({ Keys: page.map((id) => ({ KeyId: id, KeyArn: arn(id) })), Truncated: body.Marker !== 'key-page-2', ...(body.Marker ? {} : { NextMarker: 'key-page-2' }) });
    }
    case 'ListAliases':
      return json({ Aliases: [{ AliasName: 'alias/wire', AliasArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/wire`, TargetKeyId: Object.keys(keys)[0] }], Truncated: false });
    case 'DescribeKey': {
      const id = String(body.KeyId);
      const k = keys[id];
      if (!k) return jsonError('NotFoundException', 'no such key');
      return json({
        KeyMetadata: { AWSAccountId: ACCOUNT, KeyId: id, Arn: arn(id), CreationDate: 1704067200, Enabled: true, Description: 'wire key', KeyUsage: 'ENCRYPT_DECRYPT', KeyState: 'Enabled', Origin: 'AWS_KMS', KeyManager: k.manager, KeySpec: 'SYMMETRIC_DEFAULT', MultiRegion: false },
      });
    }
    case 'GetKeyRotationStatus':
      return json({ KeyRotationEnabled: keys[String(body.KeyId)]?.rotation ?? false, KeyId: arn(String(body.KeyId)), ...(keys[String(body.KeyId)]?.rotation ? { RotationPeriodInDays: 365 } : {}) });
    case 'GetKeyPolicy':
      return json({ PolicyName: 'default', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] }) });
    case 'ListResourceTags':
      return json({ Tags: [{ TagKey: 'owner', TagValue: 'wire' }], Truncated: false });
    default:
      return jsonError('UnknownOperationException', op);
  }
}

function dynamodb(op: string, body: Record<string, unknown>, count: (key: string) => number): Reply {
  switch (op) {
    case 'ListTables': {
      if (count('dynamodb:ListTables') === 1) return jsonError('ThrottlingException', 'Rate of requests exceeds the allowed throughput.');
      return body.ExclusiveStartTableName ? json({ TableNames: ['sessions'] }) : json({ TableNames: ['carts'], LastEvaluatedTableName: 'carts' });
    }
    case 'DescribeTable': {
      const name = String(body.TableName);
      const sse = name === 'carts' ? { SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: KEY_ARN } } : {};
      return json({ Table: { TableName: name, TableStatus: 'ACTIVE', TableArn: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/${name}`, ...sse } });
    }
    case 'ListTagsOfResource':
      return json({ Tags: [{ Key: 'app', Value: 'shop' }] });
    default:
      return jsonError('UnknownOperationException', op);
  }
}

function sqs(op: string, body: Record<string, unknown>, base: string, count: (key: string) => number): Reply {
  switch (op) {
    case 'ListQueues': {
      if (count('sqs:ListQueues') === 1) return jsonError('com.amazonaws.sqs#RequestThrottled', 'Request is throttled.', 400, 'RequestThrottled');
      return body.NextToken ? json({ QueueUrls: [`${base}/${ACCOUNT}/plain-queue`] }) : json({ QueueUrls: [`${base}/${ACCOUNT}/kms-queue`], NextToken: 'q2' });
    }
    case 'GetQueueAttributes': {
      const name = String(body.QueueUrl).split('/').pop()!;
      const attrs: Record<string, string> = { QueueArn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:${name}`, FifoQueue: 'false' };
      if (name === 'kms-queue') Object.assign(attrs, { KmsMasterKeyId: 'alias/wire', KmsDataKeyReusePeriodSeconds: '300', SqsManagedSseEnabled: 'false' });
      else attrs.SqsManagedSseEnabled = 'false';
      return json({ Attributes: attrs });
    }
    case 'ListQueueTags':
      return json({ Tags: { team: 'queues' } });
    default:
      return jsonError('UnsupportedOperation', op);
  }
}

/** One request as the server saw it. */
export interface SeenRequest {
  service: string;
  operation: string;
  host: string;
}

export interface WireServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startWireServer(): Promise<WireServer> {
  const requests: SeenRequest[] = [];
  const counts = new Map<string, number>();
  const count = (key: string) => {
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    return n;
  };
  let base = '';
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', base);
    const target = String(req.headers['x-amz-target'] ?? '');
    let reply: Reply;
    let service: string;
    let operation: string;
    if (target) {
      const [prefix, op = ''] = target.split('.');
      operation = op;
      const input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      if (prefix === 'TrentService') { service = 'kms'; reply = kms(op, input, count); }
      else if (prefix?.startsWith('DynamoDB')) { service = 'dynamodb'; reply = dynamodb(op, input, count); }
      else if (prefix === 'AmazonSQS') { service = 'sqs'; reply = sqs(op, input, base, count); }
      else { service = prefix ?? '?'; reply = jsonError('UnknownService', target); }
    } else if (req.method === 'POST' && String(req.headers['content-type']).includes('x-www-form-urlencoded')) {
      const params = new URLSearchParams(body);
      operation = params.get('Action') ?? '';
      const version = params.get('Version');
      if (version === '2011-06-15') { service = 'sts'; reply = sts(operation); }
      else if (version === '2016-11-15') { service = 'ec2'; reply = ec2(operation, params, count); }
      else if (version === '2014-10-31') { service = 'rds'; reply = rds(operation, params, count); }
      else if (version === '2010-03-31') { service = 'sns'; reply = sns(operation); }
      else { service = `query:${version}`; reply = queryError('InvalidAction'); }
    } else if (url.pathname.startsWith('/2015-03-31/functions')) {
      service = 'lambda';
      operation = 'ListFunctions';
      reply = json({ Functions: [] });
    } else {
      service = url.pathname.startsWith('/v20180820/') ? 's3control' : 's3';
      operation = url.pathname === '/' ? 'ListBuckets' : [...url.searchParams.keys()].join(',') || 'GET';
      reply = s3(url.pathname, url.searchParams, count);
    }
    requests.push({ service, operation, host: String(req.headers.host) });
    const contentType = { xml: 'application/xml', json: target ? 'application/x-amz-json-1.0' : 'application/json', text: 'text/plain' }[reply.type ?? 'text'];
    res.writeHead(reply.status ?? 200, { 'content-type': contentType, 'x-amzn-requestid': 'r1', 'x-amz-request-id': 'r1', ...reply.headers });
    res.end(reply.body);
  };
  const server = await listenOnLoopback(handle);
  base = server.url;
  return { url: base, requests, close: server.close };
}
