import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../../src/inventory/snapshot-read.js';
import { startFakeAws, type FakeAwsOptions } from './fake-aws/server.js';
import { wireAccount } from './fake-aws/wire-account.js';
import { fakeAwsEnv, listenOnLoopback } from './loopback.js';

const ROOT = join(import.meta.dirname, '../..');
// Each case starts the CLI two or three times; on a loaded machine one start takes seconds.
const SLOW = { timeout: 180_000 };

interface Run {
  code: number;
  stderr: string;
}

/** Runs the built CLI without blocking this process, so the stand-in in it can answer. */
function sealcheck(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    // The kill is a guard against a hang, not a measure: it stays under SLOW, yet leaves room for six CLIs starting side by side on a loaded machine.
    execFile(process.execPath, ['bin/sealcheck.js', ...args], { cwd: ROOT, env, timeout: 150_000 }, (error, _stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? -1) : 0, stderr });
    });
  });
}

/** sealcheck's own lines on standard error (the SDK adds a Node-version warning of its own). */
const ownLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('sealcheck:'));

/** An environment with no credentials anywhere the SDK looks: no variables, no files, no instance metadata. */
function bareEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  return { ...env, HOME: home, AWS_REGION: 'eu-west-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true', ...extra };
}

let dir: string;
let n = 0;
const fresh = () => join(dir, `run-${++n}`);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sealcheck-blind-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A URL on 127.0.0.1 where nothing listens any more: every connection is refused. */
async function closedPort(): Promise<string> {
  const server = await listenOnLoopback(async () => {});
  await server.close();
  return server.url;
}

/** `collect` and `scan` both exit 3 with one line naming `cause`, and write neither snapshot nor report. */
async function expectBlind(args: string[], env: NodeJS.ProcessEnv, cause: RegExp): Promise<Run> {
  const snapshot = `${fresh()}.json`;
  const out = fresh();
  const saved = `${fresh()}.json`;
  // Two separate processes with separate outputs: run side by side, most of their time is start-up and waiting.
  const [collected, scanned] = await Promise.all([
    sealcheck(['collect', '-q', ...args, '--out', snapshot], env),
    sealcheck(['scan', '-q', ...args, '--out', out, '--save-snapshot', saved], env),
  ]);
  expect(collected.code, collected.stderr).toBe(3);
  expect(ownLines(collected.stderr)).toHaveLength(1);
  expect(ownLines(collected.stderr)[0]).toMatch(cause);
  expect(existsSync(snapshot)).toBe(false);

  expect(scanned.code, scanned.stderr).toBe(3);
  expect(ownLines(scanned.stderr)).toEqual(ownLines(collected.stderr));
  expect(existsSync(out) ? await readdir(out) : []).toEqual([]);
  expect(existsSync(saved)).toBe(false);
  return collected;
}

describe.concurrent('a live collection that cannot start exits 3 with the cause and writes nothing', SLOW, () => {
  it('an endpoint that refuses connections', async () => {
    const url = await closedPort();
    await expectBlind(['--endpoint-url', url, '--services', 'sqs'], fakeAwsEnv(), /^sealcheck: cannot reach the account: .*ECONNREFUSED/);
  });

  it('a profile that is not in AWS_CONFIG_FILE', async () => {
    const home = fresh();
    const config = `${fresh()}.ini`;
    await writeFile(config, '[profile other]\nregion = eu-west-1\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n');
    await expectBlind(['--profile', 'audit', '--services', 'sqs'], bareEnv(home, { AWS_CONFIG_FILE: config }), /^sealcheck: cannot reach the account: .*profile: \[audit\]/);
  });

  it('no credentials at all', async () => {
    await expectBlind(['--services', 'sqs'], bareEnv(fresh()), /^sealcheck: cannot reach the account: Could not load credentials from any providers/);
  });
});

describe.concurrent('a live collection that the stand-in answers badly exits 3', SLOW, () => {
  /** Runs `body` with a stand-in of its own (cases run side by side), given the arguments that send the CLI to it. */
  async function against(options: FakeAwsOptions, body: (args: string[]) => Promise<void>): Promise<void> {
    const fake = await startFakeAws(options);
    try {
      await body(['--endpoint-url', fake.url, '--regions', 'eu-west-1']);
    } finally {
      await fake.close();
    }
  }

  it('STS rejects the token as expired', async () => {
    const faults = { fail: { 'sts:GetCallerIdentity': { code: 'ExpiredToken', status: 403, message: 'The security token included in the request is expired' } } };
    await against({ account: wireAccount(), faults }, async (args) => {
      await expectBlind([...args, '--services', 'sqs'], fakeAwsEnv(), /^sealcheck: cannot reach the account: The security token included in the request is expired/);
    });
  });

  it('every call of every collector is denied', async () => {
    await against({ account: wireAccount(), faults: { deny: ['sqs:*', 'kms:*', 'dynamodb:*'] } }, async (args) => {
      // Five listing calls, each denied once and not retried: sqs:ListQueues, kms:ListKeys, kms:ListAliases, kms:DescribeCustomKeyStores, dynamodb:ListTables.
      const run = await expectBlind([...args, '--services', 'sqs,kms,dynamodb'], fakeAwsEnv(), /^sealcheck: every AWS call failed \(5\), nothing was read; first: [a-z]+:[A-Za-z]+: AccessDenied: User is not authorized/);
      // Four clients (STS and three services), one copy of @aws-sdk/core: its Node-version warning is printed once, not per client.
      const oldNode = Number(process.versions.node.split('.')[0]) < 22;
      expect(run.stderr.split('NodeVersionSupportWarning').length - 1).toBe(oldNode ? 1 : 0);
    });
  });

  it('an account without a resource fails unless --allow-empty says it is expected', async () => {
    await against({}, async (args) => {
      const snapshot = `${fresh()}.json`;
      const [, allowed] = await Promise.all([
        expectBlind([...args, '--services', 'sqs'], fakeAwsEnv(), /^sealcheck: the collection found no resource \(123456789012 in eu-west-1\); pass --allow-empty/),
        sealcheck(['collect', '-q', ...args, '--services', 'sqs', '--allow-empty', '--out', snapshot], fakeAwsEnv()),
      ]);
      expect(allowed.code, allowed.stderr).toBe(0);
      expect((await readSnapshot(snapshot)).resources).toEqual([]);
    });
  });
});
