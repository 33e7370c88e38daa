import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, ListTagsForResourceCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { endpointOrigin, snsCollector } from '../../src/collect/sns.js';
import { awsError, byId, collectClean, collectValid, errorCodes, fixture } from './helpers.js';

const sns = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:alerts';

function topic(): void {
  sns.on(ListTopicsCommand).resolves({ Topics: [{ TopicArn: TOPIC }] });
  sns.on(GetTopicAttributesCommand).resolves({ Attributes: { TopicArn: TOPIC, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [] }) } });
  sns.on(ListTagsForResourceCommand).resolves({ Tags: [] });
}

beforeEach(() => sns.reset());

describe('sns collector: subscriptions', () => {
  it('reads every page and keeps only the protocol and, for HTTP(S), scheme and host', async () => {
    topic();
    sns.on(ListSubscriptionsByTopicCommand).resolves(fixture('sns.ListSubscriptionsByTopic_1'));
    sns.on(ListSubscriptionsByTopicCommand, { TopicArn: TOPIC, NextToken: 'page-2' }).resolves(fixture('sns.ListSubscriptionsByTopic_2'));
    const [t] = await collectClean(snsCollector);
    expect(t!.properties.subscriptions).toEqual([
      { protocol: 'http', endpointOrigin: 'http://hooks.example.com:8080', pendingConfirmation: false },
      { protocol: 'email', endpointOrigin: null, pendingConfirmation: false },
      { protocol: 'https', endpointOrigin: 'https://status.example.com', pendingConfirmation: true },
    ]);
    expect(t!.properties.subscriptionsComplete).toBe(true);
    // Tokens in query strings, credentials in the authority and e-mail addresses never reach the snapshot.
    const text = JSON.stringify(t);
    for (const secret of ['s3cr3t', 'k-123', 'user:pw', 'oncall@example.com', '/notify']) expect(text).not.toContain(secret);
  });

  it('stops at ten pages and leaves completeness unknown, with a Truncated error', async () => {
    topic();
    sns.on(ListSubscriptionsByTopicCommand).resolves(fixture('sns.ListSubscriptionsByTopic_1'));
    const { resources } = await collectValid(snsCollector);
    const t = byId(resources, 'AWS::SNS::Topic', TOPIC);
    expect(sns.commandCalls(ListSubscriptionsByTopicCommand)).toHaveLength(10);
    expect(t.properties.subscriptions).toHaveLength(20);
    expect(t.properties).not.toHaveProperty('subscriptionsComplete');
    expect(errorCodes(t)).toEqual(['subscriptionsComplete:Truncated']);
  });

  it('records a denied listing on both properties', async () => {
    topic();
    sns.on(ListSubscriptionsByTopicCommand).rejects(awsError('AuthorizationError', 403));
    const { resources } = await collectValid(snsCollector);
    const t = byId(resources, 'AWS::SNS::Topic', TOPIC);
    expect(t.properties).not.toHaveProperty('subscriptions');
    expect(errorCodes(t)).toEqual(['subscriptions:AuthorizationError', 'subscriptionsComplete:AuthorizationError']);
  });

  it('keeps no endpoint it cannot parse as an HTTP(S) URL', () => {
    expect(endpointOrigin('not a url')).toBeNull();
    expect(endpointOrigin('arn:aws:sqs:eu-west-1:123456789012:q')).toBeNull();
    expect(endpointOrigin(undefined)).toBeNull();
  });
});
