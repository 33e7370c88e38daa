import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetPolicyCommand, LambdaClient, ListFunctionsCommand, ListTagsCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ConfigServiceClient, SelectResourceConfigCommand } from '@aws-sdk/client-config-service';
import { collectInventory } from '../../src/collect/collect.js';
import { writeSnapshot } from '../../src/inventory/snapshot-write.js';
import type { Snapshot } from '../../src/inventory/resource.js';
import { ACCOUNT, awsError, byId } from './helpers.js';

const SRC = join(import.meta.dirname, '../../src/collect');

// Values that must never reach a snapshot, planted where the APIs return them.
const PLANTED = ['s3cr3t-planted-8c1f2e', 'sk_live_planted_4b9d', 'postgres://admin:planted-pw@db:5432/x'];

const lambda = mockClient(LambdaClient);
const ec2 = mockClient(EC2Client);
const sts = mockClient(STSClient);
const config = mockClient(ConfigServiceClient);

beforeEach(() => {
  for (const m of [lambda, ec2, sts, config]) m.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/a` });
  ec2.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' }] });
});
afterEach(() => {
  for (const m of [lambda, ec2, sts, config]) m.reset();
});

/** The snapshot as it is written to disk, plus its in-memory serialization. */
async function everythingWritten(snapshot: Snapshot): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sealcheck-secrets-'));
  try {
    const files = ['s.json', 's.ndjson'].map((f) => join(dir, f));
    for (const f of files) await writeSnapshot(f, snapshot);
    return [JSON.stringify(snapshot), ...(await Promise.all(files.map((f) => readFile(f, 'utf8'))))].join('\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('no secret values in a snapshot', () => {
  it('the Lambda collector keeps environment variable names, never their values', async () => {
    const fn = (name: string, variables: Record<string, string>): FunctionConfiguration => ({
      FunctionName: name,
      FunctionArn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${name}`,
      Role: `arn:aws:iam::${ACCOUNT}:role/${name}`,
      Runtime: 'nodejs20.x',
      Environment: { Variables: variables, Error: { ErrorCode: 'x', Message: 'y' } },
    });
    lambda.on(ListFunctionsCommand).resolves({
      Functions: [fn('api', { DB_PASSWORD: PLANTED[0]!, STRIPE_KEY: PLANTED[1]! }), fn('worker', { DATABASE_URL: PLANTED[2]! })],
    });
    lambda.on(GetPolicyCommand).rejects(awsError('ResourceNotFoundException', 404));
    // An error message that echoes a request would still carry no value: none is ever sent.
    lambda.on(ListTagsCommand).rejects(awsError('AccessDeniedException', 403));
    const snapshot = await collectInventory({
      services: ['lambda'],
      regions: ['eu-west-1'],
      homeRegion: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      client: { maxAttempts: 1 },
    });
    expect(byId(snapshot.resources, 'AWS::Lambda::Function', 'api').properties.environmentVariableNames).toEqual(['DB_PASSWORD', 'STRIPE_KEY']);
    expect(byId(snapshot.resources, 'AWS::Lambda::Function', 'worker').properties.environmentVariableNames).toEqual(['DATABASE_URL']);
    const written = await everythingWritten(snapshot);
    for (const value of PLANTED) expect(written).not.toContain(value);
    // Not even a piece of one.
    expect(written).not.toMatch(/planted/);
    // Nothing the collector sent carries a value either.
    expect(JSON.stringify(lambda.calls().map((c) => c.args[0].input))).not.toMatch(/planted/);
  });

  it('a Lambda function read from AWS Config keeps the names and drops the values too', async () => {
    const item = {
      resourceId: 'api',
      resourceName: 'api',
      resourceType: 'AWS::Lambda::Function',
      arn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:api`,
      accountId: ACCOUNT,
      awsRegion: 'eu-west-1',
      configurationItemStatus: 'OK',
      configurationItemCaptureTime: '2026-11-18T08:15:00.000Z',
      tags: {},
      relationships: [],
      configuration: { functionName: 'api', runtime: 'python3.12', kmskeyArn: null, environment: { variables: { DB_PASSWORD: PLANTED[0], DATABASE_URL: PLANTED[2] }, error: null } },
      supplementaryConfiguration: {},
    };
    config.on(SelectResourceConfigCommand).resolves({ Results: [JSON.stringify(item)] });
    const snapshot = await collectInventory({
      source: 'config',
      services: ['lambda'],
      regions: ['eu-west-1'],
      homeRegion: 'eu-west-1',
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      client: { maxAttempts: 1 },
    });
    expect(byId(snapshot.resources, 'AWS::Lambda::Function', 'api').properties.environmentVariableNames).toEqual(['DATABASE_URL', 'DB_PASSWORD']);
    const written = await everythingWritten(snapshot);
    expect(written).not.toMatch(/planted/);
  });

  it('no collector source constructs or calls an API that returns secret values or code locations', () => {
    // GetFunction returns a presigned URL to the code (and the environment values, as GetFunctionConfiguration does);
    // SSM parameters and Secrets Manager secrets are secret values by definition.
    const names = ['GetParameter', 'GetParameters', 'GetParametersByPath', 'GetParameterHistory', 'GetSecretValue', 'BatchGetSecretValue', 'GetFunction', 'GetFunctionConfiguration'];
    const command = new RegExp(`\\b(${names.join('|')})(Command)?\\b`);
    const method = new RegExp(`\\.(${names.map((n) => n[0]!.toLowerCase() + n.slice(1)).join('|')})\\s*\\(`);
    const paginator = new RegExp(`\\bpaginate(${names.join('|')})\\b`);
    const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    const offenders: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(SRC, file), 'utf8');
      for (const [i, line] of text.split('\n').entries()) {
        if (/^\s*(\/\/|\*|\/\*)/.test(line)) continue; // prose may name them
        if (command.test(line) || method.test(line) || paginator.test(line)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the source check would catch an offender', () => {
    const command = /\b(GetFunction|GetSecretValue)(Command)?\b/;
    expect(command.test("lambda.send(new GetFunctionCommand({ FunctionName: f }))")).toBe(true);
    expect(command.test("sm.send(new GetSecretValueCommand({ SecretId: s }))")).toBe(true);
    expect(command.test('new GetFunctionUrlConfigCommand({})')).toBe(false);
  });
});
