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

/**
 * Config records a recovery point's encryption, key, vault and copy source, not
 * the type of its key (AWS owned or customer managed): an encrypted point that
 * names no key is left with its key unknown.
 */
export function mapRecoveryPoint(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const arn = r.conf('RecoveryPointArn').str() ?? r.item.arn ?? r.item.resourceId;
  const vault = r.conf('BackupVaultName').str();
  if (vault) p.vaultName = vault;
  else r.notRecorded('vaultName', 'The AWS Config item has no BackupVaultName attribute.');
  p.vaultArn = r.conf('BackupVaultArn').str() ?? null;
  p.sourceBackupVaultArn = r.conf('SourceBackupVaultArn').str() ?? null;
  p.resourceArn = r.conf('ResourceArn').str() ?? null;
  p.resourceType = r.conf('ResourceType').str() ?? null;
  p.status = r.conf('Status').str() ?? null;
  p.creationDate = r.conf('CreationDate').date() ?? null;
  const encrypted = r.conf('IsEncrypted').bool();
  if (encrypted === undefined || encrypted === null) r.notRecorded('isEncrypted', 'The AWS Config item has no IsEncrypted attribute.');
  else p.isEncrypted = encrypted;
  p.encryptionKeyArn = r.conf('EncryptionKeyArn').str() || null;
  r.notRecorded('encryptionKeyType', 'AWS Config does not record whether a recovery point\'s key is AWS owned or customer managed.');
  p.deleteAt = r.conf('CalculatedLifecycle.DeleteAt').date() ?? null;
  const name = arn.slice(Math.max(arn.lastIndexOf(':'), arn.lastIndexOf('/')) + 1) || arn;
  return { properties: p, name, resourceId: arn, arn };
}
