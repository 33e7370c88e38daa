import { ACCOUNT, type AccountState } from './state.js';
import { el, esc, jsonError, queryDoc, queryError, type Reply } from './wire.js';

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** One inline policy. */
export interface InlinePolicyState {
  name: string;
  document: string;
}

export interface IamUserState {
  name: string;
  id: string;
  inline: InlinePolicyState[];
  attached: string[];
  /** The key id is sent on the wire only: the collector must not store it. */
  keys: { id: string; status: 'Active' | 'Inactive'; created: string; lastUsed?: string }[];
  password: boolean;
}

export interface IamRoleState {
  name: string;
  id: string;
  path: string;
  trust: string;
  inline: InlinePolicyState[];
  attached: string[];
  boundary?: string;
}

export interface IamPolicyState {
  arn: string;
  id: string;
  name: string;
  document: string;
}

/** The account's IAM: global, one of each list. */
export interface IamState {
  users: IamUserState[];
  roles: IamRoleState[];
  policies: IamPolicyState[];
  oidcProviders: { url: string; clients: string[] }[];
}

const member = (inner: string) => `<member>${inner}</member>`;
const list = (name: string, items: string[]) => `<${name}>${items.map(member).join('')}</${name}>`;
// IAM returns documents URL-encoded (RFC 3986).
const doc = (text: string) => esc(encodeURIComponent(text));
const inline = (name: string, policies: InlinePolicyState[]) => list(name, policies.map((p) => `${el('PolicyName', p.name)}<PolicyDocument>${doc(p.document)}</PolicyDocument>`));
const attached = (state: IamState, arns: string[]) =>
  list('AttachedManagedPolicies', arns.map((arn) => `${el('PolicyArn', arn)}${el('PolicyName', state.policies.find((p) => p.arn === arn)?.name ?? arn.split('/').pop())}`));

function details(state: IamState): string {
  const users = state.users.map(
    (u) =>
      `${el('Path', '/')}${el('UserName', u.name)}${el('UserId', u.id)}${el('Arn', `arn:aws:iam::${ACCOUNT}:user/${u.name}`)}${el('CreateDate', '2024-01-01T00:00:00Z')}` +
      `${inline('UserPolicyList', u.inline)}<GroupList/>${attached(state, u.attached)}`,
  );
  const roles = state.roles.map(
    (r) =>
      `${el('Path', r.path)}${el('RoleName', r.name)}${el('RoleId', r.id)}${el('Arn', `arn:aws:iam::${ACCOUNT}:role${r.path}${r.name}`)}${el('CreateDate', '2024-01-01T00:00:00Z')}` +
      `<AssumeRolePolicyDocument>${doc(r.trust)}</AssumeRolePolicyDocument><InstanceProfileList/>${inline('RolePolicyList', r.inline)}${attached(state, r.attached)}` +
      (r.boundary ? `<PermissionsBoundary>${el('PermissionsBoundaryType', 'Policy')}${el('PermissionsBoundaryArn', r.boundary)}</PermissionsBoundary>` : '') +
      '<RoleLastUsed/>',
  );
  const policies = state.policies.map(
    (p) =>
      `${el('PolicyName', p.name)}${el('PolicyId', p.id)}${el('Arn', p.arn)}${el('Path', '/')}${el('DefaultVersionId', 'v1')}${el('AttachmentCount', 1)}` +
      list('PolicyVersionList', [`<Document>${doc(p.document)}</Document>${el('VersionId', 'v1')}${el('IsDefaultVersion', true)}`]),
  );
  return `${list('UserDetailList', users)}<GroupDetailList/>${list('RoleDetailList', roles)}${list('Policies', policies)}<IsTruncated>false</IsTruncated>`;
}

let nextId = 1;
const newId = (prefix: string) => `${prefix}${String(nextId++).padStart(17, '0')}`;

/** What a create call echoes: the entity's ARN, id and path as IAM returns them. */
const roleXml = (r: IamRoleState) =>
  `<Role>${el('Path', r.path)}${el('RoleName', r.name)}${el('RoleId', r.id)}${el('Arn', `arn:aws:iam::${ACCOUNT}:role${r.path}${r.name}`)}${el('CreateDate', '2024-01-01T00:00:00Z')}<AssumeRolePolicyDocument>${doc(r.trust)}</AssumeRolePolicyDocument></Role>`;
const userXml = (u: IamUserState) =>
  `<User>${el('Path', '/')}${el('UserName', u.name)}${el('UserId', u.id)}${el('Arn', `arn:aws:iam::${ACCOUNT}:user/${u.name}`)}${el('CreateDate', '2024-01-01T00:00:00Z')}</User>`;

/** The IAM write calls an end-to-end test uses to build an account: roles, users, policies and their attachments. */
function create(state: IamState, action: string, params: URLSearchParams): Reply | undefined {
  const required = (name: string): string | Reply => params.get(name) ?? queryError('ValidationError', `${name} is required`, 400);
  const roleOf = () => state.roles.find((r) => r.name === params.get('RoleName'));
  const userOf = () => state.users.find((u) => u.name === params.get('UserName'));
  const noSuch = (kind: string, name: string | null) => queryError('NoSuchEntity', `The ${kind} with name ${name ?? ''} cannot be found.`, 404);
  const policyOf = (arn: string | null) => state.policies.find((p) => p.arn === arn);
  switch (action) {
    case 'CreateRole': {
      const name = required('RoleName');
      const trust = required('AssumeRolePolicyDocument');
      if (typeof name !== 'string') return name;
      if (typeof trust !== 'string') return trust;
      if (state.roles.some((r) => r.name === name)) return queryError('EntityAlreadyExists', `Role with name ${name} already exists.`, 409);
      const boundary = params.get('PermissionsBoundary');
      const role: IamRoleState = { name, id: newId('AROA'), path: params.get('Path') ?? '/', trust, inline: [], attached: [], ...(boundary ? { boundary } : {}) };
      state.roles.push(role);
      return queryDoc(action, NS, roleXml(role));
    }
    case 'CreateUser': {
      const name = required('UserName');
      if (typeof name !== 'string') return name;
      if (state.users.some((u) => u.name === name)) return queryError('EntityAlreadyExists', `User with name ${name} already exists.`, 409);
      const u: IamUserState = { name, id: newId('AIDA'), inline: [], attached: [], keys: [], password: false };
      state.users.push(u);
      return queryDoc(action, NS, userXml(u));
    }
    case 'CreatePolicy': {
      const name = required('PolicyName');
      const document = required('PolicyDocument');
      if (typeof name !== 'string') return name;
      if (typeof document !== 'string') return document;
      const arn = `arn:aws:iam::${ACCOUNT}:policy${params.get('Path') ?? '/'}${name}`;
      if (policyOf(arn)) return queryError('EntityAlreadyExists', `A policy called ${name} already exists.`, 409);
      const p: IamPolicyState = { arn, id: newId('ANPA'), name, document };
      state.policies.push(p);
      return queryDoc(action, NS, `<Policy>${el('PolicyName', name)}${el('PolicyId', p.id)}${el('Arn', arn)}${el('DefaultVersionId', 'v1')}${el('AttachmentCount', 0)}</Policy>`);
    }
    case 'PutRolePolicy':
    case 'PutUserPolicy': {
      const target = action === 'PutRolePolicy' ? roleOf() : userOf();
      if (!target) return noSuch(action === 'PutRolePolicy' ? 'role' : 'user', params.get(action === 'PutRolePolicy' ? 'RoleName' : 'UserName'));
      const name = required('PolicyName');
      const document = required('PolicyDocument');
      if (typeof name !== 'string') return name;
      if (typeof document !== 'string') return document;
      target.inline = [...target.inline.filter((i) => i.name !== name), { name, document }];
      return queryDoc(action, NS, '');
    }
    case 'AttachRolePolicy':
    case 'AttachUserPolicy': {
      const target = action === 'AttachRolePolicy' ? roleOf() : userOf();
      if (!target) return noSuch(action === 'AttachRolePolicy' ? 'role' : 'user', params.get(action === 'AttachRolePolicy' ? 'RoleName' : 'UserName'));
      const arn = params.get('PolicyArn');
      if (!policyOf(arn) || arn === null) return queryError('NoSuchEntity', `Policy ${arn ?? ''} does not exist or is not attachable.`, 404);
      if (!target.attached.includes(arn)) target.attached.push(arn);
      return queryDoc(action, NS, '');
    }
    default:
      return undefined;
  }
}

/** IAM (query protocol, XML): the read calls the collector makes, and the create calls of `create`. */
export function iam(account: AccountState, action: string, params: URLSearchParams): Reply | undefined {
  const state = (account.iam ??= { users: [], roles: [], policies: [], oidcProviders: [] });
  const user = () => state.users.find((u) => u.name === params.get('UserName'));
  const created = create(state, action, params);
  if (created) return created;
  switch (action) {
    case 'GetAccountAuthorizationDetails':
      return queryDoc(action, NS, details(state));
    case 'ListAccessKeys': {
      const u = user();
      if (!u) return queryError('NoSuchEntity', `The user with name ${params.get('UserName')} cannot be found.`, 404);
      const keys = u.keys.map((k) => `${el('UserName', u.name)}${el('AccessKeyId', k.id)}${el('Status', k.status)}${el('CreateDate', k.created)}`);
      return queryDoc(action, NS, `${list('AccessKeyMetadata', keys)}<IsTruncated>false</IsTruncated>`);
    }
    case 'GetAccessKeyLastUsed': {
      const owner = state.users.find((u) => u.keys.some((k) => k.id === params.get('AccessKeyId')));
      const key = owner?.keys.find((k) => k.id === params.get('AccessKeyId'));
      if (!owner || !key) return queryError('AccessDenied', 'no such key', 403);
      const used = key.lastUsed ? `${el('LastUsedDate', key.lastUsed)}${el('ServiceName', 's3')}${el('Region', 'eu-west-1')}` : `${el('ServiceName', 'N/A')}${el('Region', 'N/A')}`;
      return queryDoc(action, NS, `${el('UserName', owner.name)}<AccessKeyLastUsed>${used}</AccessKeyLastUsed>`);
    }
    case 'GetLoginProfile': {
      const u = user();
      if (!u?.password) return queryError('NoSuchEntity', `Login Profile for User ${params.get('UserName')} cannot be found.`, 404);
      return queryDoc(action, NS, `<LoginProfile>${el('UserName', u.name)}${el('CreateDate', '2024-01-01T00:00:00Z')}</LoginProfile>`);
    }
    case 'ListSAMLProviders':
      return queryDoc(action, NS, '<SAMLProviderList/>');
    case 'ListOpenIDConnectProviders':
      return queryDoc(action, NS, list('OpenIDConnectProviderList', state.oidcProviders.map((p) => el('Arn', `arn:aws:iam::${ACCOUNT}:oidc-provider/${p.url}`))));
    case 'GetOpenIDConnectProvider': {
      const p = state.oidcProviders.find((o) => params.get('OpenIDConnectProviderArn')?.endsWith(`/${o.url}`));
      if (!p) return queryError('NoSuchEntity', 'no such provider', 404);
      return queryDoc(action, NS, `${el('Url', p.url)}${list('ClientIDList', p.clients.map(esc))}<ThumbprintList/>`);
    }
    default:
      return undefined;
  }
}

/** Organizations (JSON 1.1): this account is in no organization. */
export function organizations(operation: string): Reply | undefined {
  return operation === 'DescribeOrganization' ? jsonError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.') : undefined;
}
