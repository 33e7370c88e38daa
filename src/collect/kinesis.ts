import {
  DescribeStreamSummaryCommand,
  GetResourcePolicyCommand,
  ListStreamsCommand,
  ListTagsForResourceCommand,
  type StreamDescriptionSummary,
} from '@aws-sdk/client-kinesis';
import type { Resource } from '../inventory/resource.js';
import { assign, assignTags, forEach, listAll, policyDocumentFromText, recordOn, tagMap, type Collector } from './context.js';
import { regionalArn, regionalResource } from './resource.js';

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

const SUMMARY_PROPERTIES = ['retentionPeriodHours', 'encryptionType', 'kmsKeyId'];

/** Kinesis data streams with their server-side encryption and resource policy. */
export const kinesisCollector: Collector = {
  service: 'kinesis',
  scope: 'region',
  async collect(ctx) {
    const kinesis = ctx.client('kinesis');
    const list = await listAll(
      ctx,
      'kinesis:ListStreams',
      (t) => kinesis.send(new ListStreamsCommand(t ? { NextToken: t } : {})),
      (o) => o.StreamSummaries,
      // Only a page that says more streams follow carries a token to them.
      (o) => (o.HasMoreStreams ? o.NextToken : undefined),
    );
    const streams: Resource[] = [];
    await forEach(list.items.filter((s) => s.StreamName), async (s) => {
      const name = s.StreamName!;
      const arn = s.StreamARN ?? regionalArn(ctx, 'kinesis', `stream/${name}`);
      const stream = regionalResource(ctx, 'AWS::Kinesis::Stream', name, arn, { streamName: name });
      const [summary, policy, tags] = await Promise.all([
        ctx.call('kinesis:DescribeStreamSummary', () => kinesis.send(new DescribeStreamSummaryCommand({ StreamARN: arn }))),
        ctx.call('kinesis:GetResourcePolicy', () => kinesis.send(new GetResourcePolicyCommand({ ResourceARN: arn }))),
        ctx.call('kinesis:ListTagsForResource', () => kinesis.send(new ListTagsForResourceCommand({ ResourceARN: arn }))),
      ]);
      const described = summary.ok ? summary.value.StreamDescriptionSummary : undefined;
      if (described) Object.assign(stream.properties, streamEncryption(described));
      else {
        const error = summary.ok ? { operation: 'kinesis:DescribeStreamSummary', code: 'EmptyResponse', message: 'the response had no stream description' } : summary.error;
        for (const property of SUMMARY_PROPERTIES) recordOn(stream, { ...error, property });
      }
      assign(stream, 'policy', policy, (o) => streamPolicy(o.Policy));
      assignTags(stream, tags, (o) => tagMap(o.Tags));
      streams.push(stream);
      ctx.found(1);
    });
    return streams.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
  },
};
