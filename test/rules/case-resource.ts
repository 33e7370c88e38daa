import type { Resource } from '../../src/inventory/resource.js';

export const CASE_ACCOUNT = '111122223333';
export const CASE_REGION = 'eu-west-1';

/** Fills the envelope of a resource written briefly in a case file: only type, name and properties are required there. */
export function caseResource(input: unknown): Resource {
  const r = input as Partial<Resource> & { resourceType: string; properties?: Record<string, unknown> };
  const accountId = r.accountId ?? CASE_ACCOUNT;
  const region = r.region ?? CASE_REGION;
  const resourceId = r.resourceId ?? r.name ?? 'case-resource';
  const [, service = 'x', kind = 'x'] = r.resourceType.split('::');
  const out: Resource = {
    resourceType: r.resourceType,
    resourceId,
    arn: r.arn ?? `arn:aws:${service.toLowerCase()}:${region}:${accountId}:${kind.toLowerCase()}/${resourceId}`,
    accountId,
    region,
    tags: r.tags ?? {},
    properties: r.properties ?? {},
  };
  if (r.name !== undefined) out.name = r.name;
  if (r.errors !== undefined) out.errors = r.errors;
  return out;
}
