import {
  GetConnectionsCommand,
  GetDataCatalogEncryptionSettingsCommand,
  GetResourcePolicyCommand,
  GetSecurityConfigurationsCommand,
  type Connection,
  type DataCatalogEncryptionSettings,
  type SecurityConfiguration,
} from '@aws-sdk/client-glue';
import type { Resource } from '../inventory/resource.js';
import { complete, identified, required, requireFields, requireItem, unknownIfAbsent } from './always-present.js';
import { assign, listAll, policyDocumentFromText, recordOn, type Collector, type CollectorContext } from './context.js';
import { glueMlTransformsCollector } from './glue-ml-transforms.js';
import { regionalArn, regionalResource } from './resource.js';

const CATALOG_PROPERTIES = ['catalogEncryptionMode', 'catalogKmsKeyId', 'connectionPasswordEncryption', 'connectionPasswordKmsKeyId'];

const text = (v: string | undefined): string | null => (v === undefined || v === '' ? null : v);

/** The catalog's encryption settings in the model's terms. */
export function catalogEncryptionProperties(s: DataCatalogEncryptionSettings): Record<string, unknown> {
  return {
    catalogEncryptionMode: s.EncryptionAtRest?.CatalogEncryptionMode ?? null,
    catalogKmsKeyId: text(s.EncryptionAtRest?.SseAwsKmsKeyId),
    connectionPasswordEncryption: s.ConnectionPasswordEncryption?.ReturnConnectionPasswordEncrypted ?? null,
    connectionPasswordKmsKeyId: text(s.ConnectionPasswordEncryption?.AwsKmsKeyId),
  };
}

/**
 * What a settings answer must give. The Glue API Reference makes CatalogEncryptionMode
 * and ReturnConnectionPasswordEncrypted required members of their objects, but
 * says nothing of an answer without DataCatalogEncryptionSettings or without one
 * of those objects: unknown then, not "DISABLED" (every catalog has settings,
 * and Glue reports DISABLED and false as values of their own).
 */
function checkCatalogSettings(r: Resource, s: DataCatalogEncryptionSettings): void {
  const op = 'glue:GetDataCatalogEncryptionSettings';
  const atRest = s.EncryptionAtRest;
  const passwords = s.ConnectionPasswordEncryption;
  unknownIfAbsent(r, op, {
    ...(atRest ? {} : { catalogEncryptionMode: undefined, catalogKmsKeyId: undefined }),
    ...(passwords ? {} : { connectionPasswordEncryption: undefined, connectionPasswordKmsKeyId: undefined }),
  });
  if (atRest) requireFields(r, op, { catalogEncryptionMode: atRest.CatalogEncryptionMode });
  if (passwords) requireFields(r, op, { connectionPasswordEncryption: passwords.ReturnConnectionPasswordEncrypted });
}

/** The encryption modes and keys of a security configuration. */
export function securityConfigurationProperties(c: SecurityConfiguration): Record<string, unknown> {
  const e = c.EncryptionConfiguration;
  const s3 = e?.S3Encryption?.[0];
  return {
    s3EncryptionMode: s3?.S3EncryptionMode ?? null,
    s3KmsKeyArn: text(s3?.KmsKeyArn),
    cloudWatchEncryptionMode: e?.CloudWatchEncryption?.CloudWatchEncryptionMode ?? null,
    cloudWatchKmsKeyArn: text(e?.CloudWatchEncryption?.KmsKeyArn),
    jobBookmarksEncryptionMode: e?.JobBookmarksEncryption?.JobBookmarksEncryptionMode ?? null,
    jobBookmarksKmsKeyArn: text(e?.JobBookmarksEncryption?.KmsKeyArn),
  };
}

/**
 * The TLS facts of a connection. Only two named properties are read, and of the
 * certificate only whether one is set: the URL, user name and passwords are never copied.
 */
export function connectionProperties(c: Connection): Record<string, unknown> {
  const jdbc = c.ConnectionType === 'JDBC';
  const props = c.ConnectionProperties ?? {};
  return {
    connectionType: c.ConnectionType ?? null,
    // Glue reads JDBC_ENFORCE_SSL as a case-insensitive boolean string and defaults to false.
    jdbcEnforceSsl: jdbc ? (props.JDBC_ENFORCE_SSL ?? '').trim().toLowerCase() === 'true' : null,
    customJdbcCertificate: jdbc ? (props.CUSTOM_JDBC_CERT ?? '').trim() !== '' : null,
  };
}

async function catalogSettings(ctx: CollectorContext): Promise<Resource> {
  const glue = ctx.client('glue');
  const r = regionalResource(ctx, 'AWS::Glue::DataCatalogEncryptionSettings', ctx.region, regionalArn(ctx, 'glue', 'catalog'), {}, { name: null });
  const op = 'glue:GetDataCatalogEncryptionSettings';
  const got = required(await ctx.call(op, () => glue.send(new GetDataCatalogEncryptionSettingsCommand({}))), 'DataCatalogEncryptionSettings', op);
  if (got.ok) {
    Object.assign(r.properties, catalogEncryptionProperties(got.value));
    checkCatalogSettings(r, got.value);
  } else for (const property of CATALOG_PROPERTIES) recordOn(r, { ...got.error, property });
  // Without a ResourceArn Glue answers with the Data Catalog's own resource policy; EntityNotFoundException means the catalog has none.
  const policyOp = 'glue:GetResourcePolicy';
  const policy = complete(await ctx.call(policyOp, () => glue.send(new GetResourcePolicyCommand({}))), ['PolicyInJson'], policyOp);
  assign(r, 'policy', policy, (o) => policyDocumentFromText(o.PolicyInJson), { codes: ['EntityNotFoundException'], value: null });
  return r;
}

async function securityConfigurations(ctx: CollectorContext): Promise<Resource[]> {
  const glue = ctx.client('glue');
  const list = await listAll(
    ctx,
    'glue:GetSecurityConfigurations',
    (t) => glue.send(new GetSecurityConfigurationsCommand({ MaxResults: 100, ...(t ? { NextToken: t } : {}) })),
    (o) => o.SecurityConfigurations,
    (o) => o.NextToken,
  );
  return identified(ctx, list.items, 'Name', (c) => c.Name, 'glue:GetSecurityConfigurations').map((c) => {
    const r = regionalResource(ctx, 'AWS::Glue::SecurityConfiguration', c.Name!, regionalArn(ctx, 'glue', `securityConfiguration/${c.Name!}`), {
      name: c.Name!,
      ...securityConfigurationProperties(c),
    });
    // The reference marks none of the three modes as always given, nor says what a missing one means (Glue reports DISABLED as a mode of its own): unknown.
    const e = c.EncryptionConfiguration;
    unknownIfAbsent(r, 'glue:GetSecurityConfigurations', {
      s3EncryptionMode: e?.S3Encryption?.[0]?.S3EncryptionMode,
      cloudWatchEncryptionMode: e?.CloudWatchEncryption?.CloudWatchEncryptionMode,
      jobBookmarksEncryptionMode: e?.JobBookmarksEncryption?.JobBookmarksEncryptionMode,
    });
    return r;
  });
}

async function connections(ctx: CollectorContext): Promise<Resource[]> {
  const glue = ctx.client('glue');
  // HidePassword: the response then carries no password, so none can reach memory, logs or a snapshot.
  const list = await listAll(
    ctx,
    'glue:GetConnections',
    (t) => glue.send(new GetConnectionsCommand({ HidePassword: true, MaxResults: 100, ...(t ? { NextToken: t } : {}) })),
    (o) => o.ConnectionList,
    (o) => o.NextToken,
  );
  return identified(ctx, list.items, 'Name', (c) => c.Name, 'glue:GetConnections').map((c) => {
    const r = regionalResource(ctx, 'AWS::Glue::Connection', c.Name!, regionalArn(ctx, 'glue', `connection/${c.Name!}`), { name: c.Name!, ...connectionProperties(c) });
    // Every connection has a type (CreateConnection requires ConnectionType); without it, whether the JDBC settings apply is unknown.
    requireItem(r, c, ['ConnectionType'], 'glue:GetConnections', ['name']);
    return r;
  });
}

/** The Data Catalog's encryption settings and resource policy, security configurations, connections and machine learning transforms of AWS Glue. */
export const glueCollector: Collector = {
  service: 'glue',
  scope: 'region',
  async collect(ctx) {
    const [catalog, configs, conns, transforms] = await Promise.all([catalogSettings(ctx), securityConfigurations(ctx), connections(ctx), glueMlTransformsCollector.collect(ctx)]);
    const out = [catalog, ...configs.sort((a, b) => a.resourceId.localeCompare(b.resourceId)), ...conns.sort((a, b) => a.resourceId.localeCompare(b.resourceId))];
    // The transforms' collector reports its own progress.
    ctx.found(out.length);
    return [...out, ...transforms];
  },
};
