import { GetTopicAttributesCommand, ListTagsForResourceCommand, ListTopicsCommand } from '@aws-sdk/client-sns';
import type { Resource } from '../inventory/resource.js';
import { assignTags, forEach, listAll, policyDocumentFromText, recordOn, tagMap, type Collector } from './context.js';
import { regionalResource } from './resource.js';

/** SNS topics with their encryption key and access policy. */
export const snsCollector: Collector = {
  service: 'sns',
  scope: 'region',
  async collect(ctx) {
    const sns = ctx.client('sns');
    const list = await listAll(ctx, 'sns:ListTopics', (t) => sns.send(new ListTopicsCommand(t ? { NextToken: t } : {})), (o) => o.Topics, (o) => o.NextToken);
    const topics: Resource[] = [];
    await forEach(list.items.filter((t) => t.TopicArn), async (t) => {
      const arn = t.TopicArn!;
      const name = arn.slice(arn.lastIndexOf(':') + 1);
      const topic = regionalResource(ctx, 'AWS::SNS::Topic', arn, arn, { topicName: name }, { name });
      const [attrs, tags] = await Promise.all([
        ctx.call('sns:GetTopicAttributes', () => sns.send(new GetTopicAttributesCommand({ TopicArn: arn }))),
        ctx.call('sns:ListTagsForResource', () => sns.send(new ListTagsForResourceCommand({ ResourceArn: arn }))),
      ]);
      if (attrs.ok) {
        const a = attrs.value.Attributes ?? {};
        topic.properties.kmsMasterKeyId = a.KmsMasterKeyId || null;
        topic.properties.policy = policyDocumentFromText(a.Policy);
      } else for (const property of ['kmsMasterKeyId', 'policy']) recordOn(topic, { ...attrs.error, property });
      assignTags(topic, tags, (o) => tagMap(o.Tags));
      topics.push(topic);
      ctx.found(1);
    });
    return topics.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
  },
};
