import { GetPolicyCommand, ListPoliciesCommand, ListTagsForResourceCommand } from '@aws-sdk/client-iot';
import type { Resource } from '../inventory/resource.js';
import { complete, identified } from './always-present.js';
import { allPages, assign, assignTags, forEach, listAll, policyDocumentFromText, tagMap, type Collector } from './context.js';
import { regionalArn, regionalResource } from './resource.js';

/**
 * AWS IoT Core policies with the document of their default version, and their tags.
 * The IoT API Reference marks no member of GetPolicy's answer as always
 * returned, but a policy is its document (CreatePolicy requires one): an answer
 * without policyDocument is odd, not a policy granting nothing.
 */
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
    await forEach(identified(ctx, list.items, 'policyName', (p) => p.policyName, 'iot:ListPolicies'), async (p) => {
      const name = p.policyName!;
      const arn = p.policyArn ?? regionalArn(ctx, 'iot', `policy/${name}`);
      const policy = regionalResource(ctx, 'AWS::IoT::Policy', name, arn, { policyName: name });
      const doc = complete(await ctx.call('iot:GetPolicy', () => iot.send(new GetPolicyCommand({ policyName: name }))), ['policyDocument'], 'iot:GetPolicy');
      assign(policy, 'policyDocument', doc, (o) => policyDocumentFromText(o.policyDocument));
      assign(policy, 'defaultVersionId', doc, (o) => o.defaultVersionId ?? null);
      const tags = await allPages(
        ctx,
        'iot:ListTagsForResource',
        (t) => iot.send(new ListTagsForResourceCommand({ resourceArn: arn, ...(t ? { nextToken: t } : {}) })),
        (o) => o.tags,
        (o) => o.nextToken,
      );
      assignTags(policy, tags, tagMap);
      policies.push(policy);
      ctx.found(1);
    });
    return policies.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
  },
};
