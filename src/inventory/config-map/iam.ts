import type { Cursor } from './cursor.js';
import { put, type ItemReader, type MappedResource } from './item.js';
import { parsePolicyText } from './policy-text.js';

/**
 * AWS Config records IAM users, groups, roles and customer managed policies
 * once, in one region, with their documents URL-encoded as the IAM API returns
 * them. It records neither access keys nor login profiles, and no AWS managed
 * policies: those stay unknown here (lower bounds for access answers).
 */

/** `[{policyName, policyDocument}]` as the model keeps inline policies; undefined when Config left the list out. */
function inlinePolicies(list: Cursor[] | null | undefined): { policyName: string; policyDocument: unknown }[] | undefined {
  if (list === undefined) return undefined;
  return (list ?? []).map((c) => ({ policyName: c.at('policyName').str() ?? '', policyDocument: parsePolicyText(c.at('policyDocument').value) ?? null }));
}

function attachedPolicies(list: Cursor[] | null | undefined): { policyArn: string; policyName: string }[] | undefined {
  if (list === undefined) return undefined;
  return (list ?? []).map((c) => ({ policyArn: c.at('policyArn').str() ?? '', policyName: c.at('policyName').str() ?? '' }));
}

/** The fields users, groups and roles share; a list Config left out stays unknown with the reason. */
function principalBase(r: ItemReader, p: Record<string, unknown>, inlineKey: string): void {
  put(p, 'path', r.conf('path').str() ?? undefined);
  const inline = inlinePolicies(r.conf(inlineKey).list());
  if (inline === undefined) r.notRecorded('inlinePolicies', `The AWS Config item has no ${inlineKey}.`);
  else p.inlinePolicies = inline;
  const attached = attachedPolicies(r.conf('attachedManagedPolicies').list());
  if (attached === undefined) r.notRecorded('attachedManagedPolicies', 'The AWS Config item has no attachedManagedPolicies.');
  else p.attachedManagedPolicies = attached;
}

const boundary = (r: ItemReader): string | null | undefined => {
  const b = r.conf('permissionsBoundary');
  return b.missing || b.value === null ? null : (b.at('permissionsBoundaryArn').str() ?? null);
};

export function mapUser(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const name = r.conf('userName').str() ?? r.item.resourceName ?? undefined;
  put(p, 'userName', name);
  put(p, 'userId', r.conf('userId').str() ?? r.item.resourceId);
  principalBase(r, p, 'userPolicyList');
  put(p, 'createDate', r.conf('createDate').date() ?? undefined);
  const groups = r.conf('groupList').strings();
  if (groups === undefined) r.notRecorded('groups', 'The AWS Config item has no groupList.');
  else p.groups = groups ?? [];
  p.permissionsBoundaryArn = boundary(r);
  r.notRecorded('accessKeys', 'AWS Config does not record IAM access keys or when they were last used.');
  r.notRecorded('passwordEnabled', 'AWS Config does not record whether an IAM user has a console password.');
  return { properties: p, ...(name ? { name } : {}), region: 'global' };
}

export function mapGroup(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const name = r.conf('groupName').str() ?? r.item.resourceName ?? undefined;
  put(p, 'groupName', name);
  put(p, 'groupId', r.conf('groupId').str() ?? r.item.resourceId);
  principalBase(r, p, 'groupPolicyList');
  return { properties: p, ...(name ? { name } : {}), region: 'global' };
}

export function mapRole(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const name = r.conf('roleName').str() ?? r.item.resourceName ?? undefined;
  put(p, 'roleName', name);
  put(p, 'roleId', r.conf('roleId').str() ?? r.item.resourceId);
  principalBase(r, p, 'rolePolicyList');
  put(p, 'createDate', r.conf('createDate').date() ?? undefined);
  const trust = r.conf('assumeRolePolicyDocument');
  // Every role has a trust policy: an item without one lost it, which is not "nobody may assume it".
  if (trust.missing || trust.value === null) r.notRecorded('assumeRolePolicyDocument', 'The AWS Config item has no assumeRolePolicyDocument.');
  else p.assumeRolePolicyDocument = parsePolicyText(trust.value);
  p.permissionsBoundaryArn = boundary(r);
  p.lastUsedDate = r.conf('roleLastUsed.lastUsedDate').date() ?? null;
  const path = typeof p.path === 'string' ? p.path : undefined;
  put(p, 'serviceLinked', path === undefined ? undefined : path.startsWith('/aws-service-role/'));
  return { properties: p, ...(name ? { name } : {}), region: 'global' };
}

export function mapPolicy(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const name = r.conf('policyName').str() ?? r.item.resourceName ?? undefined;
  const arn = r.item.arn ?? r.conf('arn').str() ?? undefined;
  put(p, 'policyName', name);
  put(p, 'policyId', r.conf('policyId').str() ?? r.item.resourceId);
  put(p, 'path', r.conf('path').str() ?? undefined);
  if (arn !== undefined) p.awsManaged = arn.split(':')[4] === 'aws';
  const defaultVersion = r.conf('defaultVersionId').str() ?? undefined;
  put(p, 'defaultVersionId', defaultVersion);
  const versions = r.conf('policyVersionList').list() ?? [];
  const current = versions.find((v) => v.at('isDefaultVersion').bool() === true || (defaultVersion !== undefined && v.at('versionId').str() === defaultVersion));
  const document = current?.at('document');
  if (document === undefined || document.missing || document.value === null) r.notRecorded('document', 'The AWS Config item has no document for the default policy version.');
  else p.document = parsePolicyText(document.value);
  put(p, 'attachmentCount', r.conf('attachmentCount').int() ?? undefined);
  return { properties: p, ...(name ? { name } : {}), ...(arn ? { arn } : {}), region: 'global' };
}
