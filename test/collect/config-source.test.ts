import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ConfigServiceClient, SelectAggregateResourceConfigCommand, SelectResourceConfigCommand } from '@aws-sdk/client-config-service';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectInventory } from '../../src/collect/collect.js';
import { selectExpression } from '../../src/collect/config-source.js';
import { SERVICES } from '../../src/collect/services.js';
import { CONFIG_MAPPERS } from '../../src/inventory/config-map/mappers.js';
import { PACKAGE_ROOT as ROOT } from '../../src/paths.js';
import { CannotCollectError, UsageError } from '../../src/errors.js';
import { loadRules } from '../../src/engine/load-rules.js';
import type { Status } from '../../src/engine/result.js';
import { scanInventory } from '../../src/engine/scan.js';
import type { Snapshot } from '../../src/inventory/resource.js';
import { awsError, byId, expectValid, fixture } from './helpers.js';

const config = mockClient(ConfigServiceClient);
const ACCOUNT = '111122223333';
const MEMBER = '444455556666';
const KEY_ID = '1f0e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';

/** The options `--source config` gives, with static credentials so no provider chain is consulted. */
const base = {
  source: 'config' as const,
  homeRegion: 'eu-west-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  client: { maxAttempts: 1 },
  endpoint: 'http://127.0.0.1:9', // never reached: every command is mocked
};

function twoPages(): void {
  config.on(SelectResourceConfigCommand).resolves(fixture('config.SelectResourceConfig_1'));
  config.on(SelectResourceConfigCommand, { NextToken: 'page-2-token' }).resolves(fixture('config.SelectResourceConfig_2'));
}

const rules = loadRules();

/** The verdict of one rule on one resource, from a real evaluation of the snapshot. */
async function verdicts(snapshot: Snapshot): Promise<(ruleId: string, resourceId: string) => { status: Status; message: string } | undefined> {
  const resources = (async function* () {
    yield* snapshot.resources;
  })();
  const { results } = await scanInventory({ header: snapshot.header, resources, unsupported: {} }, { rules });
  return (ruleId, resourceId) => results.find((r) => r.ruleId === ruleId && r.resourceId === resourceId);
}

beforeEach(() => config.reset());
afterEach(() => config.reset());

describe('--source config: the inventory from AWS Config advanced queries', () => {
  it('reads both pages of SelectResourceConfig and maps the rows through the importer', async () => {
    twoPages();
    const snapshot = await collectInventory({ ...base, services: ['s3', 'kms', 'rds', 'sqs'], regions: ['eu-west-1'] });

    const calls = config.commandCalls(SelectResourceConfigCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.args[0].input.NextToken).toBeUndefined();
    expect(calls[1]!.args[0].input.NextToken).toBe('page-2-token');
    const expression = calls[0]!.args[0].input.Expression!;
    expect(expression).toMatch(/^SELECT resourceId, .*configuration, supplementaryConfiguration, tags/);
    expect(expression).toContain("'AWS::S3::Bucket'");
    expect(expression).toContain("'AWS::KMS::Key'");
    expect(expression).not.toContain("'AWS::DynamoDB::Table'");
    // Multi-Region Access Points are recorded in the Region S3 serves them from, whichever Regions are selected.
    expect(expression).toContain("AND (awsRegion IN ('eu-west-1', 'global') OR resourceType IN ('AWS::S3::MultiRegionAccessPoint'))");
    expect(config.commandCalls(SelectAggregateResourceConfigCommand)).toHaveLength(0);

    expect(snapshot.header.source.kind).toBe('aws-config-select');
    expect(snapshot.header.accounts).toEqual([ACCOUNT]);
    expect(snapshot.header.regions).toEqual(['eu-west-1']);
    expectValid(snapshot.resources);
    const types = snapshot.resources.map((r) => r.resourceType).sort();
    expect(types).toEqual(['AWS::KMS::Alias', 'AWS::KMS::Key', 'AWS::RDS::DBInstance', 'AWS::S3::Bucket', 'AWS::SQS::Queue']);

    const bucket = byId(snapshot.resources, 'AWS::S3::Bucket', 'nw-config-secure-data');
    expect(bucket.tags).toMatchObject({ 'data-classification': 'confidential' });
    expect(bucket.properties).toMatchObject({
      encryption: { rules: [{ algorithm: 'aws:kms', bucketKeyEnabled: true }] },
      versioning: { status: 'Enabled' },
      publicAccessBlock: { blockPublicAcls: true, restrictPublicBuckets: true },
    });
    // The alias row on page 2 names the key from page 1: the importer joins them across pages.
    expect(byId(snapshot.resources, 'AWS::KMS::Key', KEY_ID).properties.aliases).toEqual(['alias/nw-data-lake']);
  });

  it('queries the aggregator with SelectAggregateResourceConfig for a whole organization', async () => {
    config.on(SelectAggregateResourceConfigCommand).resolves(fixture('config.SelectAggregateResourceConfig'));
    const snapshot = await collectInventory({ ...base, aggregator: 'org-aggregator', services: ['s3'], regions: 'all' });

    expect(config.commandCalls(SelectResourceConfigCommand)).toHaveLength(0);
    const calls = config.commandCalls(SelectAggregateResourceConfigCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input.ConfigurationAggregatorName).toBe('org-aggregator');
    // `all` regions: no region filter in the query.
    expect(input.Expression).not.toContain('awsRegion IN');
    expect(input.Expression).toContain("resourceType IN ('AWS::S3::Bucket', 'AWS::S3::AccountPublicAccessBlock', 'AWS::S3::AccessPoint', 'AWS::S3::MultiRegionAccessPoint')");

    expect(snapshot.header.source.description).toMatch(/^AWS Config aggregator org-aggregator: SELECT /);
    expect([...snapshot.header.accounts].sort()).toEqual([ACCOUNT, MEMBER]);
    expect([...snapshot.header.regions].sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(byId(snapshot.resources, 'AWS::S3::Bucket', 'nw-member-data')).toMatchObject({ accountId: MEMBER, region: 'us-east-1' });
    expectValid(snapshot.resources);
  });

  it('records AccessDenied in the header, keeps the pages already read and does not throw', async () => {
    config.on(SelectResourceConfigCommand).resolves(fixture('config.SelectResourceConfig_1'));
    config.on(SelectResourceConfigCommand, { NextToken: 'page-2-token' }).rejects(awsError('AccessDeniedException', 400, 'not authorized to perform: config:SelectResourceConfig'));
    const snapshot = await collectInventory({ ...base, services: ['s3', 'kms'], regions: ['eu-west-1'] });

    expect(snapshot.header.errors[0]).toMatchObject({ operation: 'config:SelectResourceConfig', code: 'AccessDeniedException', region: 'eu-west-1', service: 'config' });
    expect(snapshot.header.errors[0]!.message).toMatch(/may be incomplete/);
    expect(snapshot.resources.map((r) => r.resourceId).sort()).toEqual([KEY_ID, 'nw-config-secure-data']);
  });

  it('fails with the cause when the first page is denied: an inventory nobody could read is not an empty one', async () => {
    config.on(SelectAggregateResourceConfigCommand).rejects(awsError('AccessDeniedException', 400, 'not authorized to perform config:SelectAggregateResourceConfig'));
    const run = collectInventory({ ...base, aggregator: 'org', services: ['s3'], regions: ['eu-west-1'] });
    await expect(run).rejects.toThrow(CannotCollectError);
    await expect(run).rejects.toThrow(/^not authorized to perform config:SelectAggregateResourceConfig; the inventory may be incomplete$/);
  });

  it('marks what Config does not record as not collected, so the rules that need it say UNKNOWN', async () => {
    twoPages();
    const snapshot = await collectInventory({ ...base, services: ['s3', 'kms', 'rds', 'sqs'], regions: ['eu-west-1'] });
    const key = byId(snapshot.resources, 'AWS::KMS::Key', KEY_ID);
    expect('keyPolicy' in key.properties).toBe(false);
    expect(key.errors).toContainEqual(expect.objectContaining({ property: 'keyPolicy', code: 'NotRecordedByConfig' }));
    expect(key.errors).toContainEqual(expect.objectContaining({ property: 'rotationPeriodInDays', code: 'NotRecordedByConfig' }));
    const bucket = byId(snapshot.resources, 'AWS::S3::Bucket', 'nw-config-secure-data');
    expect('policyStatus' in bucket.properties).toBe(false);

    const verdict = await verdicts(snapshot);
    // Recorded data gives real verdicts...
    expect(verdict('s3-bucket-default-encryption', 'nw-config-secure-data')?.status).toBe('PASS');
    expect(verdict('s3-bucket-tls-only', 'nw-config-secure-data')?.status).toBe('PASS');
    // ...data Config does not hold is UNKNOWN with the reason, never PASS.
    const policy = verdict('kms-key-policy-not-public', KEY_ID);
    expect(policy?.status).toBe('UNKNOWN');
    expect(policy?.message).toMatch(/key polic/i);
    const tls = snapshot.resources.find((r) => r.resourceType === 'AWS::RDS::DBInstance')!;
    expect(verdict('rds-instance-tls-enforced', tls.resourceId)?.status).toBe('UNKNOWN');
  });
});

describe('--source config: the types queried', () => {
  it('asks for every type the importer maps, and for ELB v2 listeners, which it joins to their load balancers', () => {
    const expression = selectExpression(SERVICES);
    for (const type of [...Object.keys(CONFIG_MAPPERS), 'AWS::ElasticLoadBalancingV2::Listener']) expect(expression, type).toContain(`'${type}'`);
  });
});

describe('--source config: ELB v2 listeners after a failed page', () => {
  const ALB = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/nw-config-alb-web/50dc6c495c0c9188';
  const NLB = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/nw-config-nlb-ingest/73e2d6bc24d8a067';
  const rows = (JSON.parse(readFileSync(join(ROOT, 'fixtures/config/config-api.SelectResourceConfig.json'), 'utf8')) as { Results: string[] }).Results.filter(
    (row) => row.includes('"resourceType":"AWS::ElasticLoadBalancingV2::') && !row.includes('listener/net/'),
  );
  const balancer = (s: Snapshot, arn: string) => s.resources.find((r) => r.arn === arn)!;

  it('a load balancer without listener rows has none when every page was read, and unknown ones when a page failed', async () => {
    expect(rows).toHaveLength(4);
    config.on(SelectResourceConfigCommand).resolves({ Results: rows });
    const whole = await collectInventory({ ...base, services: ['elbv2'], regions: ['eu-west-1'] });
    expect(balancer(whole, NLB).properties.listeners).toEqual([]);

    config.reset();
    config.on(SelectResourceConfigCommand).resolves({ Results: rows, NextToken: 'page-2-token' });
    config.on(SelectResourceConfigCommand, { NextToken: 'page-2-token' }).rejects(awsError('ThrottlingException', 400, 'Rate exceeded'));
    const partial = await collectInventory({ ...base, services: ['elbv2'], regions: ['eu-west-1'] });
    expect(balancer(partial, NLB).properties).not.toHaveProperty('listeners');
    expect(balancer(partial, NLB).errors).toContainEqual(expect.objectContaining({ property: 'listeners', code: 'NotRecordedByConfig' }));
    expect(balancer(partial, ALB).properties.listeners).toHaveLength(2);
  });
});

describe('--source config with --role-arn in several accounts', () => {
  const sts = mockClient(STSClient);
  beforeEach(() => {
    sts.reset();
    sts.on(AssumeRoleCommand).callsFake((input: { RoleArn: string }) => {
      const account = /iam::(\d{12}):/.exec(input.RoleArn)![1]!;
      if (account === '222222222222') throw awsError('AccessDenied', 403);
      return { Credentials: { AccessKeyId: `ASIA${account}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) } };
    });
  });
  afterEach(() => sts.reset());

  it("queries each account's own recorder with that account's credentials, and names an account it could not reach", async () => {
    const member = (account: string) => {
      const row = JSON.parse((fixture('config.SelectResourceConfig_1') as { Results: string[] }).Results[0]!) as Record<string, unknown>;
      return { Results: [JSON.stringify({ ...row, accountId: account, resourceId: `bucket-${account}`, resourceName: `bucket-${account}`, arn: `arn:aws:s3:::bucket-${account}` })] };
    };
    config.on(SelectResourceConfigCommand).callsFake(async (_input, getClient) => {
      const { accessKeyId } = await (getClient() as ConfigServiceClient).config.credentials();
      return member(accessKeyId.slice(4));
    });
    const snapshot = await collectInventory({ ...base, roleArn: 'arn:aws:iam::{accountId}:role/Audit', accountIds: ['111111111111', '222222222222', '333333333333'], services: ['s3'] });
    expect(snapshot.resources.map((r) => r.resourceId).sort()).toEqual(['bucket-111111111111', 'bucket-333333333333']);
    expect(snapshot.header.accounts.sort()).toEqual(['111111111111', '333333333333']);
    expect(snapshot.header.errors[0]).toMatchObject({ accountId: '222222222222', code: 'AccessDenied', message: expect.stringContaining('arn:aws:iam::222222222222:role/Audit') });
  });

  it('refuses an aggregator with several accounts: one aggregator already reads them all', async () => {
    await expect(collectInventory({ ...base, aggregator: 'org', roleArn: 'arn:aws:iam::{accountId}:role/Audit', accountIds: ['111111111111', '333333333333'] })).rejects.toThrow(UsageError);
    expect(config.calls()).toHaveLength(0);
  });
});
