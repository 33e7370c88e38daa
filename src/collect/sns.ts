import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, ListTagsForResourceCommand, ListTopicsCommand, type Subscription } from '@aws-sdk/client-sns';
import type { Resource } from '../inventory/resource.js';
import { complete, identified, required, unknownIfAbsent, withhold } from './always-present.js';
import { assignTags, forEach, listAll, policyDocumentFromText, recordOn, tagMap, type Collector, type CollectorContext } from './context.js';
import { regionalResource } from './resource.js';

const DESCRIBED = ['kmsMasterKeyId', 'policy'];

/** ListSubscriptionsByTopic answers up to 100 subscriptions a page: ten pages bound a topic with a huge fan-out. */
const MAX_SUBSCRIPTION_PAGES = 10;

/** Scheme and host of an HTTP(S) endpoint; its path and query string can carry tokens and are never kept. */
export function endpointOrigin(endpoint: string | undefined): string | null {
  if (!endpoint) return null;
  try {
    const u = new URL(endpoint);
    return u.protocol === 'http:' || u.protocol === 'https:' ? `${u.protocol}//${u.host}` : null;
  } catch {
    return null;
  }
}

/** What is kept of a subscription: its protocol, and for HTTP(S) only where it delivers; e-mail addresses and phone numbers are never kept. */
function subscription(s: Subscription): { protocol: string | null; endpointOrigin: string | null; pendingConfirmation: boolean } {
  const protocol = s.Protocol ?? null;
  return {
    protocol,
    endpointOrigin: protocol === 'http' || protocol === 'https' ? endpointOrigin(s.Endpoint) : null,
    pendingConfirmation: s.SubscriptionArn === 'PendingConfirmation',
  };
}

/**
 * The topic's subscriptions, up to the bound. `subscriptionsComplete` is set only when every
 * page was read: beyond the bound it stays unknown (a recorded Truncated error), since an
 * unread page may hold the subscription a rule looks for.
 */
async function topicSubscriptions(ctx: CollectorContext, topic: Resource): Promise<void> {
  const sns = ctx.client('sns');
  const subs: ReturnType<typeof subscription>[] = [];
  let token: string | undefined;
  for (let pageNo = 0; pageNo < MAX_SUBSCRIPTION_PAGES; pageNo++) {
    const answer = await ctx.call('sns:ListSubscriptionsByTopic', () => sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic.arn, ...(token ? { NextToken: token } : {}) })));
    // Every answer carries the list, empty for a topic without subscriptions: without it the page is unknown, not empty.
    const o = complete(answer, ['Subscriptions'], 'sns:ListSubscriptionsByTopic');
    if (!o.ok) {
      recordOn(topic, { ...o.error, property: 'subscriptions' });
      recordOn(topic, { ...o.error, property: 'subscriptionsComplete' });
      return;
    }
    subs.push(...(o.value.Subscriptions ?? []).map(subscription));
    token = o.value.NextToken;
    if (!token) break;
  }
  topic.properties.subscriptions = subs;
  if (token) {
    recordOn(topic, {
      property: 'subscriptionsComplete',
      operation: 'sns:ListSubscriptionsByTopic',
      code: 'Truncated',
      message: `read the first ${subs.length} subscriptions (${MAX_SUBSCRIPTION_PAGES} pages); the topic has more`,
    });
  } else topic.properties.subscriptionsComplete = true;
}

/**
 * SNS topics with their encryption key, access policy and subscriptions. GetTopicAttributes
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
      await topicSubscriptions(ctx, topic);
      topics.push(topic);
      ctx.found(1);
    });
    return topics.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
  },
};
