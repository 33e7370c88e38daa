import { describe, expect, it } from 'vitest';
import { AccessLedger, MAX_STORES, type StoreAccess } from '../../src/engine/access-ledger.js';
import { compileRules, indexedTypes } from '../../src/engine/evaluate.js';
import { loadRules } from '../../src/engine/load-rules.js';
import { casesFileOf, readRuleCases, runRuleCases } from '../../src/engine/rule-cases.js';
import { scanInventory } from '../../src/engine/scan.js';
import { inventoryFromSnapshot, openInventory } from '../../src/inventory/snapshot-read.js';
import type { Snapshot } from '../../src/inventory/resource.js';
import { readFileSync } from 'node:fs';
import { accessSection } from '../../src/report/html-access.js';

const rules = loadRules();
const accessRules = rules.filter((r) => JSON.stringify(r.rule).includes('$access.'));
const otherRules = rules.filter((r) => !accessRules.includes(r));
const DEMO = 'fixtures/demo/demo-account.snapshot.json';

describe('$access is computed only when a rule asks for it', () => {
  it('indexes identities only for rules that name $access', () => {
    expect(indexedTypes(compileRules(otherRules, 0))).not.toContain('AWS::IAM::Role');
    expect(indexedTypes(compileRules(accessRules, 0))).toContain('AWS::IAM::Role');
  });

  it('asks the engine nothing when no loaded rule names $access, even with IAM data', async () => {
    const ledger = new AccessLedger();
    await scanInventory(await openInventory(DEMO), { rules: otherRules, accessLedger: ledger });
    expect(ledger.view().stores).toEqual([]);
  });

  it('records who can read and decrypt each store the access rules evaluate', async () => {
    const ledger = new AccessLedger();
    await scanInventory(await openInventory(DEMO), { rules: accessRules, accessLedger: ledger });
    const hr = ledger.view().stores.find((s) => s.name === 'nw-hr-documents');
    expect(hr?.readers.external).toBe(1);
    expect(hr?.readers.chains.some((c) => c.startsWith('arn:aws:iam::777788889999:root → arn:aws:iam::111122223333:role/nw-vendor-audit: s3:GetObject'))).toBe(true);
  });
});

describe('an inventory without identities', () => {
  // The demo less every IAM user and role: as a snapshot collected with --services s3,kms would be.
  const demo = JSON.parse(readFileSync(DEMO, 'utf8')) as Snapshot;
  const withoutIam = (errors: Snapshot['header']['errors']): Snapshot => ({
    ...demo,
    header: { ...demo.header, errors },
    resources: demo.resources.filter((r) => r.resourceType !== 'AWS::IAM::User' && r.resourceType !== 'AWS::IAM::Role'),
  });
  const statuses = async (snapshot: Snapshot) => {
    const scan = await scanInventory(inventoryFromSnapshot(snapshot), { rules: accessRules });
    return new Set(scan.results.map((r) => r.status));
  };

  it('is what every access rule applies on: each names $access.iamInScope in appliesTo', () => {
    expect(accessRules.length).toBeGreaterThan(0);
    for (const r of accessRules) expect(JSON.stringify(r.rule.appliesTo ?? null), r.rule.id).toContain('"$access.iamInScope"');
  });

  it('leaves the access rules out when IAM was not collected', async () => {
    expect(await statuses(withoutIam([]))).toEqual(new Set());
  });

  it('makes every access result UNKNOWN when IAM was collected but could not be read', async () => {
    const denied = { service: 'iam', region: 'global', operation: 'iam:GetAccountAuthorizationDetails', code: 'AccessDenied', message: 'denied' };
    expect(await statuses(withoutIam([denied]))).toEqual(new Set(['UNKNOWN']));
  });
});

describe('access rule evidence', () => {
  it('names the principal, the role chain and the allowing statements', () => {
    const loaded = rules.find((r) => r.rule.id === 'access-store-no-read-via-assumable-role')!;
    const { verdicts, results } = runRuleCases(loaded, readRuleCases(casesFileOf(loaded.file), loaded.rule.id));
    const i = verdicts.findIndex((v) => v.name === 'another account assumes a reading role without an ExternalId');
    const chain = results[i]?.evidence.find((e) => e.path.endsWith('.chain'));
    expect(chain?.found).toBe(
      'arn:aws:iam::444455556666:root → arn:aws:iam::111122223333:role/vendor-audit: s3:GetObject by trust-policy arn:aws:iam::111122223333:role/vendor-audit statement 0; identity vendor-audit-0 statement 0',
    );
  });
});

const entry = (n: number, name = `store-${n}`): StoreAccess => ({
  arn: `arn:aws:s3:::${name}`,
  resourceType: 'AWS::S3::Bucket',
  name,
  readers: { count: n, external: 0, chains: [] },
  decrypters: { count: 0, external: 0, chains: [] },
});

describe('AccessLedger', () => {
  it('keeps the stores with the most principals and counts the rest', () => {
    const ledger = new AccessLedger();
    for (let n = 0; n < MAX_STORES + 5; n++) ledger.record(entry(n));
    const view = ledger.view();
    expect(view.stores).toHaveLength(MAX_STORES);
    expect(view.omitted).toBe(5);
    expect(view.stores[0]?.readers.count).toBe(MAX_STORES + 4);
    expect(view.stores.some((s) => s.readers.count < 5)).toBe(false);
  });
});

describe('the report section', () => {
  it('escapes names and chains', () => {
    const hostile = { ...entry(1, 'x<img src=x onerror=alert(1)>'), readers: { count: 1, external: 1, chains: ['<script>alert(1)</script> → role'] } };
    const html = accessSection({ stores: [hostile], omitted: 0 });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('says how many stores are left out', () => {
    expect(accessSection({ stores: [entry(1)], omitted: 7 })).toContain('7 more stores');
    expect(accessSection({ stores: [], omitted: 0 })).toBe('');
  });
});
