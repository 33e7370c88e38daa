import {
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetLoginProfileCommand,
  GetOpenIDConnectProviderCommand,
  GetSAMLProviderCommand,
  ListAccessKeysCommand,
  ListOpenIDConnectProvidersCommand,
  ListSAMLProvidersCommand,
  type AttachedPolicy,
  type GetAccountAuthorizationDetailsResponse,
  type GroupDetail,
  type ManagedPolicyDetail,
  type PolicyDetail,
  type RoleDetail,
  type UserDetail,
} from '@aws-sdk/client-iam';
import type { Resource } from '../inventory/resource.js';
import { carrying, identified, lacking, required } from './always-present.js';
import { allPages, assign, forEach, isoDate, listAll, policyDocumentFromText, recordOn, tagMap, type Collector, type CollectorContext } from './context.js';
import { collectOrganization } from './organizations-policies.js';
import { inputRecord } from '../util/own.js';

const DETAILS = 'iam:GetAccountAuthorizationDetails';

/**
 * A policy document as IAM returns it: URL-encoded JSON (RFC 3986). Text that
 * does not decode is kept raw, so a broken policy fails closed instead of vanishing.
 */
export function iamDocument(text: string | undefined): unknown {
  if (text === undefined) return null;
  try {
    return policyDocumentFromText(decodeURIComponent(text));
  } catch {
    return policyDocumentFromText(text);
  }
}

/** An IAM resource: global, in the scanned account. */
function iamResource(ctx: CollectorContext, type: string, id: string, arn: string, name: string, properties: Record<string, unknown>, tags?: Record<string, string>): Resource {
  return { resourceType: type, resourceId: id, arn, accountId: ctx.accountId, region: 'global', name, tags: tags ?? inputRecord<string>(), properties };
}

const inline = (list: readonly PolicyDetail[] | undefined): { policyName: string; policyDocument: unknown }[] =>
  (list ?? []).map((p) => ({ policyName: p.PolicyName ?? '', policyDocument: iamDocument(p.PolicyDocument) }));

const attached = (list: readonly AttachedPolicy[] | undefined): { policyArn: string; policyName: string }[] =>
  (list ?? []).map((p) => ({ policyArn: p.PolicyArn ?? '', policyName: p.PolicyName ?? '' }));

/** The entities of GetAccountAuthorizationDetails, every page; a failed page leaves the lists incomplete (recorded for the scope). */
async function authorizationDetails(ctx: CollectorContext): Promise<{ users: UserDetail[]; groups: GroupDetail[]; roles: RoleDetail[]; policies: ManagedPolicyDetail[]; complete: boolean }> {
  const iam = ctx.client('iam');
  const pages = await listAll(
    ctx,
    DETAILS,
    (Marker) =>
      iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'], ...(Marker ? { Marker } : {}) })),
    (out): GetAccountAuthorizationDetailsResponse[] => [out],
    (out) => (out.IsTruncated ? out.Marker : undefined),
  );
  const all = <T>(pick: (p: GetAccountAuthorizationDetailsResponse) => T[] | undefined): T[] => pages.items.flatMap((p) => pick(p) ?? []);
  return {
    users: identified(ctx, all((p) => p.UserDetailList), 'UserId', (u) => u.UserId && u.Arn, DETAILS),
    groups: identified(ctx, all((p) => p.GroupDetailList), 'GroupId', (g) => g.GroupId && g.Arn, DETAILS),
    roles: identified(ctx, all((p) => p.RoleDetailList), 'RoleId', (r) => r.RoleId && r.Arn, DETAILS),
    policies: identified(ctx, all((p) => p.Policies), 'PolicyId', (p) => p.PolicyId && p.Arn, DETAILS),
    complete: pages.complete,
  };
}

/** The user's access keys: status and dates only. The key id is used to ask when it was last used and is never stored. */
async function accessKeys(ctx: CollectorContext, user: Resource, userName: string): Promise<void> {
  const iam = ctx.client('iam');
  const listed = await allPages(
    ctx,
    'iam:ListAccessKeys',
    (Marker) => iam.send(new ListAccessKeysCommand({ UserName: userName, ...(Marker ? { Marker } : {}) })).then(carrying('iam:ListAccessKeys', 'AccessKeyMetadata')),
    (out) => out.AccessKeyMetadata,
    (out) => (out.IsTruncated ? out.Marker : undefined),
  );
  if (!listed.ok) return recordOn(user, { ...listed.error, property: 'accessKeys' });
  const keys: { status: string; createDate: string; lastUsedDate: string | null }[] = [];
  for (const k of listed.value) {
    const createDate = isoDate(k.CreateDate);
    if (!k.AccessKeyId || !k.Status || createDate === null) {
      return recordOn(user, { ...lacking('iam:ListAccessKeys', 'the access key id, status or creation date'), property: 'accessKeys' });
    }
    const used = await ctx.call('iam:GetAccessKeyLastUsed', () => iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k.AccessKeyId })));
    if (!used.ok) return recordOn(user, { ...used.error, property: 'accessKeys' });
    // A key never used has no LastUsedDate (AWS returns N/A for service and region).
    keys.push({ status: k.Status, createDate, lastUsedDate: isoDate(used.value.AccessKeyLastUsed?.LastUsedDate) });
  }
  keys.sort((a, b) => a.createDate.localeCompare(b.createDate));
  user.properties.accessKeys = keys;
}

async function userResource(ctx: CollectorContext, u: UserDetail): Promise<Resource> {
  const name = u.UserName ?? '';
  const user = iamResource(ctx, 'AWS::IAM::User', u.UserId!, u.Arn!, name, {
    userName: name,
    userId: u.UserId,
    path: u.Path ?? '/',
    createDate: isoDate(u.CreateDate),
    inlinePolicies: inline(u.UserPolicyList),
    attachedManagedPolicies: attached(u.AttachedManagedPolicies),
    groups: [...(u.GroupList ?? [])],
    permissionsBoundaryArn: u.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
  }, tagMap(u.Tags));
  const iam = ctx.client('iam');
  const login = ctx
    .call('iam:GetLoginProfile', () => iam.send(new GetLoginProfileCommand({ UserName: name })))
    // Only whether a password exists is kept; a user without one answers NoSuchEntity.
    .then((o) => assign(user, 'passwordEnabled', required(o, 'LoginProfile', 'iam:GetLoginProfile'), () => true, { codes: ['NoSuchEntity', 'NoSuchEntityException'], value: false }));
  await Promise.all([login, accessKeys(ctx, user, name)]);
  return user;
}

function groupResource(ctx: CollectorContext, g: GroupDetail): Resource {
  const name = g.GroupName ?? '';
  return iamResource(ctx, 'AWS::IAM::Group', g.GroupId!, g.Arn!, name, {
    groupName: name,
    groupId: g.GroupId,
    path: g.Path ?? '/',
    inlinePolicies: inline(g.GroupPolicyList),
    attachedManagedPolicies: attached(g.AttachedManagedPolicies),
  });
}

function roleResource(ctx: CollectorContext, r: RoleDetail): Resource {
  const name = r.RoleName ?? '';
  const path = r.Path ?? '/';
  const role = iamResource(ctx, 'AWS::IAM::Role', r.RoleId!, r.Arn!, name, {
    roleName: name,
    roleId: r.RoleId,
    path,
    createDate: isoDate(r.CreateDate),
    assumeRolePolicyDocument: iamDocument(r.AssumeRolePolicyDocument),
    inlinePolicies: inline(r.RolePolicyList),
    attachedManagedPolicies: attached(r.AttachedManagedPolicies),
    permissionsBoundaryArn: r.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
    lastUsedDate: isoDate(r.RoleLastUsed?.LastUsedDate),
    serviceLinked: path.startsWith('/aws-service-role/'),
  }, tagMap(r.Tags));
  // Every role has a trust policy: an entry without one is an odd answer, not "nobody may assume it".
  if (r.AssumeRolePolicyDocument === undefined) {
    delete role.properties.assumeRolePolicyDocument;
    recordOn(role, { ...lacking(DETAILS, 'AssumeRolePolicyDocument'), property: 'assumeRolePolicyDocument' });
  }
  return role;
}

function policyResource(ctx: CollectorContext, p: ManagedPolicyDetail): Resource {
  const awsManaged = p.Arn!.split(':')[4] === 'aws';
  const policy = iamResource(ctx, 'AWS::IAM::Policy', p.PolicyId!, p.Arn!, p.PolicyName ?? '', {
    policyName: p.PolicyName ?? '',
    policyId: p.PolicyId,
    path: p.Path ?? '/',
    awsManaged,
    defaultVersionId: p.DefaultVersionId ?? '',
    attachmentCount: p.AttachmentCount ?? 0,
  });
  const version = (p.PolicyVersionList ?? []).find((v) => v.IsDefaultVersion === true && v.Document !== undefined);
  if (version) policy.properties.document = iamDocument(version.Document);
  else recordOn(policy, { ...lacking(DETAILS, 'the default version document'), property: 'document' });
  return policy;
}

/** The ARNs of managed policies something in the account attaches or uses as a permissions boundary. */
function referencedPolicies(users: UserDetail[], groups: GroupDetail[], roles: RoleDetail[]): Set<string> {
  const arns = new Set<string>();
  for (const e of [...users, ...groups, ...roles]) for (const a of e.AttachedManagedPolicies ?? []) if (a.PolicyArn) arns.add(a.PolicyArn);
  for (const e of [...users, ...roles]) if (e.PermissionsBoundary?.PermissionsBoundaryArn) arns.add(e.PermissionsBoundary.PermissionsBoundaryArn);
  return arns;
}

/** SAML and OIDC identity providers (no metadata documents or certificates are stored). */
async function providers(ctx: CollectorContext): Promise<Resource[]> {
  const iam = ctx.client('iam');
  const out: Resource[] = [];
  const [saml, oidc] = await Promise.all([
    ctx.call('iam:ListSAMLProviders', () => iam.send(new ListSAMLProvidersCommand({}))),
    ctx.call('iam:ListOpenIDConnectProviders', () => iam.send(new ListOpenIDConnectProvidersCommand({}))),
  ]);
  if (!saml.ok) ctx.scopeError(saml.error);
  else {
    await forEach(identified(ctx, saml.value.SAMLProviderList ?? [], 'Arn', (p) => p.Arn, 'iam:ListSAMLProviders'), async (p) => {
      const arn = p.Arn!;
      const r = iamResource(ctx, 'AWS::IAM::SAMLProvider', arn, arn, arn.split('/').pop() ?? arn, { name: arn.split('/').pop() ?? arn });
      const got = await ctx.call('iam:GetSAMLProvider', () => iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn })));
      if (got.ok) r.properties.validUntil = isoDate(got.value.ValidUntil);
      else recordOn(r, { ...got.error, property: 'validUntil' });
      out.push(r);
    });
  }
  if (!oidc.ok) ctx.scopeError(oidc.error);
  else {
    await forEach(identified(ctx, oidc.value.OpenIDConnectProviderList ?? [], 'Arn', (p) => p.Arn, 'iam:ListOpenIDConnectProviders'), async (p) => {
      const arn = p.Arn!;
      const name = arn.split(':oidc-provider/').pop() ?? arn;
      const r = iamResource(ctx, 'AWS::IAM::OIDCProvider', arn, arn, name, {});
      const got = await ctx.call('iam:GetOpenIDConnectProvider', () => iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })));
      if (!got.ok) {
        for (const property of ['url', 'clientIdList', 'thumbprintList']) recordOn(r, { ...got.error, property });
      } else {
        // The URL is what a trust policy names (without https://); an answer without it is odd.
        if (got.value.Url) r.properties.url = got.value.Url;
        else recordOn(r, { ...lacking('iam:GetOpenIDConnectProvider', 'Url'), property: 'url' });
        r.properties.clientIdList = [...(got.value.ClientIDList ?? [])];
        r.properties.thumbprintList = [...(got.value.ThumbprintList ?? [])];
        r.tags = tagMap(got.value.Tags);
      }
      out.push(r);
    });
  }
  return out;
}

/** IAM users, groups, roles, the managed policies in use, identity providers, and the account's organization guardrails. */
export const iamCollector: Collector = {
  service: 'iam',
  scope: 'account',
  async collect(ctx) {
    const [details, idps, org] = await Promise.all([authorizationDetails(ctx), providers(ctx), collectOrganization(ctx)]);
    const inUse = referencedPolicies(details.users, details.groups, details.roles);
    const policies = details.policies.filter((p) => p.Arn!.split(':')[4] !== 'aws' || inUse.has(p.Arn!) || (p.AttachmentCount ?? 0) > 0);
    const unused = details.policies.length - policies.length;
    if (unused > 0) ctx.skip('AWS managed policies not used in the account', unused);
    const users: Resource[] = [];
    await forEach(details.users, async (u) => {
      users.push(await userResource(ctx, u));
    });
    const byId = (a: Resource, b: Resource): number => a.resourceId.localeCompare(b.resourceId);
    const resources = [
      ...users.sort(byId),
      ...details.groups.map((g) => groupResource(ctx, g)).sort(byId),
      ...details.roles.map((r) => roleResource(ctx, r)).sort(byId),
      ...policies.map((p) => policyResource(ctx, p)).sort(byId),
      ...idps.sort(byId),
      ...org,
    ];
    ctx.found(resources.length);
    return resources;
  },
};
