import { describe, expect, it } from 'vitest';
import { applySeverityOverrides, selectRules, type SelectableRule } from '../../src/config/select-rules.js';

const rules: SelectableRule[] = [
  { id: 's3-bucket-tls-only', service: 's3', category: 'encryption-in-transit', severity: 'high', references: { awsConfig: 's3-bucket-ssl-requests-only', securityHub: ['S3.5'] } },
  { id: 's3-bucket-versioning-enabled', category: 'data-protection', severity: 'low', references: { securityHub: ['S3.14'] } },
  { id: 'kms-key-rotation-enabled', service: 'kms', category: 'key-management', severity: 'medium', references: { frameworks: { 'cis-aws-v3.0.0': ['3.6'], 'cis-aws-v5.0.0': ['3.6'] }, securityHub: ['KMS.4'] } },
  { id: 'rds-instance-encrypted', service: 'rds', category: 'encryption-at-rest', severity: 'high', references: { awsConfig: 'rds-storage-encrypted', frameworks: { 'cis-aws-v3.0.0': ['2.3.1'], 'cis-aws-v5.0.0': ['2.2.1'], 'pci-dss-v4.0': ['3.5.1'] } } },
];
const ids = (selected: SelectableRule[]) => selected.map((r) => r.id);

describe('selectRules', () => {
  it('keeps everything with no selection', () => {
    expect(ids(selectRules(rules))).toEqual(ids(rules));
  });
  it('includes by id pattern, service (id prefix when unset), category and framework', () => {
    expect(ids(selectRules(rules, { include: { ids: ['s3-*'] } }))).toEqual(['s3-bucket-tls-only', 's3-bucket-versioning-enabled']);
    expect(ids(selectRules(rules, { include: { services: ['s3', 'rds'] } }))).toEqual(['s3-bucket-tls-only', 's3-bucket-versioning-enabled', 'rds-instance-encrypted']);
    expect(ids(selectRules(rules, { include: { categories: ['key-management'] } }))).toEqual(['kms-key-rotation-enabled']);
    expect(ids(selectRules(rules, { include: { frameworks: ['cis'] } }))).toEqual(['kms-key-rotation-enabled', 'rds-instance-encrypted']);
    expect(ids(selectRules(rules, { include: { frameworks: ['security-hub:S3.5', 'aws-config:rds-storage-encrypted'] } }))).toEqual(['s3-bucket-tls-only', 'rds-instance-encrypted']);
  });
  it('requires every given include field, but a listed id always gets in', () => {
    expect(ids(selectRules(rules, { include: { services: ['s3'], categories: ['encryption-in-transit'] } }))).toEqual(['s3-bucket-tls-only']);
    expect(ids(selectRules(rules, { include: { ids: ['kms-key-rotation-enabled'], services: ['s3'], categories: ['encryption-in-transit'] } }))).toEqual([
      's3-bucket-tls-only',
      'kms-key-rotation-enabled',
    ]);
  });
  it('applies the severity floor, then excludes on any matching field', () => {
    expect(ids(selectRules(rules, { minSeverity: 'medium' }))).toEqual(['s3-bucket-tls-only', 'kms-key-rotation-enabled', 'rds-instance-encrypted']);
    expect(ids(selectRules(rules, { exclude: { ids: ['rds-*'], categories: ['data-protection'] } }))).toEqual(['s3-bucket-tls-only', 'kms-key-rotation-enabled']);
    expect(ids(selectRules(rules, { include: { services: ['s3'] }, exclude: { frameworks: ['aws-config'] } }))).toEqual(['s3-bucket-versioning-enabled']);
  });
  it('compliance narrows what include kept, unlike a framework inside include, which a listed id bypasses', () => {
    expect(ids(selectRules(rules, { include: { ids: ['s3-*'] }, compliance: ['cis', 'security-hub:S3.5'] }))).toEqual(['s3-bucket-tls-only']);
    expect(ids(selectRules(rules, { compliance: ['cis'] }))).toEqual(['kms-key-rotation-enabled', 'rds-instance-encrypted']);
    // A CIS number is looked up in the version named: 2.2.1 is RDS encryption in v5.0.0 only.
    expect(ids(selectRules(rules, { compliance: ['cis-aws-v5.0.0:2.2.1'] }))).toEqual(['rds-instance-encrypted']);
    expect(ids(selectRules(rules, { compliance: ['cis-aws-v3.0.0:2.2.1'] }))).toEqual([]);
    expect(ids(selectRules(rules, { compliance: ['pci-dss-v4.0'] }))).toEqual(['rds-instance-encrypted']);
    // A framework name that is an Object.prototype member matches nothing rather than calling it.
    expect(ids(selectRules(rules, { compliance: ['constructor'] }))).toEqual([]);
  });
});

describe('applySeverityOverrides', () => {
  it('changes severity, keeps the original and reason, and leaves other rules and the input alone', () => {
    const out = applySeverityOverrides(rules, { 'kms-key-rotation-enabled': { severity: 'low', reason: 'imported key material' } });
    expect(out[2]).toMatchObject({ severity: 'low', severityOverride: { from: 'medium', reason: 'imported key material' } });
    expect(out[0]).toBe(rules[0]);
    expect(rules[2]!.severity).toBe('medium');
    expect(ids(selectRules(out, { minSeverity: 'medium' }))).toEqual(['s3-bucket-tls-only', 'rds-instance-encrypted']);
  });
  it('ignores inherited keys such as __proto__ or toString', () => {
    const out = applySeverityOverrides([{ id: 'toString', severity: 'high' as const }], {});
    expect(out[0]!.severity).toBe('high');
  });
});
