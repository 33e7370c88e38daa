import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ACMClient, DescribeCertificateCommand, ListCertificatesCommand, ListTagsForCertificateCommand } from '@aws-sdk/client-acm';
import { acmCollector } from '../../src/collect/acm.js';
import { keyStrength } from '../../src/inventory/certificate-key.js';
import { awsError, byId, collectValid, fixture, testContext } from './helpers.js';

const acm = mockClient(ACMClient);
const T = 'AWS::ACM::Certificate';
const SHOP = 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const LEGACY = 'arn:aws:acm:eu-west-1:123456789012:certificate/66666666-7777-8888-9999-000000000000';

function recorded(): void {
  acm.on(ListCertificatesCommand).resolves(fixture('acm.ListCertificates_1'));
  acm.on(ListCertificatesCommand, { NextToken: 'certs-2' }).resolves(fixture('acm.ListCertificates_2'));
  acm.on(DescribeCertificateCommand, { CertificateArn: SHOP }).resolves(fixture('acm.DescribeCertificate_1'));
  acm.on(DescribeCertificateCommand, { CertificateArn: LEGACY }).resolves(fixture('acm.DescribeCertificate_2'));
  acm.on(ListTagsForCertificateCommand).resolves({});
  acm.on(ListTagsForCertificateCommand, { CertificateArn: SHOP }).resolves(fixture('acm.ListTagsForCertificate'));
}

beforeEach(() => acm.reset());

describe('acm collector', () => {
  it('lists certificates of every key type on both pages, with key, validity, users and tags', async () => {
    recorded();
    const { resources, errors } = await collectValid(acmCollector);
    expect(errors).toEqual([]);
    const keyTypes = acm.commandCalls(ListCertificatesCommand)[0]!.args[0].input.Includes?.keyTypes;
    expect(keyTypes).toEqual(expect.arrayContaining(['RSA_1024', 'RSA_4096', 'EC_prime256v1', 'EC_secp521r1']));
    expect(keyTypes).toHaveLength(7);
    expect(byId(resources, T, SHOP)).toMatchObject({
      tags: { owner: 'web' },
      properties: {
        domainName: 'shop.example.com',
        type: 'AMAZON_ISSUED',
        status: 'ISSUED',
        keyFamily: 'RSA',
        keyBits: 2048,
        notAfter: '2027-06-30T23:59:59.000Z',
        inUseBy: ['arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop/50dc6c495c0c9188'],
      },
    });
    expect(byId(resources, T, LEGACY).properties).toMatchObject({ type: 'IMPORTED', keyBits: 1024, inUseBy: [] });
  });

  it('leaves every described property unknown when DescribeCertificate is denied or lacks the certificate', async () => {
    recorded();
    acm.on(DescribeCertificateCommand, { CertificateArn: SHOP }).rejects(awsError('AccessDeniedException'));
    acm.on(DescribeCertificateCommand, { CertificateArn: LEGACY }).resolves({});
    const { ctx } = testContext('acm');
    const resources = await acmCollector.collect(ctx);
    for (const arn of [SHOP, LEGACY]) {
      const cert = byId(resources, T, arn);
      expect(cert.properties).not.toHaveProperty('notAfter');
      expect(cert.properties).not.toHaveProperty('keyBits');
    }
    expect(byId(resources, T, SHOP).errors).toContainEqual(expect.objectContaining({ property: 'notAfter', code: 'AccessDeniedException' }));
    expect(byId(resources, T, LEGACY).errors).toContainEqual(expect.objectContaining({ property: 'notAfter', code: 'IncompleteResponse' }));
  });
});

describe('key strength', () => {
  it('reads RSA sizes and elliptic curves in both spellings ACM uses', () => {
    expect(keyStrength('RSA-3072')).toEqual({ keyFamily: 'RSA', keyBits: 3072 });
    expect(keyStrength('EC-prime256v1')).toEqual({ keyFamily: 'EC', keyBits: 256 });
    expect(keyStrength('EC_secp384r1')).toEqual({ keyFamily: 'EC', keyBits: 384 });
    expect(keyStrength('ED25519')).toEqual({ keyFamily: null, keyBits: null });
  });
});
