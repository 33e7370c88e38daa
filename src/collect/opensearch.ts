import { DescribeDomainsCommand, ListDomainNamesCommand, ListTagsCommand, type DomainStatus } from '@aws-sdk/client-opensearch';
import type { Resource } from '../inventory/resource.js';
import { assignTags, forEach, policyDocumentFromText, tagMap, type Collector } from './context.js';
import { regionalArn, regionalResource } from './resource.js';

/** DescribeDomains takes at most five names per call. */
const BATCH = 5;

/** The modelled properties of a domain, from its DescribeDomains status. */
export function domainProperties(d: DomainStatus): Record<string, unknown> {
  const atRest = d.EncryptionAtRestOptions?.Enabled === true;
  const vpc = d.VPCOptions;
  return {
    domainName: d.DomainName!,
    engineVersion: d.EngineVersion ?? null,
    encryptionAtRestEnabled: atRest,
    kmsKeyId: atRest ? (d.EncryptionAtRestOptions?.KmsKeyId ?? null) : null,
    nodeToNodeEncryptionEnabled: d.NodeToNodeEncryptionOptions?.Enabled === true,
    enforceHttps: d.DomainEndpointOptions?.EnforceHTTPS === true,
    tlsSecurityPolicy: d.DomainEndpointOptions?.TLSSecurityPolicy ?? null,
    inVpc: (vpc?.SubnetIds?.length ?? 0) > 0 || Boolean(vpc?.VPCId),
    vpcId: vpc?.VPCId ?? null,
    accessPolicy: policyDocumentFromText(d.AccessPolicies),
    advancedSecurityEnabled: d.AdvancedSecurityOptions?.Enabled === true,
    anonymousAuthEnabled: d.AdvancedSecurityOptions?.AnonymousAuthEnabled ?? null,
  };
}

/** OpenSearch Service domains, both engines, described five at a time. */
export const opensearchCollector: Collector = {
  service: 'opensearch',
  scope: 'region',
  async collect(ctx) {
    const os = ctx.client('opensearch');
    const names = await ctx.call('es:ListDomainNames', () => os.send(new ListDomainNamesCommand({})));
    if (!names.ok) {
      ctx.scopeError(names.error);
      return [];
    }
    const all = (names.value.DomainNames ?? []).flatMap((n) => (n.DomainName ? [n.DomainName] : []));
    const batches: string[][] = [];
    for (let i = 0; i < all.length; i += BATCH) batches.push(all.slice(i, i + BATCH));
    const statuses: DomainStatus[] = [];
    await forEach(batches, async (batch) => {
      const out = await ctx.call('es:DescribeDomains', () => os.send(new DescribeDomainsCommand({ DomainNames: batch })));
      if (out.ok) statuses.push(...(out.value.DomainStatusList ?? []));
      else ctx.scopeError({ ...out.error, message: `${out.error.message} (domains ${batch.join(', ')} were not collected)` });
    });
    const domains: Resource[] = [];
    await forEach(statuses.filter((d) => d.DomainName && d.Deleted !== true), async (d) => {
      const name = d.DomainName!;
      const arn = d.ARN ?? regionalArn(ctx, 'es', `domain/${name}`);
      const domain = regionalResource(ctx, 'AWS::OpenSearch::Domain', name, arn, domainProperties(d));
      const tags = await ctx.call('es:ListTags', () => os.send(new ListTagsCommand({ ARN: arn })));
      assignTags(domain, tags, (o) => tagMap(o.TagList));
      domains.push(domain);
      ctx.found(1);
    });
    return domains.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
  },
};
