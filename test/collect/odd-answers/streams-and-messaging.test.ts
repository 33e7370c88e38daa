import { afterEach, describe } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeDeliveryStreamCommand, FirehoseClient, ListDeliveryStreamsCommand, ListTagsForDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { GetPolicyCommand as GetIotPolicyCommand, IoTClient, ListPoliciesCommand, ListTagsForResourceCommand as ListIotTagsCommand } from '@aws-sdk/client-iot';
import { DescribeStreamSummaryCommand, GetResourcePolicyCommand, KinesisClient, ListStreamsCommand, ListTagsForResourceCommand as ListKinesisTagsCommand } from '@aws-sdk/client-kinesis';
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, ListTagsForResourceCommand as ListSnsTagsCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { firehoseCollector } from '../../../src/collect/firehose.js';
import { iotCollector } from '../../../src/collect/iot.js';
import { kinesisCollector } from '../../../src/collect/kinesis.js';
import { snsCollector } from '../../../src/collect/sns.js';
import { ACCOUNT } from '../helpers.js';
import { neverJudgedFromMissingFields, type OddAnswer } from './verdicts.js';

const kinesis = mockClient(KinesisClient);
const firehose = mockClient(FirehoseClient);
const sns = mockClient(SNSClient);
const iot = mockClient(IoTClient);
afterEach(() => [kinesis, firehose, sns, iot].forEach((m) => m.reset()));

const STREAM_ARN = `arn:aws:kinesis:eu-west-1:${ACCOUNT}:stream/events`;
const TOPIC_ARN = `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`;

function kinesisList(): void {
  kinesis.on(ListStreamsCommand).resolves({ StreamNames: ['events'], HasMoreStreams: false, StreamSummaries: [{ StreamName: 'events', StreamARN: STREAM_ARN, StreamStatus: 'ACTIVE' }] });
  kinesis.on(ListKinesisTagsCommand).resolves({ Tags: [] });
}

function firehoseList(): void {
  firehose.on(ListDeliveryStreamsCommand).resolves({ DeliveryStreamNames: ['orders'], HasMoreDeliveryStreams: false });
  firehose.on(ListTagsForDeliveryStreamCommand).resolves({ Tags: [], HasMoreTags: false });
}

const CASES: OddAnswer[] = [
  {
    name: 'Kinesis DescribeStreamSummary without StreamDescriptionSummary, GetResourcePolicy without Policy',
    collector: kinesisCollector,
    types: ['AWS::Kinesis::Stream'],
    serve: () => {
      kinesisList();
      kinesis.on(DescribeStreamSummaryCommand).resolves({});
      kinesis.on(GetResourcePolicyCommand).resolves({});
    },
  },
  {
    name: 'Kinesis stream summary without RetentionPeriodHours and EncryptionType (unexplained when absent)',
    collector: kinesisCollector,
    types: ['AWS::Kinesis::Stream'],
    serve: () => {
      kinesisList();
      kinesis.on(DescribeStreamSummaryCommand).resolves({ StreamDescriptionSummary: { StreamName: 'events', StreamARN: STREAM_ARN, StreamStatus: 'ACTIVE' } as never });
      kinesis.on(GetResourcePolicyCommand).resolves({});
    },
  },
  {
    name: 'Kinesis stream summary complete but for EncryptionType',
    collector: kinesisCollector,
    types: ['AWS::Kinesis::Stream'],
    serve: () => {
      kinesisList();
      kinesis.on(DescribeStreamSummaryCommand).resolves({
        StreamDescriptionSummary: { StreamName: 'events', StreamARN: STREAM_ARN, StreamStatus: 'ACTIVE', RetentionPeriodHours: 24, StreamCreationTimestamp: new Date(0), EnhancedMonitoring: [], OpenShardCount: 1 },
      });
      kinesis.on(GetResourcePolicyCommand).resolves({});
    },
  },
  {
    name: 'Firehose DescribeDeliveryStream without DeliveryStreamDescription',
    collector: firehoseCollector,
    types: ['AWS::KinesisFirehose::DeliveryStream'],
    serve: () => {
      firehoseList();
      firehose.on(DescribeDeliveryStreamCommand).resolves({});
    },
  },
  {
    name: 'Firehose DirectPut stream without DeliveryStreamEncryptionConfiguration (unexplained when absent)',
    collector: firehoseCollector,
    types: ['AWS::KinesisFirehose::DeliveryStream'],
    serve: () => {
      firehoseList();
      firehose.on(DescribeDeliveryStreamCommand).resolves({
        DeliveryStreamDescription: {
          DeliveryStreamName: 'orders',
          DeliveryStreamARN: `arn:aws:firehose:eu-west-1:${ACCOUNT}:deliverystream/orders`,
          DeliveryStreamStatus: 'ACTIVE',
          DeliveryStreamType: 'DirectPut',
          VersionId: '1',
          Destinations: [],
          HasMoreDestinations: false,
        },
      });
    },
  },
  {
    name: 'SNS GetTopicAttributes without Attributes',
    collector: snsCollector,
    types: ['AWS::SNS::Topic'],
    // The rules that read the topic's attributes; sns-topic-no-http-subscriptions reads another call, answered in full here.
    rules: ['kms-key-unusable-while-in-use', 'sns-topic-cross-account', 'sns-topic-kms-encrypted', 'sns-topic-policy-not-public', 'sns-topic-tls-only'],
    serve: () => {
      sns.on(ListTopicsCommand).resolves({ Topics: [{ TopicArn: TOPIC_ARN }] });
      sns.on(GetTopicAttributesCommand).resolves({});
      sns.on(ListSnsTagsCommand).resolves({ Tags: [] });
      sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
    },
  },
  {
    name: 'SNS GetTopicAttributes without TopicArn (the issue\'s SQS case, for topics)',
    collector: snsCollector,
    types: ['AWS::SNS::Topic'],
    // The rules that read the topic's attributes; sns-topic-no-http-subscriptions reads another call, answered in full here.
    rules: ['kms-key-unusable-while-in-use', 'sns-topic-cross-account', 'sns-topic-kms-encrypted', 'sns-topic-policy-not-public', 'sns-topic-tls-only'],
    serve: () => {
      sns.on(ListTopicsCommand).resolves({ Topics: [{ TopicArn: TOPIC_ARN }] });
      sns.on(GetTopicAttributesCommand).resolves({ Attributes: { DisplayName: 'alerts' } });
      sns.on(ListSnsTagsCommand).resolves({ Tags: [] });
      sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
    },
  },
  {
    name: 'SNS ListSubscriptionsByTopic without Subscriptions',
    collector: snsCollector,
    types: ['AWS::SNS::Topic'],
    rules: ['sns-topic-no-http-subscriptions'],
    serve: () => {
      sns.on(ListTopicsCommand).resolves({ Topics: [{ TopicArn: TOPIC_ARN }] });
      sns.on(GetTopicAttributesCommand).resolves({ Attributes: { TopicArn: TOPIC_ARN, Policy: '{"Version":"2012-10-17","Statement":[]}' } });
      sns.on(ListSnsTagsCommand).resolves({ Tags: [] });
      sns.on(ListSubscriptionsByTopicCommand).resolves({});
    },
  },
  {
    name: 'IoT GetPolicy without policyDocument',
    collector: iotCollector,
    types: ['AWS::IoT::Policy'],
    serve: () => {
      iot.on(ListPoliciesCommand).resolves({ policies: [{ policyName: 'devices', policyArn: `arn:aws:iot:eu-west-1:${ACCOUNT}:policy/devices` }] });
      iot.on(GetIotPolicyCommand).resolves({ policyName: 'devices', defaultVersionId: '1' });
      iot.on(ListIotTagsCommand).resolves({ tags: [] });
    },
  },
];

describe('streams and messaging: an answer lacking what every valid answer carries leaves every rule UNKNOWN, never PASS', () => {
  neverJudgedFromMissingFields(CASES);
});
