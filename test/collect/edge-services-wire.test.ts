import { describe, expect, it } from 'vitest';
import type { ServiceName } from '../../src/collect/services.js';
import type { Faults } from './fake-aws/faults.js';
import { ACCOUNT, REGION } from './fake-aws/server.js';
import type { AccountState } from './fake-aws/state.js';
import { ROTATED_KEY, wireAccount } from './fake-aws/wire-account.js';
import { byId } from './helpers.js';
import { collectAndScan, ofType, type WireRun } from './wire-scan.js';

/**
 * This round's collectors (CloudFront, RDS Proxy, Redshift Serverless) driven
 * over HTTP with the real SDK clients: a throttled answer is retried and
 * changes nothing, an access denied is a recorded collection error, never an
 * empty service that passes.
 */

const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${ROTATED_KEY}`;
const SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:proxy-login`;

function account(): AccountState {
  const state = wireAccount();
  state.dbProxies.set('tls-proxy', { name: 'tls-proxy', engineFamily: 'POSTGRESQL', requireTls: true, secretArn: SECRET, tags: { team: 'db' } });
  state.dbProxies.set('open-proxy', { name: 'open-proxy', engineFamily: 'MYSQL', requireTls: false, secretArn: SECRET, tags: {} });
  state.distributions.set('E1TLS', {
    id: 'E1TLS',
    originDomain: 'api.example.com',
    originProtocolPolicy: 'https-only',
    viewerProtocolPolicy: 'redirect-to-https',
    acmCertificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/wire`,
    minimumProtocolVersion: 'TLSv1.2_2021',
    tags: { team: 'web' },
  });
  state.distributions.set('E2PLAIN', { id: 'E2PLAIN', originDomain: 'old.example.com', originProtocolPolicy: 'http-only', viewerProtocolPolicy: 'allow-all', minimumProtocolVersion: 'TLSv1', tags: {} });
  state.serverlessNamespaces.set('audited', { name: 'audited', kmsKeyId: KEY_ARN, logExports: ['connectionlog', 'userlog', 'useractivitylog'], tags: { team: 'bi' } });
  state.serverlessNamespaces.set('silent', { name: 'silent', kmsKeyId: 'AWS_OWNED_KMS_KEY', logExports: [], tags: {} });
  state.serverlessWorkgroups.set('private-wg', { name: 'private-wg', namespaceName: 'audited', publiclyAccessible: false, requireSsl: 'true', tags: { team: 'bi' } });
  state.serverlessWorkgroups.set('open-wg', { name: 'open-wg', namespaceName: 'silent', publiclyAccessible: true, requireSsl: 'false', tags: {} });
  return state;
}

const collect = (services: ServiceName[], faults: Faults): Promise<WireRun> => collectAndScan(account(), services, faults);

describe('CloudFront over the wire', () => {
  it('retries a throttled list page and tags read, and reads each distribution as AWS returns it', async () => {
    const run = await collect(['cloudfront'], {
      throttle: { 'cloudfront:ListDistributions': { times: 1 }, 'cloudfront:ListTagsForResource': { times: 1 } },
      pageSize: { 'cloudfront:ListDistributions': 1 },
    });
    // One throttled answer, then the two pages.
    expect(run.fake.calls('cloudfront:ListDistributions')).toEqual({ total: 3, faulted: 1 });
    expect(run.fake.calls('cloudfront:ListTagsForResource')).toEqual({ total: 3, faulted: 1 });
    expect(run.snapshot.header.errors).toEqual([]);
    const tls = byId(run.snapshot.resources, 'AWS::CloudFront::Distribution', 'E1TLS');
    expect(tls.properties).toMatchObject({ certificateSource: 'acm', sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021', domainName: 'e1tls.cloudfront.net' });
    expect(tls.tags).toEqual({ team: 'web' });
    expect(byId(run.snapshot.resources, 'AWS::CloudFront::Distribution', 'E2PLAIN').properties).toMatchObject({ certificateSource: 'cloudfront', cacheBehaviors: [{ viewerProtocolPolicy: 'allow-all' }] });
    expect(run.verdict('cloudfront-distribution-viewer-https', 'E1TLS')).toBe('PASS');
    expect(run.verdict('cloudfront-distribution-viewer-https', 'E2PLAIN')).toBe('FAIL');
    expect(run.verdict('cloudfront-distribution-origin-https', 'E1TLS')).toBe('PASS');
    expect(run.verdict('cloudfront-distribution-origin-https', 'E2PLAIN')).toBe('FAIL');
  }, 60_000);

  it('records a denied list as a collection error, with no distribution and no verdict on one', async () => {
    // SQS as well: a run in which every call failed stops (read-check.ts) instead of writing a snapshot.
    const run = await collect(['cloudfront', 'sqs'], { deny: ['cloudfront:ListDistributions'] });
    const error = expect.objectContaining({ operation: 'cloudfront:ListDistributions', code: 'AccessDenied', service: 'cloudfront', accountId: ACCOUNT });
    expect(run.snapshot.header.errors).toEqual([error]);
    expect(run.collectionErrors).toEqual([error]);
    expect(ofType(run.snapshot, 'AWS::CloudFront::Distribution')).toEqual([]);
    expect(run.verdict('cloudfront-distribution-viewer-https', 'E2PLAIN')).toBeUndefined();
    expect(ofType(run.snapshot, 'AWS::SQS::Queue')).toHaveLength(2);
  }, 60_000);
});

describe('RDS Proxy over the wire', () => {
  it('retries a throttled list page and tags read, and reads RequireTLS as AWS returns it', async () => {
    const run = await collect(['rds'], {
      throttle: { 'rds:DescribeDBProxies': { times: 1 }, 'rds:ListTagsForResource': { times: 1, where: 'prx-tls-proxy' } },
      pageSize: { 'rds:DescribeDBProxies': 1 },
    });
    expect(run.fake.calls('rds:DescribeDBProxies')).toEqual({ total: 3, faulted: 1 });
    expect(run.snapshot.header.errors).toEqual([]);
    const tls = byId(run.snapshot.resources, 'AWS::RDS::DBProxy', 'tls-proxy');
    expect(tls.properties).toMatchObject({ requireTls: true, engineFamily: 'POSTGRESQL', auth: [{ authScheme: 'SECRETS', secretArn: SECRET, iamAuth: 'DISABLED' }] });
    expect(tls.tags).toEqual({ team: 'db' });
    expect(byId(run.snapshot.resources, 'AWS::RDS::DBProxy', 'open-proxy').properties.requireTls).toBe(false);
    expect(run.verdict('rds-proxy-require-tls', 'tls-proxy')).toBe('PASS');
    expect(run.verdict('rds-proxy-require-tls', 'open-proxy')).toBe('FAIL');
  }, 60_000);

  it('records a denied list as a collection error, with no proxy and no verdict on one', async () => {
    const run = await collect(['rds'], { deny: ['rds:DescribeDBProxies'] });
    const error = expect.objectContaining({ operation: 'rds:DescribeDBProxies', code: 'AccessDenied', service: 'rds', region: REGION, accountId: ACCOUNT });
    expect(run.snapshot.header.errors).toEqual([error]);
    expect(run.collectionErrors).toEqual([error]);
    expect(ofType(run.snapshot, 'AWS::RDS::DBProxy')).toEqual([]);
    // The rest of RDS is read as before.
    expect(ofType(run.snapshot, 'AWS::RDS::DBInstance')).toEqual(['db-BILLING', 'db-ORDERS']);
    expect(run.verdict('rds-proxy-require-tls', 'open-proxy')).toBeUndefined();
  }, 60_000);
});

describe('Redshift Serverless over the wire', () => {
  it('retries throttled list pages and tags reads, and reads namespaces and workgroups as AWS returns them', async () => {
    const run = await collect(['redshiftserverless', 'kms'], {
      throttle: {
        'redshift-serverless:ListNamespaces': { times: 1 },
        'redshift-serverless:ListWorkgroups': { times: 1 },
        'redshift-serverless:ListTagsForResource': { times: 1, where: 'workgroup/private-wg' },
      },
      pageSize: { 'redshift-serverless:ListNamespaces': 1, 'redshift-serverless:ListWorkgroups': 1 },
    });
    expect(run.fake.calls('redshift-serverless:ListNamespaces')).toEqual({ total: 3, faulted: 1 });
    expect(run.fake.calls('redshift-serverless:ListWorkgroups')).toEqual({ total: 3, faulted: 1 });
    expect(run.snapshot.header.errors).toEqual([]);
    const wg = byId(run.snapshot.resources, 'AWS::RedshiftServerless::Workgroup', 'private-wg');
    expect(wg.properties).toMatchObject({ namespaceName: 'audited', publiclyAccessible: false, requireSsl: true });
    expect(wg.tags).toEqual({ team: 'bi' });
    expect(byId(run.snapshot.resources, 'AWS::RedshiftServerless::Namespace', 'silent').properties).toMatchObject({ kmsKeyId: 'AWS_OWNED_KMS_KEY', logExports: [] });
    expect(run.verdict('redshiftserverless-workgroup-require-ssl', 'private-wg')).toBe('PASS');
    expect(run.verdict('redshiftserverless-workgroup-require-ssl', 'open-wg')).toBe('FAIL');
    expect(run.verdict('redshiftserverless-workgroup-not-public', 'open-wg')).toBe('FAIL');
    expect(run.verdict('redshiftserverless-namespace-audit-logging', 'audited')).toBe('PASS');
    expect(run.verdict('redshiftserverless-namespace-audit-logging', 'silent')).toBe('FAIL');
    expect(run.verdict('redshiftserverless-namespace-customer-kms', 'audited')).toBe('PASS');
    expect(run.verdict('redshiftserverless-namespace-customer-kms', 'silent')).toBe('FAIL');
  }, 60_000);

  it('records a denied list as a collection error; a key that could not be read leaves the customer-key rule UNKNOWN, never PASS', async () => {
    const run = await collect(['redshiftserverless', 'kms'], { deny: ['redshift-serverless:ListWorkgroups', 'kms:*'] });
    const listError = expect.objectContaining({ operation: 'redshift-serverless:ListWorkgroups', code: 'AccessDeniedException', service: 'redshiftserverless', region: REGION });
    expect(run.snapshot.header.errors).toContainEqual(listError);
    expect(run.collectionErrors).toContainEqual(listError);
    expect(ofType(run.snapshot, 'AWS::RedshiftServerless::Workgroup')).toEqual([]);
    expect(run.verdict('redshiftserverless-workgroup-require-ssl', 'open-wg')).toBeUndefined();
    // Namespaces are still read; whose key the audited one uses cannot be told without KMS.
    expect(ofType(run.snapshot, 'AWS::RedshiftServerless::Namespace')).toEqual(['audited', 'silent']);
    expect(run.verdict('redshiftserverless-namespace-customer-kms', 'audited')).toBe('UNKNOWN');
    expect(run.verdict('redshiftserverless-namespace-customer-kms', 'silent')).toBe('FAIL');
  }, 60_000);
});
