import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeTableCommand, DynamoDBClient, GetResourcePolicyCommand, ListTablesCommand, ListTagsOfResourceCommand } from '@aws-sdk/client-dynamodb';
import { logProgress } from '../../src/collect/progress.js';
import { collectFromApi } from '../../src/collect/runner.js';
import { accountTargets, readAccountsFile } from '../../src/collect/credentials.js';
import { CannotCollectError, InputError, UsageError } from '../../src/errors.js';
import { awsError } from './helpers.js';

const sts = mockClient(STSClient);
const ec2 = mockClient(EC2Client);
const dynamodb = mockClient(DynamoDBClient);

const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
const DENIED = '222222222222';
const TEMPLATE = 'arn:aws:iam::{accountId}:role/SealcheckAudit';
const BASE = { accessKeyId: 'BASEKEY', secretAccessKey: 'base-secret' };

/** Credentials the mocked STS hands out for a role in `account`: the key id says which account they reach. */
const keyOf = (account: string) => `ASIA${account}`;
const accountOfKey = (key: string) => /^ASIA(\d{12})$/.exec(key)?.[1];

/** The account whose assumed-role credentials the client that sent a command uses. */
async function accountOfClient(getClient: () => { config: { credentials: () => Promise<{ accessKeyId: string }> } }): Promise<string> {
  const { accessKeyId } = await getClient().config.credentials();
  const account = accountOfKey(accessKeyId);
  if (!account) throw awsError('InvalidClientTokenId', 403, `not assumed-role credentials: ${accessKeyId}`);
  return account;
}

beforeEach(() => {
  sts.reset();
  ec2.reset();
  dynamodb.reset();
  sts.on(AssumeRoleCommand).callsFake((input: { RoleArn: string }) => {
    const account = /^arn:aws:iam::(\d{12}):role\//.exec(input.RoleArn)?.[1] ?? '';
    if (account === DENIED) throw awsError('AccessDenied', 403, `User: arn:aws:iam::999999999999:user/auditor is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`);
    return {
      Credentials: { AccessKeyId: keyOf(account), SecretAccessKey: `secret-${account}`, SessionToken: `token-${account}`, Expiration: new Date(Date.now() + 3_600_000) },
      AssumedRoleUser: { Arn: `arn:aws:sts::${account}:assumed-role/SealcheckAudit/sealcheck`, AssumedRoleId: 'AROAEXAMPLE:sealcheck' },
    };
  });
  sts.on(GetCallerIdentityCommand).callsFake(async (_input, getClient) => {
    const account = await accountOfClient(getClient);
    return { Account: account, Arn: `arn:aws:sts::${account}:assumed-role/SealcheckAudit/sealcheck`, UserId: 'AROAEXAMPLE:sealcheck' };
  });
  ec2.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' }] });
  // Each account holds one table named after it, so a table in the wrong account would show.
  dynamodb.on(ListTablesCommand).callsFake(async (_input, getClient) => ({ TableNames: [`table-${await accountOfClient(getClient)}`] }));
  dynamodb.on(DescribeTableCommand).callsFake(async (input: { TableName: string }, getClient) => {
    const account = await accountOfClient(getClient);
    return { Table: { TableName: input.TableName, TableArn: `arn:aws:dynamodb:eu-west-1:${account}:table/${input.TableName}`, TableStatus: 'ACTIVE' } };
  });
  dynamodb.on(ListTagsOfResourceCommand).resolves({ Tags: [] });
  // How DynamoDB says a table has no resource policy.
  dynamodb.on(GetResourcePolicyCommand).rejects(awsError('PolicyNotFoundException'));
});
afterEach(() => {
  sts.reset();
  ec2.reset();
  dynamodb.reset();
});

describe('--role-arn with --accounts: one role assumed per account', () => {
  it('assumes the substituted role once per account with the session name and external id, and collects each account with its own credentials', async () => {
    const lines: string[] = [];
    const snapshot = await collectFromApi({
      progress: logProgress((t) => lines.push(t)),
      roleArn: TEMPLATE,
      accountIds: ACCOUNTS,
      externalId: 'X-ext-42',
      sessionName: 'nightly-audit',
      services: ['dynamodb'],
      regions: ['eu-west-1'],
      homeRegion: 'eu-west-1',
      credentials: BASE,
      client: { maxAttempts: 1 },
    });

    const assumed = sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input);
    // The denied account is tried once per client that needs credentials; the others are assumed exactly once.
    const byRole = new Map<string, number>();
    for (const a of assumed) byRole.set(a.RoleArn!, (byRole.get(a.RoleArn!) ?? 0) + 1);
    for (const id of ACCOUNTS.filter((a) => a !== DENIED)) expect(byRole.get(`arn:aws:iam::${id}:role/SealcheckAudit`), id).toBe(1);
    expect(byRole.has(`arn:aws:iam::${DENIED}:role/SealcheckAudit`)).toBe(true);
    expect([...byRole.keys()].every((arn) => !arn.includes('{accountId}'))).toBe(true);
    for (const a of assumed) {
      expect(a).toMatchObject({ RoleSessionName: 'nightly-audit', ExternalId: 'X-ext-42' });
    }
    // AssumeRole itself is signed with the base credentials.
    for (const call of sts.commandCalls(AssumeRoleCommand)) {
      expect((await (call.thisValue as STSClient).config.credentials()).accessKeyId).toBe('BASEKEY');
    }

    // Every service call of an account went out with that account's assumed-role credentials.
    expect(snapshot.header.accounts.sort()).toEqual(['111111111111', '333333333333']);
    const tables = snapshot.resources.map((r) => [r.accountId, r.resourceId]);
    expect(tables.sort()).toEqual([
      ['111111111111', 'table-111111111111'],
      ['333333333333', 'table-333333333333'],
    ]);
    for (const call of dynamodb.commandCalls(ListTablesCommand)) {
      const creds = await (call.thisValue as DynamoDBClient).config.credentials();
      expect(creds).toMatchObject({ accessKeyId: expect.stringMatching(/^ASIA/), sessionToken: expect.stringMatching(/^token-/) });
    }

    // The denied account is named in the header; the run went on.
    const denied = snapshot.header.errors.filter((e) => e.accountId === DENIED);
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ operation: 'sts:GetCallerIdentity', code: 'AccessDenied' });
    expect(denied[0]!.message).toContain(`arn:aws:iam::${DENIED}:role/SealcheckAudit`);
    expect(snapshot.header.errors.filter((e) => e.accountId !== DENIED)).toEqual([]);
    // Each account's progress is its own line, not a sum over accounts.
    expect(lines.sort()).toEqual(['sealcheck: dynamodb 111111111111 eu-west-1: 1 resources\n', 'sealcheck: dynamodb 333333333333 eu-west-1: 1 resources\n']);
  });

  it('uses the default session name and sends no external id when none is given', async () => {
    await collectFromApi({ roleArn: 'arn:aws:iam::111111111111:role/Audit', services: ['dynamodb'], regions: ['eu-west-1'], homeRegion: 'eu-west-1', credentials: BASE, client: { maxAttempts: 1 } });
    const [input] = sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input);
    expect(input).toMatchObject({ RoleArn: 'arn:aws:iam::111111111111:role/Audit', RoleSessionName: 'sealcheck' });
    expect(input).not.toHaveProperty('ExternalId');
  });

  it('skips an account whose role leads somewhere else, naming both accounts', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '999999999999', Arn: 'arn:aws:sts::999999999999:assumed-role/x/y' });
    // The only account was skipped, so nothing was read: the collection fails rather than passing an empty inventory.
    const run = collectFromApi({ roleArn: TEMPLATE, accountIds: ['111111111111'], services: ['dynamodb'], regions: ['eu-west-1'], homeRegion: 'eu-west-1', credentials: BASE, client: { maxAttempts: 1 } });
    await expect(run).rejects.toThrow(CannotCollectError);
    await expect(run).rejects.toThrow(/^111111111111: expected account 111111111111 but the credentials belong to 999999999999; skipped$/);
  });

  it('fails when no account of several can be reached, naming the first failure and counting the rest', async () => {
    sts.on(AssumeRoleCommand).rejects(awsError('AccessDenied', 403, 'not authorized to perform: sts:AssumeRole'));
    const run = collectFromApi({ roleArn: TEMPLATE, accountIds: ACCOUNTS, services: ['dynamodb'], regions: ['eu-west-1'], homeRegion: 'eu-west-1', credentials: BASE, client: { maxAttempts: 1 } });
    await expect(run).rejects.toThrow(/^\d{12}: cannot reach the account \(assuming arn:aws:iam::\d{12}:role\/SealcheckAudit\): not authorized to perform: sts:AssumeRole \(and 2 more failure\(s\)\)$/);
  });

  it('shares one assumption between concurrent callers, assumes again before expiry, and does not keep a failure', async () => {
    const [target] = accountTargets({ roleArn: TEMPLATE, accountIds: ['111111111111'], homeRegion: 'eu-west-1', credentials: BASE, client: { maxAttempts: 1 } });
    const provider = target!.credentials as () => Promise<{ accessKeyId: string }>;
    const [a, b] = await Promise.all([provider(), provider()]);
    expect(a.accessKeyId).toBe(keyOf('111111111111'));
    expect(b).toBe(a);
    expect(await provider()).toBe(a);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);

    // Credentials that expire within five minutes are replaced on the next request.
    sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'ASIASOON', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 60_000) } });
    const [soon] = accountTargets({ roleArn: TEMPLATE, accountIds: ['333333333333'], homeRegion: 'eu-west-1', credentials: BASE, client: { maxAttempts: 1 } });
    const expiring = soon!.credentials as () => Promise<{ accessKeyId: string }>;
    await expiring();
    await expiring();
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(3);

    sts.reset();
    sts
      .on(AssumeRoleCommand)
      .rejectsOnce(awsError('Throttling', 400))
      .resolves({ Credentials: { AccessKeyId: 'ASIALATER', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) } });
    const [flaky] = accountTargets({ roleArn: TEMPLATE, accountIds: ['111111111111'], homeRegion: 'eu-west-1', credentials: BASE, client: { maxAttempts: 1 } });
    const retried = flaky!.credentials as () => Promise<{ accessKeyId: string }>;
    await expect(retried()).rejects.toThrow(/Throttling/);
    expect((await retried()).accessKeyId).toBe('ASIALATER');
  });

  it('rejects inconsistent flags before any request', () => {
    const home = { homeRegion: 'eu-west-1', credentials: BASE };
    expect(() => accountTargets({ ...home, roleArn: TEMPLATE })).toThrow(UsageError);
    expect(() => accountTargets({ ...home, accountIds: ACCOUNTS })).toThrow(/--accounts needs --role-arn/);
    expect(() => accountTargets({ ...home, roleArn: 'arn:aws:iam::111111111111:role/A', accountIds: ACCOUNTS })).toThrow(/\{accountId\}/);
    expect(() => accountTargets({ ...home, roleArn: 'arn:aws:iam::{accountId}:user/A', accountIds: ACCOUNTS })).toThrow(/not an IAM role ARN/);
    expect(sts.calls()).toHaveLength(0);
  });
});

describe('readAccountsFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sealcheck-accounts-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const file = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };

  it('reads ids one per line, skipping comments and blank lines, and drops repeats', async () => {
    const path = await file('ok.txt', '# production accounts\n\n111111111111\n  222222222222   # payments\r\n\n# 999999999999 retired\n111111111111, 333333333333\n');
    expect(await readAccountsFile(path)).toEqual(['111111111111', '222222222222', '333333333333']);
  });

  it('names the file and the line of a bad id', async () => {
    const path = await file('bad.txt', '111111111111\n# ok so far\n12345\n');
    const error = await readAccountsFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(`${path}:3: "12345" is not a 12-digit AWS account id`);
  });

  it('refuses a file with no ids, and a file that cannot be read', async () => {
    await expect(readAccountsFile(await file('empty.txt', '# nothing\n\n'))).rejects.toThrow(/no account ids/);
    await expect(readAccountsFile(join(dir, 'missing.txt'))).rejects.toThrow(/missing\.txt: cannot read \(ENOENT\)/);
  });
});
