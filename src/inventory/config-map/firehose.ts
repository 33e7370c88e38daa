import type { Cursor } from './cursor.js';
import { put, type ItemReader, type MappedResource } from './item.js';

function s3Destination(c: Cursor): Record<string, unknown> | undefined {
  if (c.missing || c.value === null) return undefined;
  return {
    bucketArn: c.first('BucketARN', 'bucketARN').str() ?? null,
    kmsKeyArn: c.first('EncryptionConfiguration.KMSEncryptionConfig.AWSKMSKeyARN', 'encryptionConfiguration.kMSEncryptionConfig.aWSKMSKeyARN').str() ?? null,
  };
}

/**
 * Config records the stream in its CloudFormation form: server-side encryption is the
 * DeliveryStreamEncryptionConfigurationInput the stream was given, without the status DescribeDeliveryStream reports,
 * so a recorded configuration is taken as enabled and a missing one as none.
 */
export function mapDeliveryStream(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const name = r.conf('DeliveryStreamName', 'deliveryStreamName').str() ?? r.item.resourceName ?? r.item.resourceId;
  put(p, 'deliveryStreamName', name);
  p.deliveryStreamType = r.conf('DeliveryStreamType', 'deliveryStreamType').str() ?? null;
  const sse = r.conf('DeliveryStreamEncryptionConfigurationInput', 'deliveryStreamEncryptionConfigurationInput');
  if (sse.missing || sse.value === null) p.encryption = null;
  else {
    const keyType = sse.first('KeyType', 'keyType').str() ?? null;
    const keyArn = sse.first('KeyARN', 'keyARN').str() ?? null;
    // Config records the key type without the key ARN: the key type grades the stream, the key itself stays unknown.
    if (keyType === 'CUSTOMER_MANAGED_CMK' && keyArn === null) {
      p.encryption = { status: 'ENABLED', keyType };
      r.notRecorded('encryption.keyArn', 'The AWS Config item names a customer managed key type but not the key.');
    } else p.encryption = { status: 'ENABLED', keyType, keyArn };
  }
  p.sourceKinesisStreamArn = r.conf('KinesisStreamSourceConfiguration.KinesisStreamARN', 'kinesisStreamSourceConfiguration.kinesisStreamARN').str() ?? null;
  const destination = s3Destination(r.conf('ExtendedS3DestinationConfiguration', 'extendedS3DestinationConfiguration')) ?? s3Destination(r.conf('S3DestinationConfiguration', 's3DestinationConfiguration'));
  p.s3Destinations = destination ? [destination] : [];
  return { properties: p, name, resourceId: name, arn: r.item.arn ?? r.conf('Arn', 'arn').str() ?? undefined };
}
