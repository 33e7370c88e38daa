import { describe, expect, it } from 'vitest';
import type { Resource, SnapshotHeader } from '../../src/inventory/resource.js';
import { errorInScope, scopeFilter, serviceOfType } from '../../src/inventory/scope.js';
import { resourceSchemas } from '../../src/inventory/resource-schemas.js';
import { SERVICES } from '../../src/collect/services.js';

const header = { regions: ['eu-west-1', 'us-east-1'] } as SnapshotHeader;
const at = (resourceType: string, region: string) => ({ resourceType, region }) as Resource;

describe('serviceOfType', () => {
  it.each([
    ['AWS::S3::Bucket', 's3'],
    ['AWS::KinesisFirehose::DeliveryStream', 'firehose'],
    ['AWS::Elasticsearch::Domain', 'opensearch'],
    ['AWS::SecretsManager::Secret', 'secretsmanager'],
    ['AWS::Constructor::Thing', 'constructor'],
  ])('%s → %s', (type, service) => expect(serviceOfType(type)).toBe(service));

  it('names a --services service for every modelled type, so none can be scoped out of reach', () => {
    const unnamed = resourceSchemas().types.filter((t) => !(SERVICES as readonly string[]).includes(serviceOfType(t)));
    expect(unnamed).toEqual([]);
  });
});

describe('scopeFilter', () => {
  it('keeps the named services and regions, and account-wide settings', () => {
    const keep = scopeFilter({ services: ['s3'], regions: ['us-east-1'] }, header, 'f.json');
    expect([at('AWS::S3::Bucket', 'us-east-1'), at('AWS::S3::Bucket', 'eu-west-1'), at('AWS::KMS::Key', 'us-east-1'), at('AWS::S3::AccountPublicAccessBlock', 'global')].map(keep)).toEqual([true, false, false, true]);
  });

  it('a region the snapshot was not collected from is an error naming the file', () => {
    expect(() => scopeFilter({ regions: ['ap-south-1'] }, header, 'f.json')).toThrow('f.json: --regions ap-south-1: the snapshot holds no such region (it has: eu-west-1, us-east-1)');
  });
});

describe('errorInScope', () => {
  it('keeps errors of the scope and those that name no service or region', () => {
    const scope = { services: ['s3'], regions: ['eu-west-1'] };
    expect(errorInScope(scope, { operation: 'lambda:ListFunctions', code: 'x', message: 'x', service: 'lambda', region: 'eu-west-1' })).toBe(false);
    expect(errorInScope(scope, { operation: 's3:GetBucketPolicy', code: 'x', message: 'x', region: 'us-east-1' })).toBe(false);
    expect(errorInScope(scope, { operation: 's3:GetBucketPolicy', code: 'x', message: 'x', region: 'eu-west-1' })).toBe(true);
    expect(errorInScope(scope, { operation: 'sts:GetCallerIdentity', code: 'x', message: 'x', service: 's3' })).toBe(true);
  });
});
