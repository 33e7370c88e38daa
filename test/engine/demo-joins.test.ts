import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/engine/load-rules.js';
import { scanInventory } from '../../src/engine/scan.js';
import { openInventory } from '../../src/inventory/snapshot-read.js';
import { PACKAGE_ROOT } from '../../src/paths.js';

const DEMO = 'fixtures/demo/demo-account.snapshot.json';

// The demo account shows both sides of the joins with account and cluster settings: one resource each way.
describe('joins in the demo account', async () => {
  const scan = await scanInventory(await openInventory(join(PACKAGE_ROOT, DEMO)), { rules: loadRules(), file: DEMO });
  const verdict = (rule: string, id: string) => scan.results.find((r) => r.ruleId === rule && r.resourceId === id);

  it('passes the public snapshot in the Region that blocks all sharing and fails the one where only new sharing is blocked', () => {
    expect(verdict('ec2-snapshot-not-public', 'snap-0f1e3d5c7b9a24680')?.status).toBe('PASS');
    const us = verdict('ec2-snapshot-not-public', 'snap-07a9c1e3b5d7f2468');
    expect(us?.status).toBe('FAIL');
    expect(us?.evidence).toContainEqual(expect.objectContaining({ path: 'ref(AWS::EC2::SnapshotBlockPublicAccess)[us-east-1].state', found: 'block-new-sharing' }));
  });

  it("fails the connected key store whose cluster kept HSMs in one zone, naming the cluster, and passes the one on the two-zone cluster", () => {
    expect(verdict('kms-custom-key-store-cluster-healthy', 'cks-1a2b3c4d5e6f7a8b9')?.status).toBe('PASS');
    const ledger = verdict('kms-custom-key-store-cluster-healthy', 'cks-2b3c4d5e6f7a8b9c0');
    expect(ledger?.status).toBe('FAIL');
    expect(ledger?.evidence).toEqual([{ path: 'ref(AWS::CloudHSM::Cluster)[cluster-demohsm0002].activeHsmAvailabilityZones', found: 1, expected: 'active HSMs in at least 2 Availability Zones' }]);
    // The store itself still reads CONNECTED: only the join with its cluster shows the risk.
    expect(verdict('kms-custom-key-store-connected', 'cks-2b3c4d5e6f7a8b9c0')?.status).toBe('PASS');
    // An external key store has no cluster to judge.
    expect(verdict('kms-custom-key-store-cluster-healthy', 'cks-0d3e4f5a6b7c8d9e0')).toBeUndefined();
  });

  it("fails the Redis OSS 5.0 group without a token on its nodes' versions, and passes the Redis OSS 7 group without one", () => {
    const legacy = verdict('elasticache-replication-group-pre6-auth-token', 'nw-legacy-sessions');
    expect(legacy?.status).toBe('FAIL');
    expect(legacy?.evidence).toContainEqual(expect.objectContaining({ path: 'memberClusters[0].engineVersion', found: '5.0.6' }));
    expect(verdict('elasticache-replication-group-pre6-auth-token', 'nw-catalogue-cache')?.status).toBe('PASS');
  });
});
