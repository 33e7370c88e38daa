import { GetBackupVaultAccessPolicyCommand, ListBackupVaultsCommand, ListTagsCommand, type BackupVaultListMember } from '@aws-sdk/client-backup';
import { collectRecoveryPoints } from './backup-recovery-points.js';
import { isoDate, policyDocumentFromText, type Collector } from './context.js';
import { declarativeCollector, readInto, tagsFrom } from './declarative.js';
import { inputRecord } from '../util/own.js';

/** A listed backup vault in the model's terms: ListBackupVaults carries its key and its Vault Lock state, so no describe call is needed. */
export function vaultProperties(v: BackupVaultListMember, name: string): Record<string, unknown> {
  return {
    vaultName: name,
    vaultType: v.VaultType ?? null,
    encryptionKeyArn: v.EncryptionKeyArn ?? null,
    encryptionKeyType: v.EncryptionKeyType ?? null,
    locked: v.Locked ?? false,
    // Without a lock date a lock is in governance mode: it can still be removed.
    lockDate: isoDate(v.LockDate),
    minRetentionDays: v.MinRetentionDays ?? null,
    maxRetentionDays: v.MaxRetentionDays ?? null,
    numberOfRecoveryPoints: v.NumberOfRecoveryPoints ?? null,
  };
}

/** AWS Backup vaults: their KMS key, Vault Lock and access policy. */
const vaultCollector: Collector = declarativeCollector({
  service: 'backup',
  client: 'backup',
  resourceType: 'AWS::Backup::BackupVault',
  list: {
    operation: 'backup:ListBackupVaults',
    page: (b, t) => b.send(new ListBackupVaultsCommand({ MaxResults: 100, ...(t ? { NextToken: t } : {}) })),
    items: (o) => o.BackupVaultList,
    next: (o) => o.NextToken,
  },
  // The policy and tag calls need the ARN, so a vault listed without one cannot be read.
  id: (v) => (v.BackupVaultArn ? v.BackupVaultName : undefined),
  idField: 'BackupVaultArn or BackupVaultName',
  arn: (_ctx, v) => v.BackupVaultArn!,
  listed: (v, name) => vaultProperties(v, name),
  // Every vault has a key (Backup always encrypts) and a lock state.
  itemCarries: { fields: ['EncryptionKeyArn', 'Locked'], keep: ['vaultName'] },
  reads: [
    readInto({
      property: 'policy',
      operation: 'backup:GetBackupVaultAccessPolicy',
      send: (b, v) => b.send(new GetBackupVaultAccessPolicyCommand({ BackupVaultName: v.BackupVaultName! })),
      map: (o) => policyDocumentFromText(o.Policy),
      // A vault without an access policy answers ResourceNotFoundException.
      none: { codes: ['ResourceNotFoundException'], value: null },
    }),
    tagsFrom({
      operation: 'backup:ListTags',
      // A resource has at most 50 tags, so one page of 1,000 holds them all.
      send: (b, _v, vault) => b.send(new ListTagsCommand({ ResourceArn: vault.arn, MaxResults: 1000 })),
      map: (o) => Object.assign(inputRecord<string>(), o.Tags),
    }),
  ],
});

/** AWS Backup vaults, then the recovery points of each (encryption and key, per point). */
export const backupCollector: Collector = {
  service: 'backup',
  scope: 'region',
  async collect(ctx) {
    const vaults = await vaultCollector.collect(ctx);
    return [...vaults, ...(await collectRecoveryPoints(ctx, vaults))];
  },
};
