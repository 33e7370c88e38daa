import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetVaultAccessPolicyCommand, GetVaultLockCommand, GlacierClient, ListTagsForVaultCommand, ListVaultsCommand } from '@aws-sdk/client-glacier';
import { glacierCollector } from '../../src/collect/glacier.js';
import { awsError, byId, collectValid, fixture, testContext } from './helpers.js';

const glacier = mockClient(GlacierClient);
const T = 'AWS::Glacier::Vault';

function recorded(): void {
  glacier.on(ListVaultsCommand).resolves(fixture('glacier.ListVaults_1'));
  glacier.on(ListVaultsCommand, { marker: 'arn:aws:glacier:eu-west-1:123456789012:vaults/audit-archive' }).resolves(fixture('glacier.ListVaults_2'));
  // A vault without a policy or a lock answers ResourceNotFoundException.
  glacier.on(GetVaultAccessPolicyCommand).rejects(awsError('ResourceNotFoundException', 404));
  glacier.on(GetVaultAccessPolicyCommand, { vaultName: 'audit-archive' }).resolves(fixture('glacier.GetVaultAccessPolicy'));
  glacier.on(GetVaultLockCommand).rejects(awsError('ResourceNotFoundException', 404));
  glacier.on(GetVaultLockCommand, { vaultName: 'audit-archive' }).resolves(fixture('glacier.GetVaultLock'));
  glacier.on(ListTagsForVaultCommand).resolves({});
  glacier.on(ListTagsForVaultCommand, { vaultName: 'audit-archive' }).resolves(fixture('glacier.ListTagsForVault'));
}

beforeEach(() => glacier.reset());

describe('glacier collector', () => {
  it('reads both pages of vaults with access policy, Vault Lock and tags, for the credentials\' own account', async () => {
    recorded();
    const { resources, errors } = await collectValid(glacierCollector);
    expect(errors).toEqual([]);
    expect(glacier.commandCalls(ListVaultsCommand).map((c) => c.args[0].input.accountId)).toEqual(['-', '-']);
    expect(resources.map((r) => r.resourceId)).toEqual(['audit-archive', 'scratch']);
    const audit = byId(resources, T, 'audit-archive');
    expect(audit).toMatchObject({ arn: 'arn:aws:glacier:eu-west-1:123456789012:vaults/audit-archive', tags: { owner: 'compliance', retention: '7y' } });
    expect(audit.properties).toMatchObject({ vaultName: 'audit-archive', numberOfArchives: 1840, vaultLock: { state: 'Locked', expirationDate: null } });
    expect((audit.properties.policy as { Statement: { Principal: unknown }[] }).Statement[0]!.Principal).toEqual({ AWS: 'arn:aws:iam::444455556666:root' });
    expect(byId(resources, T, 'scratch')).toMatchObject({ tags: {}, properties: { policy: null, vaultLock: null } });
  });

  it('records a denied lock read as absent, never as "not locked"', async () => {
    recorded();
    glacier.on(GetVaultLockCommand, { vaultName: 'audit-archive' }).rejects(awsError('AccessDeniedException', 403));
    const { ctx } = testContext('glacier');
    const audit = byId(await glacierCollector.collect(ctx), T, 'audit-archive');
    expect(audit.properties).not.toHaveProperty('vaultLock');
    expect(audit.properties.policy).not.toBeNull();
    expect(audit.errors).toEqual([expect.objectContaining({ property: 'vaultLock', operation: 'glacier:GetVaultLock', code: 'AccessDeniedException' })]);
  });

  it('leaves the lock unknown when the answer lacks its State', async () => {
    recorded();
    glacier.on(GetVaultLockCommand, { vaultName: 'audit-archive' }).resolves({ Policy: '{}' });
    const { ctx } = testContext('glacier');
    const audit = byId(await glacierCollector.collect(ctx), T, 'audit-archive');
    expect(audit.properties).not.toHaveProperty('vaultLock');
    expect(audit.errors).toEqual([expect.objectContaining({ property: 'vaultLock', code: 'IncompleteResponse' })]);
  });

  it('keeps the vaults of the first page when the second page fails, and says the list is incomplete', async () => {
    recorded();
    glacier.on(ListVaultsCommand, { marker: 'arn:aws:glacier:eu-west-1:123456789012:vaults/audit-archive' }).rejects(awsError('ThrottlingException'));
    const { ctx, errors } = testContext('glacier');
    expect((await glacierCollector.collect(ctx)).map((r) => r.resourceId)).toEqual(['audit-archive']);
    expect(errors).toEqual([expect.objectContaining({ operation: 'glacier:ListVaults', code: 'ThrottlingException' })]);
  });
});
