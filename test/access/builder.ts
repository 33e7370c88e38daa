import type { Resource } from '../../src/inventory/resource.js';

/** Inventories in the shape of iam-model.md, built in a few lines per test. */

export const ACCOUNT = '111111111111';
export const OTHER = '222222222222';
export const MGMT = '999999999999';
export const REGION = 'eu-west-1';

type Doc = Record<string, unknown>;

/** A policy document from statements. */
export function doc(...statements: Doc[]): Doc {
  return { Version: '2012-10-17', Statement: statements };
}

export function allow(action: string | string[], resource: string | string[] = '*', extra: Doc = {}): Doc {
  return { Effect: 'Allow', Action: action, Resource: resource, ...extra };
}

export function deny(action: string | string[], resource: string | string[] = '*', extra: Doc = {}): Doc {
  return { Effect: 'Deny', Action: action, Resource: resource, ...extra };
}

/** A statement given where a document is expected becomes a one-statement document. */
function asDoc(d: Doc): Doc {
  return 'Statement' in d ? d : doc(d);
}

function base(resourceType: string, arn: string, accountId: string, properties: Doc, region = 'global'): Resource {
  return { resourceType, resourceId: arn.split('/').pop() ?? arn, arn, accountId, region, tags: {}, properties };
}

export function user(name: string, opts: { account?: string; inline?: Doc[]; managed?: string[]; groups?: string[]; boundary?: string | null } = {}): Resource {
  const account = opts.account ?? ACCOUNT;
  return base('AWS::IAM::User', `arn:aws:iam::${account}:user/${name}`, account, {
    userName: name,
    userId: `AIDA${name.toUpperCase()}`,
    path: '/',
    createDate: '2026-01-01T00:00:00Z',
    inlinePolicies: (opts.inline ?? []).map((d, i) => ({ policyName: `${name}-inline-${i}`, policyDocument: asDoc(d) })),
    attachedManagedPolicies: (opts.managed ?? []).map((arn) => ({ policyArn: arn, policyName: arn.split('/').pop() })),
    groups: opts.groups ?? [],
    permissionsBoundaryArn: opts.boundary ?? null,
    accessKeys: [],
    passwordEnabled: false,
  });
}

export function role(
  name: string,
  trust: Doc,
  opts: { account?: string; inline?: Doc[]; managed?: string[]; boundary?: string | null; path?: string } = {},
): Resource {
  const account = opts.account ?? ACCOUNT;
  const path = opts.path ?? '/';
  return base('AWS::IAM::Role', `arn:aws:iam::${account}:role${path}${name}`, account, {
    roleName: name,
    roleId: `AROA${name.toUpperCase()}`,
    path,
    createDate: '2026-01-01T00:00:00Z',
    assumeRolePolicyDocument: trust,
    inlinePolicies: (opts.inline ?? []).map((d, i) => ({ policyName: `${name}-inline-${i}`, policyDocument: asDoc(d) })),
    attachedManagedPolicies: (opts.managed ?? []).map((arn) => ({ policyArn: arn, policyName: arn.split('/').pop() })),
    permissionsBoundaryArn: opts.boundary ?? null,
    lastUsedDate: null,
    serviceLinked: path.startsWith('/aws-service-role/'),
  });
}

export function group(name: string, inline: Doc[], account = ACCOUNT): Resource {
  return base('AWS::IAM::Group', `arn:aws:iam::${account}:group/${name}`, account, {
    groupName: name,
    groupId: `AGPA${name.toUpperCase()}`,
    path: '/',
    inlinePolicies: inline.map((d, i) => ({ policyName: `${name}-inline-${i}`, policyDocument: asDoc(d) })),
    attachedManagedPolicies: [],
  });
}

export function managedPolicy(name: string, document: Doc, account = ACCOUNT): Resource {
  const arn = `arn:aws:iam::${account}:policy/${name}`;
  return base('AWS::IAM::Policy', arn, account, {
    policyName: name,
    policyId: `ANPA${name.toUpperCase()}`,
    path: '/',
    awsManaged: false,
    defaultVersionId: 'v1',
    document,
    attachmentCount: 1,
  });
}

export function bucket(name: string, opts: { account?: string; policy?: Doc | null; kmsKeyId?: string | null } = {}): Resource {
  const account = opts.account ?? ACCOUNT;
  const encryption =
    opts.kmsKeyId === undefined ? { rules: [{ algorithm: 'AES256' }] } : { rules: [{ algorithm: 'aws:kms', kmsKeyId: opts.kmsKeyId }] };
  return {
    ...base('AWS::S3::Bucket', `arn:aws:s3:::${name}`, account, { encryption, policy: opts.policy ?? null }, REGION),
    resourceId: name,
    name,
  };
}

export function key(id: string, keyPolicy: Doc, opts: { account?: string; grants?: unknown[]; keyManager?: 'AWS' | 'CUSTOMER'; aliases?: string[] } = {}): Resource {
  const account = opts.account ?? ACCOUNT;
  return {
    ...base('AWS::KMS::Key', `arn:aws:kms:${REGION}:${account}:key/${id}`, account, {
      keyId: id,
      keyManager: opts.keyManager ?? 'CUSTOMER',
      keyState: 'Enabled',
      enabled: true,
      keyPolicy,
      aliases: opts.aliases ?? [],
      ...(opts.grants === undefined ? {} : { grants: opts.grants }),
    }, REGION),
    resourceId: id,
  };
}

export function orgAccount(id: string, parentPath: string[], mgmt = MGMT, organizationId = 'o-example'): Resource {
  return base('AWS::Organizations::Account', `arn:aws:organizations::${mgmt}:account/o-example/${id}`, id, {
    organizationId,
    managementAccountId: mgmt,
    parentPath,
  });
}

export function orgPolicy(
  id: string,
  type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY',
  document: Doc,
  targets: string[],
  account = ACCOUNT,
): Resource {
  return base('AWS::Organizations::Policy', `arn:aws:organizations::${MGMT}:policy/o-example/${type.toLowerCase()}/${id}`, account, {
    name: id,
    type,
    awsManaged: false,
    document,
    targets: targets.map((t) => ({ targetId: t, type: t.startsWith('r-') ? 'ROOT' : t.startsWith('ou-') ? 'ORGANIZATIONAL_UNIT' : 'ACCOUNT' })),
  });
}

/** The trust policy of a role any principal of `account` may assume if its own policies allow. */
export function trustAccount(account: string, extra: Doc = {}): Doc {
  return doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole', ...extra });
}
