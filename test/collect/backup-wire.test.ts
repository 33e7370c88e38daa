import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectInventory } from '../../src/collect/collect.js';
import type { Snapshot } from '../../src/inventory/resource.js';
import { ACCOUNT, startFakeAws, type FakeAws } from './fake-aws/server.js';
import { emptyAccount } from './fake-aws/state.js';
import { byId, expectValid } from './helpers.js';

const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/5e1f0c2a-0000-4000-8000-00000000b0b0`;
const point = (id: string) => `arn:aws:backup:eu-west-1:${ACCOUNT}:recovery-point:${id}`;

let server: FakeAws;
let snapshot: Snapshot;

beforeAll(async () => {
  const account = emptyAccount();
  const created = new Date('2026-11-30T03:00:00Z');
  account.backupVaults = [
    {
      name: 'wire-vault',
      keyArn: KEY,
      locked: false,
      points: [
        { id: 'wire-p1', encrypted: true, keyArn: KEY, created },
        { id: 'wire-p2', encrypted: false, created },
        { id: 'wire-p3', encrypted: true, keyArn: KEY, created },
      ],
    },
    { name: 'wire-empty', keyArn: KEY, locked: true, points: [] },
  ];
  server = await startFakeAws({ account, faults: { pageSize: { 'backup:ListRecoveryPointsByBackupVault': 2 } } });
  snapshot = await collectInventory({
    endpoint: server.url,
    regions: ['eu-west-1'],
    services: ['backup'],
    homeRegion: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    client: { maxAttempts: 2, requestTimeoutMs: 5_000, retryDelayMs: () => 5 },
  });
}, 60_000);

afterAll(async () => server.close());

describe('AWS Backup over the wire with the real SDK client', () => {
  it('lists the recovery points of each vault page by page, from REST-JSON, with their encryption', () => {
    expect(server.requests.filter((r) => !r.handled).map((r) => `${r.service}:${r.operation}`)).toEqual([]);
    expect(snapshot.header.errors).toEqual([]);
    expectValid(snapshot.resources);
    expect(server.calls('backup:ListRecoveryPointsByBackupVault')).toEqual({ total: 3, faulted: 0 });
    const points = snapshot.resources.filter((r) => r.resourceType === 'AWS::Backup::RecoveryPoint');
    expect(points.map((r) => r.resourceId)).toEqual([point('wire-p1'), point('wire-p2'), point('wire-p3')]);
    expect(byId(snapshot.resources, 'AWS::Backup::RecoveryPoint', point('wire-p1')).properties).toMatchObject({
      vaultName: 'wire-vault',
      isEncrypted: true,
      encryptionKeyArn: KEY,
      encryptionKeyType: 'CUSTOMER_MANAGED_KMS_KEY',
      creationDate: '2026-11-30T03:00:00.000Z',
    });
    expect(byId(snapshot.resources, 'AWS::Backup::RecoveryPoint', point('wire-p2')).properties).toMatchObject({ isEncrypted: false, encryptionKeyArn: null });
    expect(byId(snapshot.resources, 'AWS::Backup::BackupVault', 'wire-empty').properties).toMatchObject({ locked: true, policy: null });
  });
});
