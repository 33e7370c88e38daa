import { put, type ItemReader, type MappedResource } from './item.js';

/**
 * Config records a machine learning transform in CloudFormation's shape
 * (TransformEncryption.MLUserDataEncryption.MLUserDataEncryptionMode); its
 * resource schema has no status and no task-run security configuration, so
 * those stay unknown. An item without the mode says nothing of the encryption:
 * the mode and the key stay unknown too, not "disabled".
 */
export function mapMlTransform(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const id = r.conf('Id', 'id', 'TransformId').str() ?? r.item.resourceId;
  const name = r.conf('Name', 'name').str() ?? null;
  put(p, 'transformId', id);
  p.name = name;
  const user = r.conf('TransformEncryption.MLUserDataEncryption', 'TransformEncryption.MlUserDataEncryption', 'transformEncryption.mlUserDataEncryption');
  const mode = user.first('MLUserDataEncryptionMode', 'MlUserDataEncryptionMode', 'mlUserDataEncryptionMode').str();
  if (typeof mode === 'string' && mode !== '') {
    p.mlUserDataEncryptionMode = mode;
    const key = user.first('KmsKeyId', 'kmsKeyId').str();
    p.kmsKeyId = typeof key === 'string' && key !== '' ? key : null;
  } else {
    r.notRecorded('mlUserDataEncryptionMode', 'The AWS Config item gives no MLUserDataEncryptionMode for this transform.');
    r.notRecorded('kmsKeyId', 'The AWS Config item gives no MLUserDataEncryptionMode for this transform, so its key is unknown.');
  }
  r.notRecorded('status', 'The AWS Config resource schema lists no status for a Glue ML transform.');
  r.notRecorded('taskRunSecurityConfiguration', 'The AWS Config resource schema lists no task-run security configuration for a Glue ML transform.');
  return { properties: p, ...(name ? { name } : {}), resourceId: id, arn: r.item.arn ?? undefined };
}
