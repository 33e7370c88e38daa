import {
  DescribeAccountSettingsCommand,
  DescribeKeyRegistrationCommand,
  ListDataSourcesCommand,
  ListTagsForResourceCommand,
  ListVPCConnectionsCommand,
  type AccountSettings,
  type DataSource,
  type QuickSightClient,
  type RegisteredCustomerManagedKey,
  type VPCConnectionSummary,
} from '@aws-sdk/client-quicksight';
import type { Resource } from '../inventory/resource.js';
import { required, unknownIfAbsent } from './always-present.js';
import { recordOn, tagMap, type Collector, type CollectorContext } from './context.js';
import { declarativeCollector, tagsFrom, type ItemRead } from './declarative.js';
import { regionalArn, regionalResource } from './resource.js';

/** What DescribeAccountSettings answers for an account that never subscribed to QuickSight. */
const NOT_SUBSCRIBED = 'ResourceNotFoundException';

const SETTINGS_PROPERTIES = ['edition', 'publicSharingEnabled', 'terminationProtectionEnabled'];
const KEY_PROPERTIES = ['spiceKmsKeyArn', 'registeredKeyArns'];

/** The account settings in the model's terms. */
export function accountSettingsProperties(s: AccountSettings): Record<string, unknown> {
  return {
    edition: s.Edition ?? null,
    publicSharingEnabled: s.PublicSharingEnabled,
    terminationProtectionEnabled: s.TerminationProtectionEnabled,
  };
}

/**
 * The key SPICE encrypts new data with: the registered key marked default.
 * No registered key means SPICE uses a key QuickSight owns.
 */
export function spiceKeyProperties(keys: readonly RegisteredCustomerManagedKey[]): Record<string, unknown> {
  return {
    spiceKmsKeyArn: keys.find((k) => k.DefaultKey === true)?.KeyArn ?? null,
    registeredKeyArns: keys.map((k) => k.KeyArn).filter((a): a is string => typeof a === 'string'),
  };
}

function tags<I>(): ItemRead<QuickSightClient, I> {
  return tagsFrom({
    operation: 'quicksight:ListTagsForResource',
    send: (qs, _i, r) => qs.send(new ListTagsForResourceCommand({ ResourceArn: r.arn })),
    map: (o) => tagMap(o.Tags),
  });
}

/** A listed data source in the model's terms. Credentials are never part of the answer. */
export function dataSourceProperties(d: DataSource): Record<string, unknown> {
  return {
    dataSourceType: d.Type ?? null,
    status: d.Status ?? null,
    // SslProperties is only given when set; QuickSight uses SSL unless DisableSsl is true.
    sslDisabled: d.SslProperties?.DisableSsl === true,
    vpcConnectionArn: d.VpcConnectionProperties?.VpcConnectionArn ?? null,
    secretArn: d.SecretArn ?? null,
  };
}

/** A listed VPC connection in the model's terms. */
export function vpcConnectionProperties(v: VPCConnectionSummary): Record<string, unknown> {
  return {
    vpcId: v.VPCId ?? null,
    status: v.Status ?? null,
    availabilityStatus: v.AvailabilityStatus ?? null,
    securityGroupIds: v.SecurityGroupIds ?? [],
    dnsResolvers: v.DnsResolvers ?? [],
    roleArn: v.RoleArn ?? null,
  };
}

const dataSources = (accountId: string): Collector =>
  declarativeCollector({
    service: 'quicksight',
    client: 'quicksight',
    resourceType: 'AWS::QuickSight::DataSource',
    list: {
      operation: 'quicksight:ListDataSources',
      page: (qs, t) => qs.send(new ListDataSourcesCommand({ AwsAccountId: accountId, MaxResults: 100, ...(t ? { NextToken: t } : {}) })),
      items: (o) => o.DataSources,
      next: (o) => o.NextToken,
    },
    id: (d: DataSource) => (d.Arn ? d.DataSourceId : undefined),
    idField: 'Arn or DataSourceId',
    arn: (_ctx, d) => d.Arn!,
    listed: (d) => dataSourceProperties(d),
    reads: [tags<DataSource>()],
  });

const vpcConnections = (accountId: string): Collector =>
  declarativeCollector({
    service: 'quicksight',
    client: 'quicksight',
    resourceType: 'AWS::QuickSight::VPCConnection',
    list: {
      operation: 'quicksight:ListVPCConnections',
      page: (qs, t) => qs.send(new ListVPCConnectionsCommand({ AwsAccountId: accountId, MaxResults: 100, ...(t ? { NextToken: t } : {}) })),
      items: (o) => o.VPCConnectionSummaries,
      next: (o) => o.NextToken,
    },
    id: (v: VPCConnectionSummary) => (v.Arn ? v.VPCConnectionId : undefined),
    idField: 'Arn or VPCConnectionId',
    arn: (_ctx, v) => v.Arn!,
    listed: (v) => vpcConnectionProperties(v),
    reads: [tags<VPCConnectionSummary>()],
  });

/**
 * The account's QuickSight settings in this region: public sharing, termination
 * protection and the SPICE key. An account without a subscription is recorded as
 * such (`subscribed: false`), which makes the QuickSight rules not applicable.
 */
async function accountSettings(ctx: CollectorContext): Promise<Resource> {
  const qs = ctx.client('quicksight');
  const resource = regionalResource(ctx, 'AWS::QuickSight::AccountSettings', ctx.accountId, regionalArn(ctx, 'quicksight', `account/${ctx.accountId}`), {});
  const settings = await ctx.call('quicksight:DescribeAccountSettings', () => qs.send(new DescribeAccountSettingsCommand({ AwsAccountId: ctx.accountId })));
  if (!settings.ok && settings.error.code === NOT_SUBSCRIBED) {
    resource.properties.subscribed = false;
    return resource;
  }
  const got = required(settings, 'AccountSettings', 'quicksight:DescribeAccountSettings');
  if (!got.ok) {
    for (const property of ['subscribed', ...SETTINGS_PROPERTIES]) recordOn(resource, { ...got.error, property });
  } else {
    resource.properties.subscribed = true;
    Object.assign(resource.properties, accountSettingsProperties(got.value));
    // The reference promises neither flag: a missing one is not read as "off".
    unknownIfAbsent(resource, 'quicksight:DescribeAccountSettings', { publicSharingEnabled: got.value.PublicSharingEnabled, terminationProtectionEnabled: got.value.TerminationProtectionEnabled });
  }
  const keys = await ctx.call('quicksight:DescribeKeyRegistration', () => qs.send(new DescribeKeyRegistrationCommand({ AwsAccountId: ctx.accountId })));
  // An account with no key registered answers without KeyRegistration: SPICE then uses a key QuickSight owns.
  if (keys.ok) Object.assign(resource.properties, spiceKeyProperties(keys.value.KeyRegistration ?? []));
  else for (const property of KEY_PROPERTIES) recordOn(resource, { ...keys.error, property });
  return resource;
}

/**
 * QuickSight in one region: the account settings (public sharing, SPICE key),
 * data sources (SSL) and VPC connections. The API shows nothing of row-level
 * security on datasets, who dashboards are shared with, or scheduled email
 * reports, so none of these are audited.
 */
export const quicksightCollector: Collector = {
  service: 'quicksight',
  scope: 'region',
  async collect(ctx) {
    const settings = await accountSettings(ctx);
    ctx.found(1);
    if (settings.properties.subscribed === false) return [settings];
    const [d, v] = await Promise.all([dataSources(ctx.accountId).collect(ctx), vpcConnections(ctx.accountId).collect(ctx)]);
    return [settings, ...d, ...v];
  },
};
