import { put, type ItemReader, type MappedResource } from './item.js';

const NOT_RECORDED = ['vaultType', 'encryptionKeyType', 'lockDate', 'minRetentionDays', 'maxRetentionDays', 'numberOfRecoveryPoints'] as const;

/** Config records a vault's name and key; not its Vault Lock state nor its access policy, which stay unknown. */
export function mapBackupVault(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const name = r.conf('BackupVaultName').str() ?? r.item.resourceName ?? r.item.resourceId;
  put(p, 'vaultName', name);
  const key = r.conf('EncryptionKeyArn').str();
  if (key === undefined) r.notRecorded('encryptionKeyArn', 'The AWS Config item has no EncryptionKeyArn attribute.');
  else p.encryptionKeyArn = key || null;
  r.notRecorded('locked', 'AWS Config does not record whether Vault Lock applies to a backup vault.');
  for (const property of NOT_RECORDED) r.notRecorded(property, 'AWS Config records a backup vault\'s name, key and notifications only.');
  r.notRecorded('policy', 'AWS Config does not record the access policy of a backup vault.');
  return { properties: p, name, resourceId: name, arn: r.item.arn ?? r.conf('BackupVaultArn').str() ?? undefined };
}
