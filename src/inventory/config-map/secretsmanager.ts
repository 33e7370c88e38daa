import { put, type ItemReader, type MappedResource } from './item.js';

/**
 * Config records a secret's key and rotation schedule, not when it was last
 * rotated or read, nor its resource policy: those stay unknown.
 */
export function mapSecret(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const name = r.conf('Name').str() ?? r.item.resourceName ?? r.item.resourceId;
  put(p, 'secretName', name);
  const key = r.conf('KMSKeyId', 'KmsKeyId').str();
  // A secret without a key of its own is encrypted with the AWS managed key aws/secretsmanager.
  put(p, 'kmsKeyId', key === undefined ? undefined : key || null);
  const rotation = r.conf('RotationEnabled').bool();
  if (rotation === undefined) r.notRecorded('rotationEnabled', 'The AWS Config item has no RotationEnabled attribute.');
  else p.rotationEnabled = rotation ?? false;
  p.rotationIntervalDays = r.conf('RotationRules').missing ? null : (r.conf('RotationRules').first('AutomaticallyAfterDays').int() ?? null);
  r.notRecorded('lastRotatedDate', 'AWS Config does not record when a secret was last rotated.');
  r.notRecorded('lastAccessedDate', 'AWS Config does not record when a secret was last accessed.');
  r.notRecorded('policy', 'AWS Config does not record the resource policy of a Secrets Manager secret.');
  r.notRecorded('createdDate', 'The importer does not read the creation time of AWS Config items, so the age of a secret is unknown.');
  r.notRecorded('owningService', 'AWS Config does not record which service manages a secret.');
  return { properties: p, name, resourceId: name, arn: r.item.arn ?? r.conf('ARN').str() ?? undefined };
}
