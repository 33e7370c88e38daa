import { put, type ItemReader, type MappedResource } from './item.js';

/** Config records the stream as CloudFormation describes it: no StreamEncryption block means the stream is not encrypted. */
export function mapStream(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const name = r.conf('Name', 'name').str() ?? r.item.resourceName ?? r.item.resourceId;
  put(p, 'streamName', name);
  put(p, 'retentionPeriodHours', r.conf('RetentionPeriodHours', 'retentionPeriodHours').int());
  const encryption = r.conf('StreamEncryption', 'streamEncryption');
  const type = encryption.missing || encryption.value === null ? null : encryption.first('EncryptionType', 'encryptionType').str();
  p.encryptionType = type === 'KMS' ? 'KMS' : 'NONE';
  p.kmsKeyId = type === 'KMS' ? (encryption.first('KeyId', 'keyId').str() ?? null) : null;
  r.notRecorded('policy', 'AWS Config does not record the resource policy of a Kinesis data stream.');
  return { properties: p, name, resourceId: name, arn: r.item.arn ?? r.conf('Arn', 'arn').str() ?? undefined };
}
