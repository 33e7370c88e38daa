import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectInventory } from '../../src/collect/collect.js';
import type { Snapshot } from '../../src/inventory/resource.js';
import { ACCOUNT, startFakeAws, type FakeAws } from './fake-aws/server.js';
import { emptyAccount } from './fake-aws/state.js';
import { byId, expectValid } from './helpers.js';

const KEY = '5e1f0c2a-0000-4000-8000-00000000beef';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' }] });
const READ_ALL = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] });

let server: FakeAws;
let snapshot: Snapshot;

beforeAll(async () => {
  const account = emptyAccount();
  account.iam = {
    users: [{ name: 'etl', id: 'AIDAWIREETL000000001', inline: [{ name: 'decrypt', document: READ_ALL }], attached: [], keys: [{ id: 'AKIAWIREKEY000000001', status: 'Active', created: '2024-02-01T00:00:00Z', lastUsed: '2026-11-01T00:00:00Z' }], password: false }],
    roles: [{ name: 'partner', id: 'AROAWIREPARTNER00001', path: '/', trust: TRUST, inline: [], attached: [`arn:aws:iam::${ACCOUNT}:policy/reader`] }],
    policies: [{ arn: `arn:aws:iam::${ACCOUNT}:policy/reader`, id: 'ANPAWIREREADER000001', name: 'reader', document: READ_ALL }],
    oidcProviders: [{ url: 'token.actions.githubusercontent.com', clients: ['sts.amazonaws.com'] }],
  };
  account.keys.set(KEY, {
    id: KEY,
    arn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${KEY}`,
    description: 'wire',
    manager: 'CUSTOMER',
    state: 'Enabled',
    keySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    created: new Date('2024-01-01T00:00:00Z'),
    rotation: true,
    policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] }),
    tags: {},
    grants: [{ KeyId: KEY, GrantId: 'g-wire-1', GranteePrincipal: `arn:aws:iam::${ACCOUNT}:role/partner`, IssuingAccount: `arn:aws:iam::${ACCOUNT}:root`, Operations: ['Decrypt'], Constraints: { EncryptionContextEquals: { app: 'wire' } } }],
  });
  server = await startFakeAws({ account });
  snapshot = await collectInventory({
    endpoint: server.url,
    regions: ['eu-west-1'],
    services: ['iam', 'kms'],
    homeRegion: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    client: { maxAttempts: 2, requestTimeoutMs: 5_000, retryDelayMs: () => 5 },
  });
}, 60_000);

afterAll(async () => server.close());

describe('IAM, Organizations and KMS grants over the wire with the real SDK clients', () => {
  it('reads IAM from query XML and Organizations from JSON 1.1, records nothing for an account outside any organization', () => {
    expect(server.requests.filter((r) => !r.handled).map((r) => `${r.service}:${r.operation}`)).toEqual([]);
    expect(snapshot.header.errors).toEqual([]);
    expectValid(snapshot.resources);
    expect(snapshot.resources.filter((r) => r.resourceType.startsWith('AWS::Organizations::'))).toEqual([]);
  });

  it('collects users with access key dates but no key ids, roles with decoded trust policies, and the managed policies', () => {
    const user = byId(snapshot.resources, 'AWS::IAM::User', 'AIDAWIREETL000000001');
    expect(user.properties).toMatchObject({
      userName: 'etl',
      accessKeys: [{ status: 'Active', createDate: '2024-02-01T00:00:00.000Z', lastUsedDate: '2026-11-01T00:00:00.000Z' }],
      passwordEnabled: false,
      inlinePolicies: [{ policyName: 'decrypt', policyDocument: JSON.parse(READ_ALL) }],
    });
    expect(JSON.stringify(snapshot)).not.toContain('AKIAWIREKEY');
    expect(byId(snapshot.resources, 'AWS::IAM::Role', 'AROAWIREPARTNER00001').properties).toMatchObject({
      assumeRolePolicyDocument: JSON.parse(TRUST),
      attachedManagedPolicies: [{ policyArn: `arn:aws:iam::${ACCOUNT}:policy/reader`, policyName: 'reader' }],
      permissionsBoundaryArn: null,
    });
    expect(byId(snapshot.resources, 'AWS::IAM::Policy', 'ANPAWIREREADER000001').properties).toMatchObject({ awsManaged: false, document: JSON.parse(READ_ALL) });
    expect(byId(snapshot.resources, 'AWS::IAM::OIDCProvider', `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`).properties).toMatchObject({ clientIdList: ['sts.amazonaws.com'] });
    // IAM is global: asked once for the account, not once per region.
    expect(server.calls('iam:GetAccountAuthorizationDetails').total).toBe(1);
  });

  it('collects the grants of a customer key from JSON 1.1', () => {
    expect(byId(snapshot.resources, 'AWS::KMS::Key', KEY).properties.grants).toEqual([
      { grantId: 'g-wire-1', granteePrincipal: `arn:aws:iam::${ACCOUNT}:role/partner`, retiringPrincipal: null, operations: ['Decrypt'], constraints: { encryptionContextEquals: { app: 'wire' } }, issuingAccount: `arn:aws:iam::${ACCOUNT}:root` },
    ]);
  });
});
