import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Result, ScanResults } from '../../src/engine/result.js';
import { loadRules } from '../../src/engine/load-rules.js';
import { scanInventory } from '../../src/engine/scan.js';
import { openInventory } from '../../src/inventory/snapshot-read.js';
import { asffFindings, clipText, renderAsff } from '../../src/report/asff.js';
import { asffSchemaErrors } from './finding-schemas.js';
import { loadResults } from './fixtures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEMO = 'fixtures/demo/demo-account.snapshot.json';

async function demo(): Promise<ScanResults> {
  return scanInventory(await openInventory(join(ROOT, DEMO)), { rules: loadRules(), file: DEMO });
}

/** `scan` with its first finding replaced by `change(finding)`. */
function withFinding(scan: ScanResults, change: (r: Result) => Result): ScanResults {
  const [first, ...rest] = scan.findings;
  if (!first) throw new Error('the fixture has no finding');
  return { ...scan, findings: [change(first), ...rest] };
}

describe('findings.asff.json', () => {
  it('writes the demo findings as ASFF that the Security Hub model accepts, one stable Id per finding', async () => {
    const scan = await demo();
    const findings = JSON.parse(renderAsff(scan)) as ReturnType<typeof asffFindings>;
    expect(asffSchemaErrors(findings)).toEqual([]);
    expect(findings).toHaveLength(scan.findings.length);
    expect(new Set(findings.map((f) => f.Id)).size).toBe(findings.length);
    for (const [i, f] of findings.entries()) {
      const r = scan.findings[i] as Result;
      expect(f.Id).toBe(`sealcheck/${r.ruleId}/${r.fingerprint}`);
      expect(f.GeneratorId).toBe(r.ruleId);
      expect(f.Resources[0]?.Id).toBe(r.arn);
      expect(f.ProductArn).toBe(`arn:aws:securityhub:${f.Region}:${r.accountId}:product/${r.accountId}/default`);
    }
    const statuses = new Map(findings.map((f, i) => [(scan.findings[i] as Result).status, f.Compliance.Status]));
    expect(Object.fromEntries(statuses)).toEqual({ FAIL: 'FAILED', UNKNOWN: 'WARNING' });
  });

  it('names the Security Hub control, the resource type and the partition', async () => {
    const findings = asffFindings(await demo());
    const tls = findings.find((f) => f.GeneratorId === 's3-bucket-tls-only');
    expect(tls?.Compliance.SecurityControlId).toBe('S3.5');
    expect(tls?.Resources[0]).toMatchObject({ Type: 'AwsS3Bucket', Partition: 'aws' });
    const account = findings.find((f) => f.Resources[0]?.Id === 'arn:aws:s3::111122223333:account-public-access-block');
    // A global resource has no Region of its own: the finding goes to the first Region scanned.
    expect(account?.Resources[0]).toEqual({ Type: 'AwsS3AccountPublicAccessBlock', Id: 'arn:aws:s3::111122223333:account-public-access-block', Partition: 'aws' });
    expect(account?.Region).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
    expect(findings.filter((f) => f.Resources[0]?.Type === 'Other').length).toBeGreaterThan(0);
  });

  it('cuts long text to the API limits and keeps hostile input as data', () => {
    const long = 'é'.repeat(3000);
    const scan = withFinding(loadResults('hostile'), (r) => ({ ...r, message: long, resourceType: '__proto__', arn: 'arn:aws-iso:s3:::x', region: 'global' }));
    const [f] = asffFindings({ ...scan, rules: scan.rules.map((rule) => ({ ...rule, title: long, remediation: { text: long } })) });
    expect(Array.from(f?.Description ?? '')).toHaveLength(1024);
    expect(f?.Description.endsWith('…')).toBe(true);
    expect(Array.from(f?.Title ?? '')).toHaveLength(256);
    expect(Array.from(f?.Remediation.Recommendation.Text ?? '')).toHaveLength(512);
    expect(f?.Resources[0]).toEqual({ Type: 'Other', Id: 'arn:aws-iso:s3:::x' });
    expect(asffSchemaErrors(asffFindings(loadResults('hostile')))).toEqual([]);
    expect(clipText('😀😀😀', 2)).toBe('😀…');
    const error = asffFindings(withFinding(loadResults('small'), (r) => ({ ...r, status: 'ERROR' })));
    expect(error[0]?.Compliance.Status).toBe('NOT_AVAILABLE');
    expect(asffSchemaErrors(error)).toEqual([]);
  });

  it('carries the severity reason and the remediation snippets in ProductFields, each within the value limit', async () => {
    const findings = asffFindings(await demo());
    const tls = findings.find((f) => f.GeneratorId === 's3-bucket-tls-only');
    expect(tls?.ProductFields['sealcheck/SeverityReason']).toBe('Clients may read and write objects over plain HTTP. (plaintext-in-transit)');
    expect(tls?.ProductFields['sealcheck/Remediation/AwsCli']).toMatch(/^aws s3api put-bucket-policy /);
    expect(tls?.ProductFields['sealcheck/Remediation/CloudFormation']).toMatch(/^Type: AWS::S3::BucketPolicy\n/);
    expect(tls?.ProductFields['sealcheck/Remediation/Terraform']).toMatch(/^resource "aws_s3_bucket_policy" /);
    // A form the rule has no snippet for is left out, not given empty.
    const [bare] = asffFindings({ ...loadResults('small'), rules: loadResults('small').rules.map((rule) => ({ ...rule, remediation: { text: 'Fix it.', cli: rule.remediation.cli ?? 'aws s3api get-bucket-policy' } })) });
    expect(bare?.ProductFields).not.toHaveProperty('sealcheck/Remediation/Terraform');
    const long = 'x'.repeat(5000);
    const scan = loadResults('small');
    const [f] = asffFindings({ ...scan, rules: scan.rules.map((rule) => ({ ...rule, remediation: { text: 'Fix it.', terraform: long } })) });
    expect(f?.ProductFields['sealcheck/Remediation/Terraform']).toHaveLength(2048);
    expect(asffSchemaErrors(findings)).toEqual([]);
  });

  it('has a schema that matches the pinned SDK', () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts/gen-asff-schema.mjs'), '--check'], { stdio: 'pipe' });
  }, 120_000);
});
