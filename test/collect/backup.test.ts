import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { BackupClient, GetBackupVaultAccessPolicyCommand, ListBackupVaultsCommand, ListRecoveryPointsByBackupVaultCommand, ListTagsCommand } from '@aws-sdk/client-backup';
import { backupCollector } from '../../src/collect/backup.js';
import { awsError, byId, collectValid, fixture, testContext } from './helpers.js';

const backup = mockClient(BackupClient);
const T = 'AWS::Backup::BackupVault';
const PROD = 'arn:aws:backup:eu-west-1:123456789012:backup-vault:prod-records';
const DEFAULT = 'arn:aws:backup:eu-west-1:123456789012:backup-vault:Default';

function recorded(): void {
  backup.on(ListBackupVaultsCommand).resolves(fixture('backup.ListBackupVaults_1'));
  backup.on(ListBackupVaultsCommand, { NextToken: 'vaults-2' }).resolves(fixture('backup.ListBackupVaults_2'));
  // A vault without an access policy answers ResourceNotFoundException.
  backup.on(GetBackupVaultAccessPolicyCommand).rejects(awsError('ResourceNotFoundException', 404));
  backup.on(GetBackupVaultAccessPolicyCommand, { BackupVaultName: 'prod-records' }).resolves(fixture('backup.GetBackupVaultAccessPolicy'));
  backup.on(ListTagsCommand).resolves({ Tags: {} });
  backup.on(ListTagsCommand, { ResourceArn: PROD }).resolves(fixture('backup.ListTags'));
  // Recovery points have their own test file.
  backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [] });
}

beforeEach(() => backup.reset());

describe('backup collector', () => {
  it('reads both pages of vaults with key, Vault Lock, access policy and tags', async () => {
    recorded();
    const { resources, errors } = await collectValid(backupCollector);
    expect(errors).toEqual([]);
    expect(backup.commandCalls(ListBackupVaultsCommand)).toHaveLength(2);
    expect(resources.map((r) => r.resourceId)).toEqual(['Default', 'prod-records']);
    const prod = byId(resources, T, 'prod-records');
    expect(prod).toMatchObject({ arn: PROD, tags: { owner: 'platform', 'data-classification': 'confidential' } });
    expect(prod.properties).toMatchObject({
      vaultName: 'prod-records',
      encryptionKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      locked: true,
      lockDate: '2025-06-15T08:30:00.000Z',
      minRetentionDays: 35,
      maxRetentionDays: 3650,
    });
    expect((prod.properties.policy as { Statement: unknown[] }).Statement).toHaveLength(1);
    expect(byId(resources, T, 'Default')).toMatchObject({ arn: DEFAULT, tags: {}, properties: { locked: false, lockDate: null, minRetentionDays: null, policy: null } });
  });

  it('records a denied policy as absent, never as "no policy"', async () => {
    recorded();
    backup.on(GetBackupVaultAccessPolicyCommand, { BackupVaultName: 'prod-records' }).rejects(awsError('AccessDeniedException', 403));
    const { ctx } = testContext('backup');
    const prod = byId(await backupCollector.collect(ctx), T, 'prod-records');
    expect(prod.properties).not.toHaveProperty('policy');
    expect(prod.errors).toEqual([expect.objectContaining({ property: 'policy', operation: 'backup:GetBackupVaultAccessPolicy', code: 'AccessDeniedException' })]);
  });

  it('leaves key and lock unknown for a listed vault without the fields every vault carries', async () => {
    recorded();
    backup.on(ListBackupVaultsCommand).resolves({ BackupVaultList: [{ BackupVaultName: 'odd', BackupVaultArn: 'arn:aws:backup:eu-west-1:123456789012:backup-vault:odd' }] });
    const { resources } = await collectValid(backupCollector);
    const odd = byId(resources, T, 'odd');
    expect(odd.properties).not.toHaveProperty('locked');
    expect(odd.properties).not.toHaveProperty('encryptionKeyArn');
    expect(odd.errors).toContainEqual(expect.objectContaining({ operation: 'backup:ListBackupVaults', code: 'IncompleteResponse' }));
  });

  it('records a listed vault without an ARN as a scope error instead of inventing one', async () => {
    backup.on(ListBackupVaultsCommand).resolves({ BackupVaultList: [{ BackupVaultName: 'no-arn', Locked: false }] });
    const { ctx, errors } = testContext('backup');
    expect(await backupCollector.collect(ctx)).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ operation: 'backup:ListBackupVaults', code: 'IncompleteResponse' })]);
  });

  it('keeps the vaults of the first page when the second page fails, and says the list is incomplete', async () => {
    recorded();
    backup.on(ListBackupVaultsCommand, { NextToken: 'vaults-2' }).rejects(awsError('ThrottlingException'));
    const { ctx, errors } = testContext('backup');
    expect((await backupCollector.collect(ctx)).map((r) => r.resourceId)).toEqual(['Default']);
    expect(errors).toEqual([expect.objectContaining({ operation: 'backup:ListBackupVaults', code: 'ThrottlingException' })]);
  });
});
