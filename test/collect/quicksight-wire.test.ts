import { describe, expect, it } from 'vitest';
import { ACCOUNT, REGION } from './fake-aws/server.js';
import type { AccountState } from './fake-aws/state.js';
import { ROTATED_KEY, wireAccount } from './fake-aws/wire-account.js';
import { byId, expectValid } from './helpers.js';
import { collectOverWire, errorLines, idsOfType, recorded, unhandled } from './wire-run.js';

/**
 * QuickSight over HTTP with the real SDK client: REST-JSON with the account id
 * in the path and `next-token` paging. A throttled call is retried, every page
 * of data sources is read, and a refused key registration leaves the SPICE key
 * rule UNKNOWN, never PASS.
 */

const SETTINGS = 'AWS::QuickSight::AccountSettings';
const DS = 'AWS::QuickSight::DataSource';
const VPC = 'AWS::QuickSight::VPCConnection';
// SPICE's default key is one of the wire account's own customer keys, so the KMS collector can grade it.
const SPICE_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${ROTATED_KEY}`;
const SALES = `arn:aws:quicksight:${REGION}:${ACCOUNT}:datasource/sales-warehouse`;

/** The recorded settings (public sharing on), three data sources in two recorded pages, one VPC connection. */
function account(subscribed = true): AccountState {
  const state = wireAccount();
  if (!subscribed) return state;
  state.quickSight = {
    settings: recorded('quicksight.DescribeAccountSettings').AccountSettings,
    keys: [{ KeyArn: SPICE_KEY, DefaultKey: true }],
    dataSources: [...recorded('quicksight.ListDataSources_1').DataSources, ...recorded('quicksight.ListDataSources_2').DataSources],
    vpcConnections: recorded('quicksight.ListVPCConnections').VPCConnectionSummaries,
    tags: { [SALES]: recorded('quicksight.ListTagsForResource').Tags },
  };
  return state;
}

describe('QuickSight over the wire (REST-JSON)', () => {
  it('retries throttled first calls, follows NextToken for data sources, and reads settings, key, sources and connections as AWS returns them', async () => {
    const run = await collectOverWire(account(), ['quicksight', 'kms'], {
      throttle: { 'quicksight:DescribeAccountSettings': { times: 1 }, 'quicksight:ListDataSources': { times: 1 } },
      pageSize: { 'quicksight:ListDataSources': 2 },
    });
    expect(unhandled(run.fake)).toEqual([]);
    expect(run.fake.calls('quicksight:DescribeAccountSettings')).toEqual({ total: 2, faulted: 1 });
    // One throttled answer, then two pages.
    expect(run.fake.calls('quicksight:ListDataSources')).toEqual({ total: 3, faulted: 1 });
    expect(run.snapshot.header.errors).toEqual([]);
    expectValid(run.snapshot.resources);

    expect(byId(run.snapshot.resources, SETTINGS, ACCOUNT).properties).toEqual({
      subscribed: true,
      edition: 'ENTERPRISE',
      publicSharingEnabled: true,
      terminationProtectionEnabled: true,
      spiceKmsKeyArn: SPICE_KEY,
      registeredKeyArns: [SPICE_KEY],
    });
    expect(idsOfType(run.snapshot, DS)).toEqual(['athena-lake', 'legacy-postgres', 'sales-warehouse']);
    const sales = byId(run.snapshot.resources, DS, 'sales-warehouse');
    expect(sales.arn).toBe(SALES);
    expect(sales.tags).toEqual({ team: 'bi' });
    expect(sales.properties).toMatchObject({ dataSourceType: 'REDSHIFT', sslDisabled: false, vpcConnectionArn: `arn:aws:quicksight:${REGION}:${ACCOUNT}:vpcConnection/bi-vpc` });
    expect(byId(run.snapshot.resources, DS, 'legacy-postgres')).toMatchObject({ tags: {}, properties: { dataSourceType: 'POSTGRESQL', sslDisabled: true } });
    expect(byId(run.snapshot.resources, VPC, 'bi-vpc').properties).toMatchObject({ vpcId: 'vpc-0a1b2c3d4e5f60718', availabilityStatus: 'AVAILABLE', securityGroupIds: ['sg-0123456789abcdef0'] });
    // Hosts of the data sources are on the wire but never collected.
    expect(JSON.stringify(run.snapshot.resources)).not.toContain('10.0.3.17');

    expect(run.verdicts('quicksight-public-sharing-disabled')).toEqual({ [ACCOUNT]: 'FAIL' });
    expect(run.verdicts('quicksight-spice-customer-kms')).toEqual({ [ACCOUNT]: 'PASS' });
    // Athena gives no SslProperties: QuickSight then uses SSL.
    expect(run.verdicts('quicksight-data-source-ssl')).toEqual({ 'sales-warehouse': 'PASS', 'legacy-postgres': 'FAIL', 'athena-lake': 'PASS' });
  }, 60_000);

  it('records a refused key registration on the SPICE key properties: that rule is UNKNOWN, the others still judged', async () => {
    const run = await collectOverWire(account(), ['quicksight', 'kms'], { deny: ['quicksight:DescribeKeyRegistration'] });
    const settings = byId(run.snapshot.resources, SETTINGS, ACCOUNT);
    const errors = ['registeredKeyArns', 'spiceKmsKeyArn'].map((property) => `${settings.arn} ${property} quicksight:DescribeKeyRegistration AccessDeniedException`);
    expect(errorLines(run.snapshot.header.errors)).toEqual(errors);
    expect(errorLines(run.collectionErrors)).toEqual(errors);
    expect(settings.properties).not.toHaveProperty('spiceKmsKeyArn');
    expect(settings.errors).toEqual(
      ['spiceKmsKeyArn', 'registeredKeyArns'].map((property) => expect.objectContaining({ property, operation: 'quicksight:DescribeKeyRegistration', code: 'AccessDeniedException' })),
    );
    expect(run.verdicts('quicksight-spice-customer-kms')).toEqual({ [ACCOUNT]: 'UNKNOWN' });
    expect(run.verdicts('quicksight-public-sharing-disabled')).toEqual({ [ACCOUNT]: 'FAIL' });
  }, 60_000);

  it('reads an account never subscribed as such from the wire, and asks for nothing more', async () => {
    // SQS as well: a run in which every call failed stops (read-check.ts), and "not subscribed" is a failed call.
    const run = await collectOverWire(account(false), ['quicksight', 'sqs'], {});
    expect(run.snapshot.header.errors).toEqual([]);
    expect(run.fake.requests.filter((r) => r.service === 'quicksight').map((r) => r.operation)).toEqual(['DescribeAccountSettings']);
    expect(byId(run.snapshot.resources, SETTINGS, ACCOUNT).properties).toEqual({ subscribed: false });
    // The QuickSight rules apply to subscribed accounts only: no verdict, rather than a FAIL or an UNKNOWN.
    expect(run.verdicts('quicksight-public-sharing-disabled')).toEqual({});
    expect(run.verdicts('quicksight-spice-customer-kms')).toEqual({});
  }, 60_000);
});
