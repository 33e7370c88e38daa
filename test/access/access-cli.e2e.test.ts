import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const SNAP = 'fixtures/access/access.snapshot.json';
const A = '111111111111';
const BUCKET = 'arn:aws:s3:::nw-data';
const SECRET = `arn:aws:secretsmanager:eu-west-1:${A}:secret:nw-db-password-AbCdEf`;

interface Answer {
  grantees: { principal: string; kind: string; via: string[]; reasons: { kind: string; sid?: string; grantId?: string }[]; keyReasons?: { kind: string }[] }[];
  bounds: { lower: boolean; upper: boolean; reasons: string[] };
}

function json<T>(args: string[]): T {
  const run = runCli(args);
  expect(run.stderr.replace(/.*DeprecationWarning.*\n?/g, '')).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as T;
}

describe('sealcheck access on the demo account', () => {
  const DEMO = 'fixtures/demo/demo-account.snapshot.json';
  const DATA = 'arn:aws:s3:::nw-customer-data-prod';

  it('reading the customer data needs the objects and the key: the user who may read objects cannot decrypt, the one who can decrypt cannot read', () => {
    const read = json<Answer>(['access', 'who-can', '--snapshot', DEMO, '--resource', DATA, '--class', 'read', '--format', 'json']);
    expect(read.grantees).toEqual([]);
    expect(read.bounds).toEqual({ lower: false, upper: false, reasons: [] });
    const decrypt = json<Answer>(['access', 'who-can', '--snapshot', DEMO, '--resource', DATA, '--class', 'decrypt', '--format', 'json']);
    expect(decrypt.grantees.map((g) => g.principal)).toEqual(['arn:aws:iam::111122223333:user/nw-etl-legacy']);
    // Every SCP level allows, the key policy delegates to the account, and the user's managed policy grants kms:Decrypt on *.
    expect([...new Set(decrypt.grantees[0]!.reasons.map((r) => r.kind))]).toEqual(['scp', 'key-policy', 'identity']);
  });
});

describe('sealcheck access (built CLI)', () => {
  it('who-can read joins the data path with the key path and follows role chains', () => {
    const a = json<Answer>(['access', 'who-can', '--snapshot', SNAP, '--resource', BUCKET, '--class', 'read', '--format', 'json']);
    expect(a.grantees.map((g) => [g.principal, g.via])).toEqual([
      [`arn:aws:iam::${A}:role/Admin`, []],
      [`arn:aws:iam::${A}:role/Partner`, []],
      [`arn:aws:iam::${A}:user/alice`, []],
      [`arn:aws:iam::${A}:role/Hop`, [`arn:aws:iam::${A}:role/Partner`]],
      ['arn:aws:iam::222222222222:root', [`arn:aws:iam::${A}:role/Partner`]],
      [`arn:aws:iam::${A}:user/carol`, [`arn:aws:iam::${A}:role/Hop`, `arn:aws:iam::${A}:role/Partner`]],
    ]);
    // The bucket policy grants the partner account directly, but the key policy does not: only the role path reads plaintext.
    const alice = a.grantees.find((g) => g.principal.endsWith('user/alice'));
    expect(alice?.reasons.filter((r) => r.kind === 'identity').map((r) => r.sid)).toEqual(['ReadData']);
    expect(alice?.keyReasons?.map((r) => r.kind)).toContain('key-policy');
    expect(a.bounds).toEqual({ lower: false, upper: true, reasons: ['guardrails of account 222222222222 are outside the inventory'] });
  });

  it('who-can read on a secret whose key does not delegate to the account: the admin reads only by assuming the grantee', () => {
    const a = json<Answer>(['access', 'who-can', '--snapshot', SNAP, '--resource', SECRET, '--format', 'json']);
    expect(a.grantees.map((g) => [g.principal, g.via])).toEqual([
      [`arn:aws:iam::${A}:role/Reader`, []],
      [`arn:aws:iam::${A}:role/Admin`, [`arn:aws:iam::${A}:role/Reader`]],
    ]);
    expect(a.grantees[0]?.keyReasons?.map((r) => r.kind)).toEqual(['scp', 'scp', 'scp', 'kms-grant']);
  });

  it('who-can --action answers one action, in a table', () => {
    const run = runCli(['access', 'who-can', '--snapshot', SNAP, '--resource', BUCKET, '--action', 's3:DeleteBucket']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('principals: 0');
  });

  it('can lists the stores a principal reaches, through roles', () => {
    const a = json<{ reaches: { resource: string; grantee: { via: string[] } }[] }>([
      'access', 'can', '--snapshot', SNAP, '--principal', `arn:aws:iam::${A}:user/carol`, '--format', 'json',
    ]);
    expect(a.reaches.map((r) => [r.resource, r.grantee.via.length])).toEqual([[BUCKET, 2]]);
  });

  it('simulate decides one request with the SCP deny in the chain', () => {
    const d = json<{ decision: string; reasons: { kind: string; sid?: string }[] }>([
      'access', 'simulate', '--snapshot', SNAP, '--principal', `arn:aws:iam::${A}:role/Admin`, '--action', 's3:DeleteBucket', '--resource', BUCKET, '--format', 'json',
    ]);
    expect(d).toMatchObject({ decision: 'ExplicitDeny', reasons: [{ kind: 'scp', sid: 'NoBucketDeletion' }] });
  });

  it('bad input exits 2 naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealcheck-access-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format":"sealcheck-snapshot"');
    const run = runCli(['access', 'who-can', '--snapshot', bad, '--resource', BUCKET]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(bad);
    const missing = runCli(['access', 'who-can', '--snapshot', SNAP, '--resource', 'arn:aws:s3:::nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${SNAP}: no resource with ARN arn:aws:s3:::nope`);
  });
});
