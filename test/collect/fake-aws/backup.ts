import { ACCOUNT, REGION, type AccountState } from './state.js';
import { epochSeconds, json, page, protocolError, type Reply } from './wire.js';

/** One recovery point of a fake vault. */
export interface RecoveryPointState {
  id: string;
  encrypted: boolean;
  keyArn?: string;
  created: Date;
}

/** One fake AWS Backup vault, with its recovery points. */
export interface BackupVaultState {
  name: string;
  keyArn: string;
  locked: boolean;
  points: RecoveryPointState[];
}

const vaultArn = (name: string) => `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:${name}`;
const pointArn = (id: string) => `arn:aws:backup:${REGION}:${ACCOUNT}:recovery-point:${id}`;

/** The REST-JSON operation a request names, for the request log and the faults. */
export function backupOperation(method: string, path: string): string {
  if (method !== 'GET') return `${method} ${path}`;
  if (/^\/backup-vaults\/?$/.test(path)) return 'ListBackupVaults';
  if (/^\/backup-vaults\/[^/]+\/access-policy\/?$/.test(path)) return 'GetBackupVaultAccessPolicy';
  if (/^\/backup-vaults\/[^/]+\/recovery-points\/?$/.test(path)) return 'ListRecoveryPointsByBackupVault';
  if (path.startsWith('/tags/')) return 'ListTags';
  return `${method} ${path}`;
}

/** AWS Backup (REST-JSON): vaults, their (absent) access policies and tags, and their recovery points. */
export function backup(state: AccountState, operation: string, path: string, query: URLSearchParams, pageSize: number | undefined): Reply | undefined {
  const vaults = state.backupVaults ?? [];
  const vaultOf = () => vaults.find((v) => v.name === decodeURIComponent(path.split('/')[2] ?? ''));
  switch (operation) {
    case 'ListBackupVaults': {
      const p = page(vaults, query.get('nextToken'), pageSize);
      return json({
        BackupVaultList: p.items.map((v) => ({ BackupVaultName: v.name, BackupVaultArn: vaultArn(v.name), EncryptionKeyArn: v.keyArn, Locked: v.locked, NumberOfRecoveryPoints: v.points.length })),
        ...(p.next ? { NextToken: p.next } : {}),
      });
    }
    case 'GetBackupVaultAccessPolicy':
      return protocolError('rest-json', 'ResourceNotFoundException', 'no access policy', 404);
    case 'ListTags':
      return json({ Tags: {} });
    case 'ListRecoveryPointsByBackupVault': {
      const vault = vaultOf();
      if (!vault) return protocolError('rest-json', 'ResourceNotFoundException', 'no such vault', 404);
      const p = page(vault.points, query.get('nextToken'), pageSize);
      return json({
        RecoveryPoints: p.items.map((r) => ({
          RecoveryPointArn: pointArn(r.id),
          BackupVaultName: vault.name,
          BackupVaultArn: vaultArn(vault.name),
          Status: 'COMPLETED',
          CreationDate: epochSeconds(r.created),
          IsEncrypted: r.encrypted,
          ...(r.keyArn ? { EncryptionKeyArn: r.keyArn, EncryptionKeyType: 'CUSTOMER_MANAGED_KMS_KEY' } : {}),
        })),
        ...(p.next ? { NextToken: p.next } : {}),
      });
    }
  }
  return undefined;
}
