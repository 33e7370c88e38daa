import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListTargetsForPolicyCommand,
  type PolicySummary,
} from '@aws-sdk/client-organizations';
import type { Resource } from '../inventory/resource.js';
import { carrying, identified, lacking } from './always-present.js';
import { allPages, forEach, listAll, policyDocumentFromText, recordOn, type CollectorContext } from './context.js';
import { inputRecord } from '../util/own.js';

/** The guardrail policy types the access answer needs. */
const POLICY_TYPES = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const;

/** An account outside any organization has no guardrails: not an error. */
const NOT_IN_ORGANIZATION = 'AWSOrganizationsNotInUseException';

/** A root or OU may nest at most five OUs deep; more steps than this means the answers loop. */
const MAX_DEPTH = 8;

function orgResource(ctx: CollectorContext, type: string, id: string, arn: string, name: string, properties: Record<string, unknown>): Resource {
  return { resourceType: type, resourceId: id, arn, accountId: ctx.accountId, region: 'global', name, tags: inputRecord<string>(), properties };
}

/** The root id first, then the OUs down to the account's parent (ListParents, walked up from the account). */
async function parentPath(ctx: CollectorContext): Promise<{ ok: true; path: string[] } | { ok: false }> {
  const org = ctx.client('organizations');
  const path: string[] = [];
  let child = ctx.accountId;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const ChildId = child;
    const o = await ctx.call('organizations:ListParents', () => org.send(new ListParentsCommand({ ChildId })).then(carrying('organizations:ListParents', 'Parents')));
    if (!o.ok) {
      ctx.scopeError(o.error);
      return { ok: false };
    }
    const parent = o.value.Parents?.[0];
    if (!parent?.Id || !parent.Type) {
      ctx.scopeError(lacking('organizations:ListParents', 'Parents[0].Id and Type'));
      return { ok: false };
    }
    path.unshift(parent.Id);
    if (parent.Type === 'ROOT') return { ok: true, path };
    child = parent.Id;
  }
  ctx.scopeError({ operation: 'organizations:ListParents', code: 'TooDeep', message: `no root within ${MAX_DEPTH} parents of the account` });
  return { ok: false };
}

/** One SCP or RCP with its document and targets; a part that cannot be read is absent with an error. */
async function policyResource(ctx: CollectorContext, s: PolicySummary, type: (typeof POLICY_TYPES)[number]): Promise<Resource> {
  const org = ctx.client('organizations');
  const id = s.Id!;
  const r = orgResource(ctx, 'AWS::Organizations::Policy', id, s.Arn!, s.Name ?? id, { name: s.Name ?? id, type, awsManaged: s.AwsManaged ?? false });
  const [described, targets] = await Promise.all([
    ctx.call('organizations:DescribePolicy', () => org.send(new DescribePolicyCommand({ PolicyId: id }))),
    allPages(
      ctx,
      'organizations:ListTargetsForPolicy',
      (NextToken) => org.send(new ListTargetsForPolicyCommand({ PolicyId: id, ...(NextToken ? { NextToken } : {}) })),
      (out) => out.Targets,
      (out) => out.NextToken,
    ),
  ]);
  if (!described.ok) recordOn(r, { ...described.error, property: 'document' });
  else if (described.value.Policy?.Content === undefined) recordOn(r, { ...lacking('organizations:DescribePolicy', 'Policy.Content'), property: 'document' });
  else r.properties.document = policyDocumentFromText(described.value.Policy.Content);
  if (!targets.ok) recordOn(r, { ...targets.error, property: 'targets' });
  else if (targets.value.some((t) => !t.TargetId || !t.Type)) recordOn(r, { ...lacking('organizations:ListTargetsForPolicy', 'TargetId and Type'), property: 'targets' });
  else r.properties.targets = targets.value.map((t) => ({ targetId: t.TargetId!, type: t.Type! }));
  return r;
}

/**
 * The account's place in its organization and the SCPs and RCPs with their
 * targets. Outside an organization: nothing, and no error. A member account
 * usually may not read these (AccessDenied): the errors are recorded, so
 * access answers treat the guardrails as unknown.
 */
export async function collectOrganization(ctx: CollectorContext): Promise<Resource[]> {
  const org = ctx.client('organizations');
  const described = await ctx.call('organizations:DescribeOrganization', () => org.send(new DescribeOrganizationCommand({})));
  if (!described.ok) {
    if (described.error.code !== NOT_IN_ORGANIZATION) ctx.scopeError(described.error);
    return [];
  }
  const o = described.value.Organization;
  if (!o?.Id || !o.MasterAccountId) {
    ctx.scopeError(lacking('organizations:DescribeOrganization', 'Organization.Id and MasterAccountId'));
    return [];
  }
  const out: Resource[] = [];
  const place = await parentPath(ctx);
  if (place.ok) {
    const arn = `arn:${ctx.partition}:organizations::${o.MasterAccountId}:account/${o.Id}/${ctx.accountId}`;
    out.push(orgResource(ctx, 'AWS::Organizations::Account', ctx.accountId, arn, ctx.accountId, { organizationId: o.Id, managementAccountId: o.MasterAccountId, parentPath: place.path }));
  }
  for (const type of POLICY_TYPES) {
    const listed = await listAll(
      ctx,
      'organizations:ListPolicies',
      (NextToken) => org.send(new ListPoliciesCommand({ Filter: type, ...(NextToken ? { NextToken } : {}) })),
      (page) => page.Policies,
      (page) => page.NextToken,
    );
    const policies: Resource[] = [];
    await forEach(identified(ctx, listed.items, 'Id', (s) => s.Id && s.Arn, 'organizations:ListPolicies'), async (s) => {
      policies.push(await policyResource(ctx, s, type));
    });
    out.push(...policies.sort((a, b) => a.resourceId.localeCompare(b.resourceId)));
  }
  return out;
}
