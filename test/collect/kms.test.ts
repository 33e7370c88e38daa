import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DescribeCustomKeyStoresCommand,
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListAliasesCommand,
  ListGrantsCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
} from '@aws-sdk/client-kms';
import { kmsCollector } from '../../src/collect/kms.js';
import { answerRecorded, awsError, byId, collectClean, collectValid, errorCodes, expectNothingCollected, fixture, testContext } from './helpers.js';

const kms = mockClient(KMSClient);
const CUSTOMER = '1234abcd-12ab-34cd-56ef-1234567890ab';
const AWS_MANAGED = '0987dcba-09fe-87dc-65ba-ab0987654321';
const ASYMMETRIC = '11112222-3333-4444-5555-666677778888';

function recorded(): void {
  kms.on(ListKeysCommand).resolves(fixture('kms.ListKeys_1'));
  kms.on(ListKeysCommand, { Marker: 'marker-2' }).resolves(fixture('kms.ListKeys_2'));
  kms.on(ListAliasesCommand).resolves(fixture('kms.ListAliases'));
  kms.on(DescribeKeyCommand, { KeyId: CUSTOMER }).resolves(fixture('kms.DescribeKey_1'));
  kms.on(DescribeKeyCommand, { KeyId: AWS_MANAGED }).resolves(fixture('kms.DescribeKey_2'));
  kms.on(DescribeKeyCommand, { KeyId: ASYMMETRIC }).resolves(fixture('kms.DescribeKey_3'));
  answerRecorded(kms, 'kms', [GetKeyRotationStatusCommand, GetKeyPolicyCommand, ListResourceTagsCommand, ListGrantsCommand]);
}

beforeEach(() => {
  kms.reset();
  kms.on(DescribeCustomKeyStoresCommand).resolves({ CustomKeyStores: [], Truncated: false });
});

describe('kms collector', () => {
  it('reads both pages of keys, their metadata, rotation, policy, tags and aliases', async () => {
    recorded();
    const resources = await collectClean(kmsCollector);
    expect(kms.commandCalls(ListKeysCommand)).toHaveLength(2);
    expect(resources.filter((r) => r.resourceType === 'AWS::KMS::Key')).toHaveLength(3);
    expect(resources.filter((r) => r.resourceType === 'AWS::KMS::Alias').map((r) => r.resourceId)).toEqual([
      'alias/app-data',
      'alias/aws/s3',
      'alias/aws/ebs',
    ]);
    const customer = byId(resources, 'AWS::KMS::Key', CUSTOMER);
    expect(customer).toMatchObject({ arn: `arn:aws:kms:eu-west-1:123456789012:key/${CUSTOMER}`, name: 'alias/app-data', tags: { owner: 'platform' } });
    expect(customer.properties).toMatchObject({
      keyManager: 'CUSTOMER',
      keyState: 'Enabled',
      keySpec: 'SYMMETRIC_DEFAULT',
      origin: 'AWS_KMS',
      rotationEnabled: true,
      rotationPeriodInDays: 365,
      aliases: ['alias/app-data'],
      creationDate: '2023-02-01T09:00:00.000Z',
    });
    expect((customer.properties.keyPolicy as { Id: string }).Id).toBe('key-default-1');
    // Rotation is asked only of customer managed symmetric keys; tags only of customer keys.
    expect(kms.commandCalls(GetKeyRotationStatusCommand).map((c) => c.args[0].input.KeyId)).toEqual([CUSTOMER]);
    expect(kms.commandCalls(ListResourceTagsCommand).map((c) => c.args[0].input.KeyId).sort()).toEqual([ASYMMETRIC, CUSTOMER].sort());
    // Grants only of customer keys: those of AWS managed keys are AWS's own.
    expect(kms.commandCalls(ListGrantsCommand).map((c) => c.args[0].input.KeyId).sort()).toEqual([ASYMMETRIC, CUSTOMER].sort());
    expect(customer.properties.grants).toEqual([
      {
        grantId: '0c237476b39f8bc44e45212e08498fbe3151305030726c0590dd8d3e9f3d6a60',
        granteePrincipal: 'arn:aws:iam::123456789012:role/etl-worker',
        retiringPrincipal: 'arn:aws:iam::123456789012:role/key-admin',
        operations: ['Decrypt', 'GenerateDataKey'],
        constraints: { encryptionContextSubset: { 'aws:s3:arn': 'arn:aws:s3:::app-data-prod' } },
        issuingAccount: 'arn:aws:iam::123456789012:root',
      },
      expect.objectContaining({ granteePrincipal: 'rds.eu-west-1.amazonaws.com', retiringPrincipal: null, constraints: null }),
    ]);
    const managed = byId(resources, 'AWS::KMS::Key', AWS_MANAGED);
    expect(managed.properties).not.toHaveProperty('grants');
    expect(managed.properties).toMatchObject({ keyManager: 'AWS', rotationEnabled: null, aliases: ['alias/aws/s3'] });
    const asym = byId(resources, 'AWS::KMS::Key', ASYMMETRIC);
    expect(asym.properties).toMatchObject({
      rotationEnabled: null,
      rotationPeriodInDays: null,
      keyState: 'PendingDeletion',
      deletionDate: '2024-04-05T09:00:00.000Z',
      multiRegionKeyType: 'PRIMARY',
      replicas: [{ arn: 'arn:aws:kms:us-east-1:123456789012:key/11112222-3333-4444-5555-666677778888', region: 'us-east-1' }],
      aliases: [],
    });
    // A single-Region key has no replicas, known as none rather than unknown.
    expect(byId(resources, 'AWS::KMS::Key', CUSTOMER).properties.replicas).toEqual([]);
    expect(byId(resources, 'AWS::KMS::Alias', 'alias/aws/ebs').properties).toEqual({ aliasName: 'alias/aws/ebs', targetKeyId: null });
  });

  it('leaves grants absent with the error when ListGrants is denied or a later page fails, never a partial list', async () => {
    recorded();
    kms.on(ListGrantsCommand, { KeyId: CUSTOMER }).resolves({ ...fixture('kms.ListGrants'), Truncated: true, NextMarker: 'g2' });
    kms.on(ListGrantsCommand, { KeyId: CUSTOMER, Marker: 'g2' }).rejects(awsError('KMSInternalException', 500));
    kms.on(ListGrantsCommand, { KeyId: ASYMMETRIC }).rejects(awsError('AccessDeniedException'));
    const { ctx } = testContext('kms');
    const resources = await kmsCollector.collect(ctx);
    for (const id of [CUSTOMER, ASYMMETRIC]) {
      const key = byId(resources, 'AWS::KMS::Key', id);
      expect(key.properties).not.toHaveProperty('grants');
      expect(key.errors?.find((e) => e.property === 'grants')?.operation).toBe('kms:ListGrants');
    }
  });

  it('returns nothing for a region without keys', async () => {
    kms.on(ListKeysCommand).resolves({ Keys: [], Truncated: false });
    kms.on(ListAliasesCommand).resolves({ Aliases: [], Truncated: false });
    await expectNothingCollected(kmsCollector);
  });

  it('leaves a denied key policy absent and keeps the rest of the key', async () => {
    recorded();
    kms.on(GetKeyPolicyCommand, { KeyId: CUSTOMER }).rejects(awsError('AccessDeniedException', 400, 'not authorized to perform kms:GetKeyPolicy'));
    const { resources } = await collectValid(kmsCollector);
    const key = byId(resources, 'AWS::KMS::Key', CUSTOMER);
    expect('keyPolicy' in key.properties).toBe(false);
    expect(key.properties.rotationEnabled).toBe(true);
    expect(key.errors).toEqual([
      { property: 'keyPolicy', operation: 'kms:GetKeyPolicy', code: 'AccessDeniedException', message: 'not authorized to perform kms:GetKeyPolicy' },
    ]);
    expect(byId(resources, 'AWS::KMS::Key', AWS_MANAGED).properties.keyPolicy).toBeDefined();
  });

  it('leaves rotation unknown when it could not be read, and aliases unknown when the alias list failed', async () => {
    recorded();
    kms.on(GetKeyRotationStatusCommand).rejects(awsError('ThrottlingException', 400, 'Rate exceeded'));
    kms.on(ListAliasesCommand).rejects(awsError('AccessDeniedException'));
    const { resources, errors } = await collectValid(kmsCollector);
    const key = byId(resources, 'AWS::KMS::Key', CUSTOMER);
    expect(key.properties.rotationEnabled).toBeUndefined();
    expect(key.properties.rotationPeriodInDays).toBeUndefined();
    expect(key.properties.aliases).toBeUndefined();
    expect(errorCodes(key)).toEqual(['rotationEnabled:ThrottlingException', 'rotationPeriodInDays:ThrottlingException']);
    expect(errors).toEqual([expect.objectContaining({ operation: 'kms:ListAliases', code: 'AccessDeniedException', region: 'eu-west-1' })]);
  });

  it('keeps the metadata-less key with its errors when DescribeKey is denied', async () => {
    recorded();
    kms.on(DescribeKeyCommand, { KeyId: CUSTOMER }).rejects(awsError('AccessDeniedException'));
    const { ctx } = testContext('kms');
    const key = byId(await kmsCollector.collect(ctx), 'AWS::KMS::Key', CUSTOMER);
    expect(key.properties.keyState).toBeUndefined();
    expect(key.properties.rotationEnabled).toBeUndefined();
    expect(key.errors?.[0]).toMatchObject({ operation: 'kms:DescribeKey', code: 'AccessDeniedException' });
  });

  it('reads the custom key stores with their connection state, without the trust anchor or the proxy credentials', async () => {
    recorded();
    kms.on(DescribeCustomKeyStoresCommand).resolves(fixture('kms.DescribeCustomKeyStores'));
    const resources = await collectClean(kmsCollector);
    const T = 'AWS::KMS::CustomKeyStore';
    expect(resources.filter((r) => r.resourceType === T).map((r) => r.resourceId)).toEqual(['cks-0fedcba9876543210', 'cks-1234567890abcdef0']);
    expect(byId(resources, T, 'cks-1234567890abcdef0')).toMatchObject({
      arn: 'arn:aws:kms:eu-west-1:123456789012:custom-key-store/cks-1234567890abcdef0',
      name: 'payments-hsm',
      properties: { customKeyStoreType: 'AWS_CLOUDHSM', cloudHsmClusterId: 'cluster-1a23b4cdefg', connectionState: 'CONNECTED', connectionErrorCode: null },
    });
    expect(byId(resources, T, 'cks-0fedcba9876543210').properties).toMatchObject({ connectionState: 'FAILED', connectionErrorCode: 'XKS_PROXY_TIMED_OUT', xksProxyConnectivity: 'PUBLIC_ENDPOINT' });
    expect(JSON.stringify(resources)).not.toMatch(/TRUSTANCHOR|ABCDE12345670EXAMPLE/);
  });

  it('leaves a store listed without its connection state unknown, and records a store list that failed', async () => {
    recorded();
    kms.on(DescribeCustomKeyStoresCommand).resolves({ CustomKeyStores: [{ CustomKeyStoreId: 'cks-odd', CustomKeyStoreName: 'odd' }] });
    const store = byId((await collectValid(kmsCollector)).resources, 'AWS::KMS::CustomKeyStore', 'cks-odd');
    expect(store.properties).not.toHaveProperty('connectionState');
    expect(errorCodes(store)).toEqual(['connectionState:IncompleteResponse']);
    // An AWS CloudHSM key store is always listed with its cluster: one without it cannot be joined, so the cluster is unknown.
    kms.on(DescribeCustomKeyStoresCommand).resolves({ CustomKeyStores: [{ CustomKeyStoreId: 'cks-nocluster', CustomKeyStoreType: 'AWS_CLOUDHSM', ConnectionState: 'CONNECTED' }] });
    const hsmStore = byId((await collectValid(kmsCollector)).resources, 'AWS::KMS::CustomKeyStore', 'cks-nocluster');
    expect(hsmStore.properties).not.toHaveProperty('cloudHsmClusterId');
    expect(errorCodes(hsmStore)).toEqual(['cloudHsmClusterId:IncompleteResponse']);
    kms.on(DescribeCustomKeyStoresCommand).rejects(awsError('AccessDeniedException'));
    const { ctx, errors } = testContext('kms');
    expect((await kmsCollector.collect(ctx)).filter((r) => r.resourceType === 'AWS::KMS::CustomKeyStore')).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ operation: 'kms:DescribeCustomKeyStores', code: 'AccessDeniedException' })]);
  });
});
