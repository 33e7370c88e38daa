import { GetTopicAttributesCommand, ListTagsForResourceCommand, ListTopicsCommand } from '@aws-sdk/client-sns';
import type { Resource } from '../inventory/resource.js';
import { complete, identified, required, unknownIfAbsent, withhold } from './always-present.js';
import { assignTags, forEach, listAll, policyDocumentFromText, tagMap, type Collector } from './context.js';
import { regionalResource } from './resource.js';

const DESCRIBED = ['kmsMasterKeyId', 'policy'];

/**
 * SNS topics with their encryption key and access policy. GetTopicAttributes
 * answers with the map of every attribute of the topic, TopicArn among them
 * (SNS API Reference); KmsMasterKeyId applies only to topics with server-side
 * encryption, so its absence reads as none. The reference does not say what a
 * missing Policy means (SNS gives every topic a default policy): unknown, not
 * "no policy".
 */
export const snsCollector: Collector = {
  service: 'sns',
  scope: 'region',
  async collect(ctx) {
    const sns = ctx.client('sns');
    const list = await listAll(ctx, 'sns:ListTopics', (t) => sns.send(new ListTopicsCommand(t ? { NextToken: t } : {})), (o) => o.Topics, (o) => o.NextToken);
    const topics: Resource[] = [];
    await forEach(identified(ctx, list.items, 'TopicArn', (t) => t.TopicArn, 'sns:ListTopics'), async (t) => {
      const arn = t.TopicArn!;
      const name = arn.slice(arn.lastIndexOf(':') + 1);
      const topic = regionalResource(ctx, 'AWS::SNS::Topic', arn, arn, { topicName: name }, { name });
      const [attrs, tags] = await Promise.all([
        ctx.call('sns:GetTopicAttributes', () => sns.send(new GetTopicAttributesCommand({ TopicArn: arn }))),
        ctx.call('sns:ListTagsForResource', () => sns.send(new ListTagsForResourceCommand({ ResourceArn: arn }))),
      ]);
      const a = complete(required(attrs, 'Attributes', 'sns:GetTopicAttributes'), ['TopicArn'], 'sns:GetTopicAttributes');
      if (a.ok) {
        topic.properties.kmsMasterKeyId = a.value.KmsMasterKeyId || null;
        topic.properties.policy = policyDocumentFromText(a.value.Policy);
        unknownIfAbsent(topic, 'sns:GetTopicAttributes', { policy: a.value.Policy });
      } else withhold(topic, DESCRIBED, a.error);
      assignTags(topic, tags, (o) => tagMap(o.Tags));
      topics.push(topic);
      ctx.found(1);
    });
    return topics.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
  },
};
