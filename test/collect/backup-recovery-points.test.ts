import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { BackupClient, GetBackupVaultAccessPolicyCommand, ListBackupVaultsCommand, ListRecoveryPointsByBackupVaultCommand, ListTagsCommand, type RecoveryPointByBackupVault } from '@aws-sdk/client-backup';
import { backupCollector } from '../../src/collect/backup.js';
import { RECOVERY_POINTS_PER_VAULT } from '../../src/collect/limits.js';
import { awsError, byId, collectValid, fixture, testContext } from './helpers.js';

const backup = mockClient(BackupClient);
const T = 'AWS::Backup::RecoveryPoint';
const TABLE_POINT = 'arn:aws:backup:eu-west-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45';
const COPIED_SNAPSHOT = 'arn:aws:ec2:eu-west-1::snapshot/snap-0a1b2c3d4e5f60718';
const S3_POINT = 'arn:aws:backup:eu-west-1:123456789012:recovery-point:7C2D6A10-3F44-4E1B-9B6A-5D0E1F2A3B4C';

function recorded(): void {
  backup.on(ListBackupVaultsCommand).resolves(fixture('backup.ListBackupVaults_1'));
  backup.on(ListBackupVaultsCommand, { NextToken: 'vaults-2' }).resolves(fixture('backup.ListBackupVaults_2'));
  backup.on(GetBackupVaultAccessPolicyCommand).rejects(awsError('ResourceNotFoundException', 404));
  backup.on(ListTagsCommand).resolves({ Tags: {} });
  backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [] });
  backup.on(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: 'prod-records' }).resolves(fixture('backup.ListRecoveryPointsByBackupVault_1'));
  backup.on(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: 'prod-records', NextToken: 'points-2' }).resolves(fixture('backup.ListRecoveryPointsByBackupVault_2'));
}

const points = (resources: { resourceType: string; resourceId: string }[]): string[] => resources.filter((r) => r.resourceType === T).map((r) => r.resourceId);

beforeEach(() => backup.reset());

describe('backup collector: recovery points', () => {
  it('reads both pages of a vault\'s recovery points with encryption, key and copy source', async () => {
    recorded();
    const { resources, errors } = await collectValid(backupCollector);
    expect(errors).toEqual([]);
    expect(points(resources)).toEqual([TABLE_POINT, S3_POINT, COPIED_SNAPSHOT]);
    expect(byId(resources, T, TABLE_POINT)).toMatchObject({
      arn: TABLE_POINT,
      name: '1EB3B5E7-9EB0-435A-A80B-108B488B0D45',
      properties: {
        vaultName: 'prod-records',
        isEncrypted: true,
        encryptionKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        encryptionKeyType: 'CUSTOMER_MANAGED_KMS_KEY',
        sourceBackupVaultArn: null,
        resourceType: 'DynamoDB',
        deleteAt: '2027-01-04T03:00:00.000Z',
      },
    });
    expect(byId(resources, T, COPIED_SNAPSHOT)).toMatchObject({
      name: 'snap-0a1b2c3d4e5f60718',
      properties: { isEncrypted: false, encryptionKeyArn: null, sourceBackupVaultArn: 'arn:aws:backup:us-east-1:444455556666:backup-vault:central-copies', deleteAt: null },
    });
    expect(byId(resources, T, S3_POINT).properties).toMatchObject({ isEncrypted: true, encryptionKeyArn: null, encryptionKeyType: 'AWS_OWNED_KMS_KEY' });
  });

  it('leaves encryption unknown for a point listed without IsEncrypted, never "not encrypted"', async () => {
    recorded();
    backup.on(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: 'prod-records' }).resolves({ RecoveryPoints: [{ RecoveryPointArn: TABLE_POINT, Status: 'COMPLETED' }] });
    const { resources } = await collectValid(backupCollector);
    const point = byId(resources, T, TABLE_POINT);
    expect(point.properties).not.toHaveProperty('isEncrypted');
    expect(point.errors).toEqual([expect.objectContaining({ property: 'isEncrypted', code: 'NotReported' })]);
  });

  it('stops at the cap per vault and counts the vault as skipped on purpose', async () => {
    recorded();
    const page = (n: number): RecoveryPointByBackupVault[] =>
      Array.from({ length: 100 }, (_, i) => ({ RecoveryPointArn: `arn:aws:backup:eu-west-1:123456789012:recovery-point:p${String(n * 100 + i).padStart(5, '0')}`, IsEncrypted: true }));
    backup.on(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: 'prod-records' }).callsFake((input: { NextToken?: string }) => {
      const n = Number(input.NextToken ?? '0');
      return { RecoveryPoints: page(n), NextToken: String(n + 1) };
    });
    const { ctx, skipped } = testContext('backup');
    const resources = await backupCollector.collect(ctx);
    expect(points(resources)).toHaveLength(RECOVERY_POINTS_PER_VAULT);
    expect(backup.commandCalls(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: 'prod-records' })).toHaveLength(RECOVERY_POINTS_PER_VAULT / 100);
    expect(skipped).toEqual({ [`AWS::Backup::RecoveryPoint beyond the first ${RECOVERY_POINTS_PER_VAULT} of a vault (vaults)`]: 1 });
  });

  it('keeps the first page when the next fails, and records the list as incomplete', async () => {
    recorded();
    backup.on(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: 'prod-records', NextToken: 'points-2' }).rejects(awsError('ThrottlingException'));
    const { ctx, errors } = testContext('backup');
    expect(points(await backupCollector.collect(ctx))).toEqual([TABLE_POINT, COPIED_SNAPSHOT]);
    expect(errors).toEqual([expect.objectContaining({ operation: 'backup:ListRecoveryPointsByBackupVault', code: 'ThrottlingException' })]);
  });

  it('records a point listed without its ARN for the scope instead of inventing one', async () => {
    recorded();
    backup.on(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: 'prod-records' }).resolves({ RecoveryPoints: [{ IsEncrypted: true }] });
    const { ctx, errors } = testContext('backup');
    expect(points(await backupCollector.collect(ctx))).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ operation: 'backup:ListRecoveryPointsByBackupVault', code: 'IncompleteResponse' })]);
  });
});
