import { DescribeDomainsCommand, ListDomainNamesCommand, ListTagsCommand, type DomainStatus } from '@aws-sdk/client-opensearch';
import type { Resource } from '../inventory/resource.js';
import { identified, required, requireItem, unknownIfAbsent } from './always-present.js';
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
    encryptionAtRestEnabled: d.EncryptionAtRestOptions?.Enabled ?? null,
    kmsKeyId: atRest ? (d.EncryptionAtRestOptions?.KmsKeyId ?? null) : null,
    nodeToNodeEncryptionEnabled: d.NodeToNodeEncryptionOptions?.Enabled ?? null,
    enforceHttps: d.DomainEndpointOptions?.EnforceHTTPS ?? null,
    tlsSecurityPolicy: d.DomainEndpointOptions?.TLSSecurityPolicy ?? null,
    inVpc: (vpc?.SubnetIds?.length ?? 0) > 0 || Boolean(vpc?.VPCId),
    vpcId: vpc?.VPCId ?? null,
    accessPolicy: policyDocumentFromText(d.AccessPolicies),
    advancedSecurityEnabled: d.AdvancedSecurityOptions?.Enabled ?? null,
    anonymousAuthEnabled: d.AdvancedSecurityOptions?.AnonymousAuthEnabled ?? null,
  };
}

/**
 * Fields of a DomainStatus the reference does not mark as always given and
 * whose absence it does not explain: unknown when missing, not "disabled".
 * VPCOptions is left out: a domain with a public endpoint has none.
 */
function unexplained(d: DomainStatus): Record<string, unknown> {
  const atRest = d.EncryptionAtRestOptions?.Enabled;
  return {
    encryptionAtRestEnabled: d.EncryptionAtRestOptions?.Enabled ?? null,
    ...(atRest === true ? { kmsKeyId: d.EncryptionAtRestOptions?.KmsKeyId } : {}),
    nodeToNodeEncryptionEnabled: d.NodeToNodeEncryptionOptions?.Enabled,
    enforceHttps: d.DomainEndpointOptions?.EnforceHTTPS,
    tlsSecurityPolicy: d.DomainEndpointOptions?.TLSSecurityPolicy,
    accessPolicy: d.AccessPolicies,
    advancedSecurityEnabled: d.AdvancedSecurityOptions?.Enabled,
  };
}

/**
 * OpenSearch Service domains, both engines, described five at a time.
 * Always present (OpenSearch Service API Reference): DescribeDomains'
 * DomainStatusList, and each DomainStatus's DomainId, DomainName, ARN and ClusterConfig.
 */
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
    const all = identified(ctx, names.value.DomainNames ?? [], 'DomainName', (n) => n.DomainName, 'es:ListDomainNames').map((n) => n.DomainName!);
    const batches: string[][] = [];
    for (let i = 0; i < all.length; i += BATCH) batches.push(all.slice(i, i + BATCH));
    const statuses: DomainStatus[] = [];
    await forEach(batches, async (batch) => {
      const out = required(await ctx.call('es:DescribeDomains', () => os.send(new DescribeDomainsCommand({ DomainNames: batch }))), 'DomainStatusList', 'es:DescribeDomains');
      if (out.ok) statuses.push(...out.value);
      else ctx.scopeError({ ...out.error, message: `${out.error.message} (domains ${batch.join(', ')} were not collected)` });
    });
    const domains: Resource[] = [];
    await forEach(identified(ctx, statuses, 'DomainName', (d) => d.DomainName, 'es:DescribeDomains').filter((d) => d.Deleted !== true), async (d) => {
      const name = d.DomainName!;
      const arn = d.ARN ?? regionalArn(ctx, 'es', `domain/${name}`);
      const domain = regionalResource(ctx, 'AWS::OpenSearch::Domain', name, arn, domainProperties(d));
      if (requireItem(domain, d, ['DomainId', 'ARN', 'ClusterConfig'], 'es:DescribeDomains', ['domainName'])) unknownIfAbsent(domain, 'es:DescribeDomains', unexplained(d));
      const tags = await ctx.call('es:ListTags', () => os.send(new ListTagsCommand({ ARN: arn })));
      assignTags(domain, tags, (o) => tagMap(o.TagList));
      domains.push(domain);
      ctx.found(1);
    });
    return domains.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
  },
};
