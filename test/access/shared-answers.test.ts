import { describe, expect, it } from 'vitest';
import { buildAccessIndex } from '../../src/access/build-index.js';
import { AccessEngine, whoCan, type WhoCanAnswer } from '../../src/access/who-can.js';
import type { ActionClass } from '../../src/access/store-actions.js';
import type { Resource } from '../../src/inventory/resource.js';
import { ACCOUNT, OTHER, REGION, allow, bucket, doc, key, role, trustAccount, user } from './builder.js';

/**
 * One engine shares answers between stores that the same identity statements
 * name (the scale target of issue 15 §2). Each store below differs from an
 * earlier one in exactly one thing the answer depends on; asked in this order,
 * a shared answer that ignored that thing would be the earlier store's.
 */

const k1 = `arn:aws:kms:${REGION}:${ACCOUNT}:key/k1`;
const k2 = `arn:aws:kms:${REGION}:${ACCOUNT}:key/k2`;
const k3 = `arn:aws:kms:${REGION}:${ACCOUNT}:key/k3`;
const delegating = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' });
const u = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
const teamReader = `arn:aws:iam::${ACCOUNT}:role/team-reader`;

const identities: Resource[] = [
  user('reader', { inline: [allow('s3:GetObject', 'arn:aws:s3:::team-a-*/*'), allow('kms:Decrypt', k1)] }),
  // Same prefix as reader's statement, but names only the `-x` buckets.
  user('xonly', { inline: [allow('s3:GetObject', 'arn:aws:s3:::team-a-*-x/*'), allow('kms:Decrypt', '*')] }),
  user('notx', { inline: [{ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::team-a-*-x/*' }, allow('kms:Decrypt', '*')] }),
  user('home', { inline: [allow('s3:GetObject', 'arn:aws:s3:::home-${aws:PrincipalAccount}/*'), allow('kms:Decrypt', '*')] }),
  user('assumer', { inline: [allow('sts:AssumeRole', teamReader)] }),
  role('team-reader', trustAccount(ACCOUNT), { inline: [allow('s3:GetObject', 'arn:aws:s3:::team-a-*/*'), allow('kms:Decrypt', k1)] }),
  role('grantee', trustAccount(ACCOUNT)),
  key('k1', delegating, { grants: [] }),
  key('k2', delegating, { grants: [] }),
];

// A grant constraint reads the encryption context, which names each store: in an index with one, no two stores
// share the key path. Only the decrypt question has it.
const constrainedKey = key('k3', delegating, {
  grants: [
    {
      grantId: 'g-1',
      granteePrincipal: `arn:aws:iam::${ACCOUNT}:role/grantee`,
      operations: ['Decrypt'],
      constraints: { encryptionContextEquals: { 'aws:s3:arn': 'arn:aws:s3:::team-a-7/*' } },
    },
  ],
});

const denyNotx = doc({ Effect: 'Deny', Principal: { AWS: u('notx') }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::team-a-3/*' });
const stores: Resource[] = [
  bucket('team-a-1', { kmsKeyId: k1 }),
  bucket('team-a-2-x', { kmsKeyId: k1 }), // named by xonly's pattern, not by notx's
  bucket('team-a-3', { kmsKeyId: k1, policy: denyNotx }), // its own policy
  bucket('team-a-4', { kmsKeyId: k2 }), // another key
  bucket('team-a-5', { kmsKeyId: k1, account: OTHER }), // another account
  bucket(`home-${ACCOUNT}`, { kmsKeyId: k1 }),
  bucket('home-other', { kmsKeyId: k1 }), // a policy variable names one of the two
];
const underConstrainedKey = [bucket('team-a-7', { kmsKeyId: k3 }), bucket('team-a-8', { kmsKeyId: k3 })];

const principals = (a: WhoCanAnswer) => a.grantees.map((g) => g.principal).sort();

function answers(cls: ActionClass, resources: readonly Resource[], asked: readonly Resource[]): { shared: WhoCanAnswer[]; alone: WhoCanAnswer[] } {
  const index = () => buildAccessIndex([...resources]);
  const engine = new AccessEngine(index());
  return {
    shared: asked.map((s) => whoCan(engine, s, { actionClass: cls })),
    alone: asked.map((s) => whoCan(new AccessEngine(index()), s, { actionClass: cls })),
  };
}

describe('answers shared between stores', () => {
  it('read: each store gets the principals its own statements, policy, key and account give', () => {
    const { shared, alone } = answers('read', [...identities, ...stores], stores);
    const everyTeamA = [u('assumer'), u('reader'), teamReader];
    expect(shared.map(principals)).toEqual([
      [...everyTeamA, u('notx')].sort(),
      [...everyTeamA, u('xonly')].sort(),
      everyTeamA.sort(),
      [u('notx')], // k2: only a principal allowed kms:Decrypt on every key reads through it
      [], // another account, no policy of its own: nobody of this account
      [u('home'), u('notx')],
      [u('notx')],
    ]);
    expect(shared).toEqual(alone);
  });

  it('decrypt: stores under one key share the answer unless a grant constraint reads their encryption context', () => {
    const all = [...stores, ...underConstrainedKey];
    const { shared, alone } = answers('decrypt', [...identities, constrainedKey, ...all], all);
    const k1Decrypters = [u('assumer'), u('home'), u('notx'), u('reader'), u('xonly'), teamReader].sort();
    const anyKey = [u('home'), u('notx'), u('xonly')];
    expect(shared.map(principals)).toEqual([
      k1Decrypters,
      k1Decrypters,
      k1Decrypters,
      anyKey,
      k1Decrypters,
      k1Decrypters,
      k1Decrypters,
      [...anyKey, `arn:aws:iam::${ACCOUNT}:role/grantee`].sort(),
      anyKey,
    ]);
    expect(shared).toEqual(alone);
  });
});
