import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRules } from '../../src/engine/load-rules.js';
import type { Result } from '../../src/engine/result.js';
import { scanInventory } from '../../src/engine/scan.js';
import { openInventory } from '../../src/inventory/snapshot-read.js';

const rules = loadRules();
const tmp = mkdtempSync(join(tmpdir(), 'sealcheck-config-equivalence-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function verdicts(file: string): Promise<Map<string, Result>> {
  const results = await scanInventory(await openInventory(file), { rules, now: Date.parse('2026-11-20T09:00:00Z') });
  return new Map(results.results.map((r) => [`${r.ruleId} ${r.arn}`, r]));
}

describe('the same resources give the same verdicts from AWS Config and from a sealcheck snapshot', () => {
  it.each([
    'fixtures/config/config-snapshot.json',
    'fixtures/config/config-api.BatchGetResourceConfig.json',
    'fixtures/config/config-api.GetResourceConfigHistory.json',
    'fixtures/config/config-api.SelectResourceConfig.json',
  ])('%s', async (file) => {
    const actual = await verdicts(file);
    // The API fixtures hold a subset of the resources (as a batch call would); the importer's own tests check that nothing is dropped.
    const arns = new Set([...actual.values()].map((r) => r.arn));
    const expected = [...(await verdicts('fixtures/config/equivalent.snapshot.json'))].filter(([, r]) => arns.has(r.arn));
    expect(expected.length).toBeGreaterThan(0);
    for (const [key, want] of expected) {
      const got = actual.get(key);
      // A form that lacks some data (BatchGetResourceConfig carries no tags) may only turn a verdict into UNKNOWN, naming why.
      if (got?.status === 'UNKNOWN' && want.status !== 'UNKNOWN') {
        expect(got.evidence.some((e) => e.missing?.includes('NotRecordedByConfig')), `${key}: ${got.message}`).toBe(true);
        continue;
      }
      expect(got?.status, key).toBe(want.status);
    }
    // Results the sealcheck form has no counterpart for exist only where the rule's applicability could not be decided.
    const wanted = new Set(expected.map(([k]) => k));
    for (const [key, got] of actual) {
      if (wanted.has(key)) continue;
      expect(got.status, key).toBe('UNKNOWN');
      expect(got.evidence.some((e) => e.missing?.includes('NotRecordedByConfig')), key).toBe(true);
    }
  });
});

describe('documented edge cases decided from AWS Config items', () => {
  it('Oracle instances get a verdict from their option groups; Elasticsearch domains are judged by the OpenSearch rules', async () => {
    const got = await verdicts('fixtures/config/config-snapshot.json');
    const status = (rule: string, arn: string) => got.get(`${rule} ${arn}`)?.status;
    expect(status('rds-instance-oracle-network-encryption', 'arn:aws:rds:eu-west-1:111122223333:db:nw-ledger-oracle')).toBe('PASS');
    // The SSL option leaves the clear-text listener open.
    expect(status('rds-instance-oracle-network-encryption', 'arn:aws:rds:eu-west-1:111122223333:db:nw-billing-oracle')).toBe('FAIL');
    const es = 'arn:aws:es:eu-west-1:111122223333:domain/nw-config-es-catalog';
    expect(status('opensearch-domain-encrypted-at-rest', es)).toBe('FAIL');
    expect(status('opensearch-domain-node-to-node-encryption', es)).toBe('PASS');
    expect(status('opensearch-domain-https-tls12', es)).toBe('FAIL');
    expect(status('opensearch-domain-in-vpc', es)).toBe('PASS');
  });

  it('ELB v2 load balancers are judged with the listener items Config records separately, joined to them', async () => {
    const got = await verdicts('fixtures/config/config-snapshot.json');
    const status = (rule: string, arn: string) => got.get(`${rule} ${arn}`)?.status;
    const alb = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/nw-config-alb-web/50dc6c495c0c9188';
    const nlb = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/nw-config-nlb-ingest/73e2d6bc24d8a067';
    expect(status('elbv2-alb-drop-invalid-headers', alb)).toBe('FAIL');
    // The ALB forwards plain HTTP on port 80 and serves HTTPS with a 2016 policy.
    expect(status('elbv2-listeners-encrypted', alb)).toBe('FAIL');
    expect(status('elbv2-alb-http-redirects-to-https', alb)).toBe('FAIL');
    expect(status('elbv2-listener-recommended-tls-policy', alb)).toBe('FAIL');
    expect(status('elbv2-listeners-encrypted', nlb)).toBe('PASS');
    expect(status('elbv2-listener-recommended-tls-policy', nlb)).toBe('PASS');
  });

  it('without listener items in the data, the listener rules say UNKNOWN, never PASS', async () => {
    const doc = JSON.parse(readFileSync('fixtures/config/config-snapshot.json', 'utf8')) as { configurationItems: { resourceType: string }[] };
    doc.configurationItems = doc.configurationItems.filter((i) => i.resourceType !== 'AWS::ElasticLoadBalancingV2::Listener');
    const file = join(tmp, 'config-snapshot.json');
    writeFileSync(file, JSON.stringify(doc));
    const got = await verdicts(file);
    const nlb = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/nw-config-nlb-ingest/73e2d6bc24d8a067';
    for (const rule of ['elbv2-listeners-encrypted', 'elbv2-listener-recommended-tls-policy']) {
      const r = got.get(`${rule} ${nlb}`);
      expect(r?.status, rule).toBe('UNKNOWN');
      expect(r?.evidence.some((e) => e.missing?.includes('NotRecordedByConfig')), rule).toBe(true);
    }
  });

  it('launch templates, Spot Fleet requests and S3 access points get verdicts from what Config records, UNKNOWN for what it does not', async () => {
    const got = await verdicts('fixtures/config/config-snapshot.json');
    const status = (rule: string, arn: string) => got.get(`${rule} ${arn}`)?.status;
    const lt = (id: string) => `arn:aws:ec2:eu-west-1:111122223333:launch-template/${id}`;
    expect(status('ec2-launch-template-ebs-encrypted', lt('lt-0c0f1a2b3c4d5e6f7'))).toBe('PASS');
    // The default version is not the latest: the item does not say which version its volumes are.
    expect(status('ec2-launch-template-ebs-encrypted', lt('lt-0c0f2b3c4d5e6f708'))).toBe('UNKNOWN');
    // One mapping leaves encryption to the Region's default, which Config does not record.
    expect(status('ec2-spot-fleet-ebs-encrypted', 'arn:aws:ec2:eu-west-1:111122223333:spot-fleet-request/sfr-0c0f3c4d-5e6f-4a70-8b81-92a3b4c5d6e7')).toBe('UNKNOWN');
    const ap = (name: string) => `arn:aws:s3:eu-west-1:111122223333:accesspoint/${name}`;
    expect(status('s3-access-point-block-public-access', ap('nw-config-ledger-vpc'))).toBe('PASS');
    expect(status('s3-access-point-block-public-access', ap('nw-config-partner-ap'))).toBe('FAIL');
    // Its own Block Public Access restricts public policies, whatever the policy Config does not record says.
    expect(status('s3-access-point-policy-not-public', ap('nw-config-ledger-vpc'))).toBe('PASS');
    const open = got.get(`s3-access-point-policy-not-public ${ap('nw-config-partner-ap')}`);
    expect(open?.status).toBe('UNKNOWN');
    expect(open?.evidence.some((e) => e.missing?.includes('NotRecordedByConfig'))).toBe(true);
  });

  it('API Gateway stages get verdicts on their cache encryption and backend client certificate', async () => {
    const got = await verdicts('fixtures/config/config-snapshot.json');
    const stage = (name: string) => `arn:aws:apigateway:eu-west-1::/restapis/nwcfg7k2q1/stages/${name}`;
    expect(got.get(`apigateway-stage-cache-encrypted ${stage('prod')}`)?.status).toBe('FAIL');
    expect(got.get(`apigateway-stage-backend-client-certificate ${stage('prod')}`)?.status).toBe('PASS');
    expect(got.get(`apigateway-stage-backend-client-certificate ${stage('dev')}`)?.status).toBe('FAIL');
  });
});
