import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetResourcePolicyCommand, GetSecretValueCommand, ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretsmanagerCollector } from '../../src/collect/secretsmanager.js';
import { awsError, byId, collectClean, expectRegionFailure, fixture, testContext } from './helpers.js';

const sm = mockClient(SecretsManagerClient);
const T = 'AWS::SecretsManager::Secret';
const DB = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/payments/db-AbCdEf';
const LEGACY = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:legacy/api-key-Zy9X8w';

function recorded(): void {
  sm.on(ListSecretsCommand).resolves(fixture('secretsmanager.ListSecrets_1'));
  sm.on(ListSecretsCommand, { NextToken: 'secrets-2' }).resolves(fixture('secretsmanager.ListSecrets_2'));
  // A secret without a policy answers with its ARN and name only.
  sm.on(GetResourcePolicyCommand).resolves({ ARN: LEGACY, Name: 'legacy/api-key' });
  sm.on(GetResourcePolicyCommand, { SecretId: DB }).resolves(fixture('secretsmanager.GetResourcePolicy'));
}

beforeEach(() => sm.reset());

describe('secretsmanager collector', () => {
  it('reads both pages of secrets with key, rotation, last access, policy and tags, and never a value', async () => {
    recorded();
    const resources = await collectClean(secretsmanagerCollector);
    expect(sm.commandCalls(ListSecretsCommand)).toHaveLength(2);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(0);
    expect(resources.map((r) => r.resourceId)).toEqual(['legacy/api-key', 'prod/payments/db']);
    const db = byId(resources, T, 'prod/payments/db');
    expect(db).toMatchObject({ arn: DB, tags: { 'data-classification': 'confidential', owner: 'payments' } });
    expect(db.properties).toMatchObject({
      kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      rotationEnabled: true,
      rotationIntervalDays: 30,
      lastRotatedDate: '2026-11-10T00:00:00.000Z',
      lastAccessedDate: '2026-11-30T00:00:00.000Z',
    });
    expect((db.properties.policy as { Statement: unknown[] }).Statement).toHaveLength(1);
    expect(JSON.stringify(resources)).not.toMatch(/SecretVersionsToStages|a1b2c3d4/);
    expect(byId(resources, T, 'legacy/api-key')).toMatchObject({
      arn: LEGACY,
      tags: {},
      properties: {
        secretName: 'legacy/api-key',
        kmsKeyId: null,
        rotationEnabled: false,
        rotationIntervalDays: null,
        lastRotatedDate: null,
        lastAccessedDate: '2025-01-14T00:00:00.000Z',
        policy: null,
      },
    });
  });

  it('records a denied policy as absent, never as "no policy"', async () => {
    recorded();
    sm.on(GetResourcePolicyCommand, { SecretId: DB }).rejects(awsError('AccessDeniedException'));
    const { ctx } = testContext('secretsmanager');
    const db = byId(await secretsmanagerCollector.collect(ctx), T, 'prod/payments/db');
    expect(db.properties).not.toHaveProperty('policy');
    expect(db.errors).toEqual([expect.objectContaining({ property: 'policy', operation: 'secretsmanager:GetResourcePolicy', code: 'AccessDeniedException' })]);
  });

  it('records a listed secret without an ARN as a scope error instead of inventing one', async () => {
    sm.on(ListSecretsCommand).resolves({ SecretList: [{ Name: 'no-arn' }] });
    await expectRegionFailure(secretsmanagerCollector, 'secretsmanager:ListSecrets', 'IncompleteResponse');
  });

  it('records a page without its list as a scope error, not as an empty region', async () => {
    sm.on(ListSecretsCommand).resolves({});
    await expectRegionFailure(secretsmanagerCollector, 'secretsmanager:ListSecrets', 'IncompleteResponse');
  });

  it('keeps the secrets of the first page when the second page fails, and says the list is incomplete', async () => {
    recorded();
    sm.on(ListSecretsCommand, { NextToken: 'secrets-2' }).rejects(awsError('ThrottlingException'));
    const { ctx, errors } = testContext('secretsmanager');
    expect((await secretsmanagerCollector.collect(ctx)).map((r) => r.resourceId)).toEqual(['prod/payments/db']);
    expect(errors).toEqual([expect.objectContaining({ operation: 'secretsmanager:ListSecrets', code: 'ThrottlingException' })]);
  });
});
