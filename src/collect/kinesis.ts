import {
  DescribeStreamSummaryCommand,
  GetResourcePolicyCommand,
  ListStreamsCommand,
  ListTagsForResourceCommand,
  type StreamDescriptionSummary,
} from '@aws-sdk/client-kinesis';
import { carrying, unknownIfAbsent } from './always-present.js';
import { policyDocumentFromText, tagMap, type Collector } from './context.js';
import { declarativeCollector, describeInto, readInto, tagsFrom } from './declarative.js';
import { regionalArn } from './resource.js';

/** The encryption facts of a stream summary, in the model's terms. */
export function streamEncryption(s: StreamDescriptionSummary): Record<string, unknown> {
  const kms = s.EncryptionType === 'KMS';
  return {
    retentionPeriodHours: s.RetentionPeriodHours ?? null,
    encryptionType: kms ? 'KMS' : 'NONE',
    kmsKeyId: kms ? (s.KeyId ?? null) : null,
  };
}

/** Kinesis answers a stream without a resource policy with an empty document. */
export function streamPolicy(text: string | undefined): unknown {
  const policy = policyDocumentFromText(text);
  return policy !== null && typeof policy === 'object' && Object.keys(policy).length === 0 ? null : policy;
}

/**
 * Kinesis data streams with their server-side encryption and resource policy.
 * Always present (Kinesis API Reference): ListStreams' StreamNames and
 * HasMoreStreams; DescribeStreamSummary's StreamDescriptionSummary with its
 * StreamName, StreamARN, StreamStatus and RetentionPeriodHours; GetResourcePolicy's
 * Policy ("{}" when the stream has none).
 */
export const kinesisCollector: Collector = declarativeCollector({
  service: 'kinesis',
  client: 'kinesis',
  resourceType: 'AWS::Kinesis::Stream',
  list: {
    operation: 'kinesis:ListStreams',
    page: (kinesis, t) => kinesis.send(new ListStreamsCommand(t ? { NextToken: t } : {})).then(carrying('kinesis:ListStreams', 'StreamNames', 'HasMoreStreams')),
    items: (o) => o.StreamSummaries,
    // Only a page that says more streams follow carries a token to them.
    next: (o) => (o.HasMoreStreams ? o.NextToken : undefined),
  },
  id: (s) => s.StreamName,
  idField: 'StreamName',
  arn: (ctx, s, name) => s.StreamARN ?? regionalArn(ctx, 'kinesis', `stream/${name}`),
  listed: (_s, name) => ({ streamName: name }),
  reads: [
    describeInto({
      operation: 'kinesis:DescribeStreamSummary',
      send: (kinesis, _s, stream) => kinesis.send(new DescribeStreamSummaryCommand({ StreamARN: stream.arn })),
      pick: (o) => o.StreamDescriptionSummary,
      field: 'StreamDescriptionSummary',
      carries: ['StreamName', 'StreamARN', 'StreamStatus', 'RetentionPeriodHours'],
      map: streamEncryption,
      properties: ['retentionPeriodHours', 'encryptionType', 'kmsKeyId'],
      // The reference lists EncryptionType's values (KMS, NONE) but not what its absence means, nor KeyId's under KMS: unknown, not NONE.
      after: (r, s) => unknownIfAbsent(r, 'kinesis:DescribeStreamSummary', { encryptionType: s.EncryptionType, ...(s.EncryptionType === 'KMS' ? { kmsKeyId: s.KeyId } : {}) }),
    }),
    readInto({
      property: 'policy',
      operation: 'kinesis:GetResourcePolicy',
      send: (kinesis, _s, stream) => kinesis.send(new GetResourcePolicyCommand({ ResourceARN: stream.arn })),
      carries: ['Policy'],
      map: (o) => streamPolicy(o.Policy),
    }),
    tagsFrom({
      operation: 'kinesis:ListTagsForResource',
      send: (kinesis, _s, stream) => kinesis.send(new ListTagsForResourceCommand({ ResourceARN: stream.arn })),
      map: (o) => tagMap(o.Tags),
    }),
  ],
});
