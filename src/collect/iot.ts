import { GetPolicyCommand, ListPoliciesCommand, ListTagsForResourceCommand } from '@aws-sdk/client-iot';
import type { Resource } from '../inventory/resource.js';
import { assign, forEach, listAll, parsePolicy, recordOn, tagMap, type Collector } from './context.js';

/** AWS IoT Core policies with the document of their default version, and their tags. */
export const iotCollector: Collector = {
  service: 'iot',
  scope: 'region',
  async collect(ctx) {
    const iot = ctx.client('iot');
    const list = await listAll(
      ctx,
      'iot:ListPolicies',
      (m) => iot.send(new ListPoliciesCommand({ pageSize: 250, ...(m ? { marker: m } : {}) })),
      (o) => o.policies,
      (o) => o.nextMarker,
    );
    const policies: Resource[] = [];
    await forEach(list.items.filter((p) => p.policyName), async (p) => {
      const name = p.policyName!;
      const arn = p.policyArn ?? `arn:${ctx.partition}:iot:${ctx.region}:${ctx.accountId}:policy/${name}`;
      const policy: Resource = {
        resourceType: 'AWS::IoT::Policy',
        resourceId: name,
        arn,
        accountId: ctx.accountId,
        region: ctx.region,
        name,
        tags: {},
        properties: { policyName: name },
      };
      const doc = await ctx.call('iot:GetPolicy', () => iot.send(new GetPolicyCommand({ policyName: name })));
      assign(policy, 'policyDocument', doc, (o) => parsePolicy(o.policyDocument));
      assign(policy, 'defaultVersionId', doc, (o) => o.defaultVersionId ?? null);
      const tags: { Key?: string; Value?: string }[] = [];
      let token: string | undefined;
      let tagsOk = true;
      do {
        const page = await ctx.call('iot:ListTagsForResource', () => iot.send(new ListTagsForResourceCommand({ resourceArn: arn, ...(token ? { nextToken: token } : {}) })));
        if (!page.ok) {
          recordOn(policy, { ...page.error, property: 'tags' });
          tagsOk = false;
          break;
        }
        tags.push(...(page.value.tags ?? []));
        token = page.value.nextToken;
      } while (token);
      if (tagsOk) policy.tags = tagMap(tags);
      policies.push(policy);
      ctx.found(1);
    });
    return policies.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
  },
};
