import {
  DescribeDeliveryStreamCommand,
  ListDeliveryStreamsCommand,
  ListTagsForDeliveryStreamCommand,
  type DeliveryStreamDescription,
  type EncryptionConfiguration,
  type Tag,
} from '@aws-sdk/client-firehose';
import type { Resource } from '../inventory/resource.js';
import { carrying, complete, required, requireFields, unknownIfAbsent } from './always-present.js';
import { forEach, listAll, recordOn, tagMap, type Collector, type CollectorContext } from './context.js';
import { regionalArn, regionalResource } from './resource.js';

const DESCRIBED = ['deliveryStreamType', 'encryption', 'sourceKinesisStreamArn', 's3Destinations'];

function s3Destination(bucketArn: string | undefined, encryption: EncryptionConfiguration | undefined): Record<string, unknown> {
  return { bucketArn: bucketArn ?? null, kmsKeyArn: encryption?.KMSEncryptionConfig?.AWSKMSKeyARN ?? null };
}

/** The encryption facts of a stream description, in the model's terms. */
export function deliveryStreamProperties(d: DeliveryStreamDescription): Record<string, unknown> {
  const sse = d.DeliveryStreamEncryptionConfiguration;
  return {
    deliveryStreamType: d.DeliveryStreamType ?? null,
    encryption: sse?.Status ? { status: sse.Status, keyType: sse.KeyType ?? null, keyArn: sse.KeyARN ?? null } : null,
    sourceKinesisStreamArn: d.Source?.KinesisStreamSourceDescription?.KinesisStreamARN ?? null,
    s3Destinations: (d.Destinations ?? []).flatMap((dest) => {
      // An extended S3 destination is also reported in its plain S3 form; count it once.
      const s3 = dest.ExtendedS3DestinationDescription ?? dest.S3DestinationDescription;
      return s3 ? [s3Destination(s3.BucketARN, s3.EncryptionConfiguration)] : [];
    }),
  };
}

/** Every page of a stream's tags; the failure of any page leaves the tags unknown. */
async function readTags(ctx: CollectorContext, stream: Resource): Promise<void> {
  const firehose = ctx.client('firehose');
  const tags: Tag[] = [];
  let start: string | undefined;
  for (;;) {
    const page = complete(
      await ctx.call('firehose:ListTagsForDeliveryStream', () =>
        firehose.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: stream.resourceId, Limit: 50, ...(start ? { ExclusiveStartTagKey: start } : {}) })),
      ),
      ['Tags', 'HasMoreTags'],
      'firehose:ListTagsForDeliveryStream',
    );
    if (!page.ok) {
      recordOn(stream, { ...page.error, property: 'tags' });
      return;
    }
    const got = page.value.Tags ?? [];
    tags.push(...got);
    const last = got.at(-1)?.Key;
    if (!page.value.HasMoreTags || last === undefined || last === start) break;
    start = last;
  }
  stream.tags = tagMap(tags);
}

/**
 * Firehose streams with their server-side encryption, source and S3 destinations.
 * Always present (Firehose API Reference): ListDeliveryStreams' DeliveryStreamNames
 * and HasMoreDeliveryStreams; DescribeDeliveryStream's DeliveryStreamDescription
 * with its DeliveryStreamARN, DeliveryStreamType and Destinations; an S3
 * destination's EncryptionConfiguration; ListTagsForDeliveryStream's Tags and
 * HasMoreTags. Server-side encryption applies only to DirectPut streams
 * (StartDeliveryStreamEncryption); the reference does not say what a DirectPut
 * stream without DeliveryStreamEncryptionConfiguration (or its Status) means, so
 * its encryption is unknown then, not "off".
 */
export const firehoseCollector: Collector = {
  service: 'firehose',
  scope: 'region',
  async collect(ctx) {
    const firehose = ctx.client('firehose');
    // The list pages by the last name seen rather than by a token.
    const list = await listAll(
      ctx,
      'firehose:ListDeliveryStreams',
      (start) =>
        firehose
          .send(new ListDeliveryStreamsCommand({ Limit: 100, ...(start ? { ExclusiveStartDeliveryStreamName: start } : {}) }))
          .then(carrying('firehose:ListDeliveryStreams', 'DeliveryStreamNames', 'HasMoreDeliveryStreams')),
      (o) => o.DeliveryStreamNames,
      (o) => (o.HasMoreDeliveryStreams ? o.DeliveryStreamNames?.at(-1) : undefined),
    );
    const streams: Resource[] = [];
    await forEach(list.items, async (name) => {
      const arn = regionalArn(ctx, 'firehose', `deliverystream/${name}`);
      const stream = regionalResource(ctx, 'AWS::KinesisFirehose::DeliveryStream', name, arn, { deliveryStreamName: name });
      const [described] = await Promise.all([
        ctx.call('firehose:DescribeDeliveryStream', () => firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))),
        readTags(ctx, stream),
      ]);
      const op = 'firehose:DescribeDeliveryStream';
      const d = complete(required(described, 'DeliveryStreamDescription', op), ['DeliveryStreamARN', 'DeliveryStreamType', 'Destinations'], op);
      if (d.ok) {
        stream.arn = d.value.DeliveryStreamARN!;
        Object.assign(stream.properties, deliveryStreamProperties(d.value));
        const s3 = (d.value.Destinations ?? []).flatMap((dest) => [dest.ExtendedS3DestinationDescription ?? dest.S3DestinationDescription].filter((x) => x !== undefined));
        requireFields(stream, op, { s3Destinations: s3.every((x) => x.BucketARN && x.EncryptionConfiguration) ? true : undefined });
        if (d.value.DeliveryStreamType === 'DirectPut') unknownIfAbsent(stream, op, { encryption: d.value.DeliveryStreamEncryptionConfiguration?.Status });
      } else for (const property of DESCRIBED) recordOn(stream, { ...d.error, property });
      streams.push(stream);
      ctx.found(1);
    });
    return streams.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
  },
};
