import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  GetConnectionsCommand,
  GetDataCatalogEncryptionSettingsCommand,
  GetMLTransformsCommand,
  GetResourcePolicyCommand,
  GetSecurityConfigurationsCommand,
  GetTagsCommand,
  GlueClient,
} from '@aws-sdk/client-glue';
import { glueCollector } from '../../src/collect/glue.js';
import { ACCOUNT, awsError, byId, collectClean, collectValid, expectValid, fixture, testContext } from './helpers.js';

const glue = mockClient(GlueClient);
const CATALOG = 'AWS::Glue::DataCatalogEncryptionSettings';
const SC = 'AWS::Glue::SecurityConfiguration';
const CONN = 'AWS::Glue::Connection';
const ML = 'AWS::Glue::MLTransform';
const TRANSFORM_1 = 'tfm-0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const TRANSFORM_2 = 'tfm-9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function recorded(): void {
  glue.on(GetDataCatalogEncryptionSettingsCommand).resolves(fixture('glue.GetDataCatalogEncryptionSettings'));
  glue.on(GetSecurityConfigurationsCommand).resolves(fixture('glue.GetSecurityConfigurations_1'));
  glue.on(GetSecurityConfigurationsCommand, { NextToken: 'sc-page-2' }).resolves(fixture('glue.GetSecurityConfigurations_2'));
  glue.on(GetConnectionsCommand).resolves(fixture('glue.GetConnections_1'));
  glue.on(GetConnectionsCommand, { NextToken: 'conn-page-2' }).resolves(fixture('glue.GetConnections_2'));
  glue.on(GetResourcePolicyCommand).resolves(fixture('glue.GetResourcePolicy'));
  glue.on(GetMLTransformsCommand).resolves(fixture('glue.GetMLTransforms_1'));
  glue.on(GetMLTransformsCommand, { NextToken: 'tfm-page-2' }).resolves(fixture('glue.GetMLTransforms_2'));
  glue.on(GetTagsCommand).resolves(fixture('glue.GetTags'));
}

/** The catalog's recorded resource policy, as the model keeps it. */
const CATALOG_POLICY = JSON.parse(fixture('glue.GetResourcePolicy').PolicyInJson as string) as unknown;

beforeEach(() => glue.reset());

describe('glue collector', () => {
  it('reads the catalog settings and both pages of security configurations and connections', async () => {
    recorded();
    const resources = await collectClean(glueCollector);
    expect(resources.map((r) => `${r.resourceType} ${r.resourceId}`)).toEqual([
      `${CATALOG} eu-west-1`,
      `${SC} crawler-s3-only`,
      `${SC} etl-encrypted`,
      `${CONN} legacy-mysql`,
      `${CONN} orders-postgres`,
      `${CONN} vpc-network`,
      `${ML} ${TRANSFORM_1}`,
      `${ML} ${TRANSFORM_2}`,
    ]);
    const catalog = byId(resources, CATALOG, 'eu-west-1');
    expect(catalog.arn).toBe(`arn:aws:glue:eu-west-1:${ACCOUNT}:catalog`);
    expect(catalog.properties).toEqual({ catalogEncryptionMode: 'SSE-KMS', catalogKmsKeyId: KEY, connectionPasswordEncryption: true, connectionPasswordKmsKeyId: KEY, policy: CATALOG_POLICY });
    // Without a resource ARN Glue answers with the catalog's own policy.
    expect(glue.commandCalls(GetResourcePolicyCommand).map((c) => c.args[0].input)).toEqual([{}]);
    expect(byId(resources, SC, 'etl-encrypted').properties).toEqual({
      name: 'etl-encrypted',
      s3EncryptionMode: 'SSE-KMS',
      s3KmsKeyArn: KEY,
      cloudWatchEncryptionMode: 'SSE-KMS',
      cloudWatchKmsKeyArn: KEY,
      jobBookmarksEncryptionMode: 'CSE-KMS',
      jobBookmarksKmsKeyArn: KEY,
    });
    expect(byId(resources, SC, 'crawler-s3-only').properties).toMatchObject({ s3EncryptionMode: 'SSE-S3', s3KmsKeyArn: null, cloudWatchEncryptionMode: 'DISABLED', jobBookmarksEncryptionMode: 'DISABLED' });
    // "TRUE" counts: Glue reads the flag case-insensitively.
    expect(byId(resources, CONN, 'orders-postgres').properties).toEqual({ name: 'orders-postgres', connectionType: 'JDBC', jdbcEnforceSsl: true, customJdbcCertificate: true });
    expect(byId(resources, CONN, 'legacy-mysql').properties).toEqual({ name: 'legacy-mysql', connectionType: 'JDBC', jdbcEnforceSsl: false, customJdbcCertificate: false });
    expect(byId(resources, CONN, 'vpc-network').properties).toEqual({ name: 'vpc-network', connectionType: 'NETWORK', jdbcEnforceSsl: null, customJdbcCertificate: null });
  });

  it('asks for connections without passwords and copies no credential, URL or certificate location', async () => {
    recorded();
    // Even a response that carried a password (HidePassword ignored) must not leak it.
    const page = fixture('glue.GetConnections_2');
    page.ConnectionList[0].ConnectionProperties.PASSWORD = 'planted-Secret-123';
    page.ConnectionList[0].ConnectionProperties.ENCRYPTED_PASSWORD = 'planted-Cipher-456';
    glue.on(GetConnectionsCommand, { NextToken: 'conn-page-2' }).resolves(page);
    const { ctx } = testContext('glue');
    const text = JSON.stringify(await glueCollector.collect(ctx));
    for (const call of glue.commandCalls(GetConnectionsCommand)) expect(call.args[0].input.HidePassword).toBe(true);
    expect(glue.commandCalls(GetConnectionsCommand)).toHaveLength(2);
    for (const secret of ['planted-Secret-123', 'planted-Cipher-456', 'etl_reader', 'admin', 'jdbc:', 'rds-ca.pem', 'subnet-']) expect(text).not.toContain(secret);
  });

  it('gives a region without settings, configurations or connections one catalog resource, encryption off', async () => {
    // Settings never set, as Glue reports them (an answer without them is odd: see test/collect/odd-answers).
    glue.on(GetDataCatalogEncryptionSettingsCommand).resolves({ DataCatalogEncryptionSettings: { EncryptionAtRest: { CatalogEncryptionMode: 'DISABLED' }, ConnectionPasswordEncryption: { ReturnConnectionPasswordEncrypted: false } } });
    glue.on(GetSecurityConfigurationsCommand).resolves({ SecurityConfigurations: [] });
    glue.on(GetConnectionsCommand).resolves({ ConnectionList: [] });
    glue.on(GetMLTransformsCommand).resolves({ Transforms: [] });
    glue.on(GetResourcePolicyCommand).rejects(awsError('EntityNotFoundException'));
    const resources = await collectClean(glueCollector);
    expect(resources).toHaveLength(1);
    // Settings never set are what Glue applies: no encryption, passwords returned in plain text; a catalog without a policy has none.
    expect(resources[0]!.properties).toEqual({ catalogEncryptionMode: 'DISABLED', catalogKmsKeyId: null, connectionPasswordEncryption: false, connectionPasswordKmsKeyId: null, policy: null });
  });

  it('leaves the catalog settings absent and recorded when they are denied, and the lists go on', async () => {
    recorded();
    glue.on(GetDataCatalogEncryptionSettingsCommand).rejects(awsError('AccessDeniedException'));
    const { ctx, errors } = testContext('glue');
    const resources = await glueCollector.collect(ctx);
    expectValid(resources);
    const catalog = byId(resources, CATALOG, 'eu-west-1');
    // The resource policy is another call, answered: only the settings are unknown.
    expect(catalog.properties).toEqual({ policy: CATALOG_POLICY });
    expect(catalog.errors?.map((e) => `${e.property} ${e.code}`)).toEqual([
      'catalogEncryptionMode AccessDeniedException',
      'catalogKmsKeyId AccessDeniedException',
      'connectionPasswordEncryption AccessDeniedException',
      'connectionPasswordKmsKeyId AccessDeniedException',
    ]);
    expect(catalog.errors?.[0]?.operation).toBe('glue:GetDataCatalogEncryptionSettings');
    expect(errors).toEqual([]);
    expect(resources).toHaveLength(8);
  });

  it('records a denied list for the region and keeps what was read before it', async () => {
    recorded();
    glue.on(GetConnectionsCommand, { NextToken: 'conn-page-2' }).rejects(awsError('AccessDeniedException'));
    const { ctx, errors } = testContext('glue');
    const resources = await glueCollector.collect(ctx);
    expect(resources.filter((r) => r.resourceType === CONN).map((r) => r.resourceId)).toEqual(['orders-postgres']);
    expect(errors).toMatchObject([{ operation: 'glue:GetConnections', code: 'AccessDeniedException', region: 'eu-west-1', service: 'glue' }]);
  });

  it("leaves the catalog's resource policy unknown when it is denied or the answer lacks it, and keeps its settings", async () => {
    recorded();
    glue.on(GetResourcePolicyCommand).rejects(awsError('AccessDeniedException'));
    const denied = byId((await collectValid(glueCollector)).resources, CATALOG, 'eu-west-1');
    expect(denied.properties).not.toHaveProperty('policy');
    expect(denied.properties).toMatchObject({ catalogEncryptionMode: 'SSE-KMS' });
    expect(denied.errors).toEqual([expect.objectContaining({ property: 'policy', operation: 'glue:GetResourcePolicy', code: 'AccessDeniedException' })]);
    glue.on(GetResourcePolicyCommand).resolves({ PolicyHash: 'h' });
    const odd = byId((await collectValid(glueCollector)).resources, CATALOG, 'eu-west-1');
    expect(odd.properties).not.toHaveProperty('policy');
    expect(odd.errors).toEqual([expect.objectContaining({ property: 'policy', code: 'IncompleteResponse' })]);
  });

  it('reads both pages of ML transforms with their encryption, task-run security configuration and tags, and nothing of their data', async () => {
    recorded();
    const resources = await collectClean(glueCollector);
    const encrypted = byId(resources, ML, TRANSFORM_1);
    expect(encrypted).toMatchObject({ name: 'dedupe-customers', arn: `arn:aws:glue:eu-west-1:${ACCOUNT}:mlTransform/${TRANSFORM_1}`, tags: { owner: 'data-platform', 'data-classification': 'confidential' } });
    expect(encrypted.properties).toEqual({
      transformId: TRANSFORM_1,
      name: 'dedupe-customers',
      status: 'READY',
      mlUserDataEncryptionMode: 'SSE-KMS',
      kmsKeyId: KEY,
      taskRunSecurityConfiguration: 'etl-encrypted',
    });
    expect(byId(resources, ML, TRANSFORM_2).properties).toEqual({
      transformId: TRANSFORM_2,
      name: 'match-suppliers',
      status: 'READY',
      mlUserDataEncryptionMode: 'DISABLED',
      kmsKeyId: null,
      taskRunSecurityConfiguration: null,
    });
    expect(glue.commandCalls(GetMLTransformsCommand)).toHaveLength(2);
    expect(glue.commandCalls(GetTagsCommand).map((c) => c.args[0].input.ResourceArn).sort()).toEqual([
      `arn:aws:glue:eu-west-1:${ACCOUNT}:mlTransform/${TRANSFORM_1}`,
      `arn:aws:glue:eu-west-1:${ACCOUNT}:mlTransform/${TRANSFORM_2}`,
    ]);
    const text = JSON.stringify(resources.filter((r) => r.resourceType === ML));
    for (const data of ['customers_raw', 'customer_id', 'full_name', 'glue-ml', 'matches customer records']) expect(text).not.toContain(data);
  });

  it('keeps an ML transform whose tags are denied, with its tags unknown, and records a failed transform list for the region', async () => {
    recorded();
    glue.on(GetTagsCommand).rejects(awsError('AccessDeniedException'));
    glue.on(GetMLTransformsCommand, { NextToken: 'tfm-page-2' }).rejects(awsError('AccessDeniedException'));
    const { ctx, errors } = testContext('glue');
    const resources = await glueCollector.collect(ctx);
    expectValid(resources);
    const transforms = resources.filter((r) => r.resourceType === ML);
    expect(transforms.map((r) => r.resourceId)).toEqual([TRANSFORM_1]);
    expect(transforms[0]!.properties.mlUserDataEncryptionMode).toBe('SSE-KMS');
    expect(transforms[0]!.errors).toEqual([expect.objectContaining({ property: 'tags', operation: 'glue:GetTags', code: 'AccessDeniedException' })]);
    expect(errors).toMatchObject([{ operation: 'glue:GetMLTransforms', code: 'AccessDeniedException', service: 'glue' }]);
  });
});
