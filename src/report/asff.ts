import { snippetsOf, type SnippetKind } from '../engine/remediation-snippets.js';
import type { Result, RuleSummary, ScanResults } from '../engine/result.js';
import { ASFF_COMPLIANCE, ASFF_LIMITS, ASFF_PARTITIONS, ASFF_RESOURCE_TYPE, ASFF_SEVERITY, ASFF_TYPES, type AsffComplianceStatus, type AsffPartition, type AsffSeverityLabel } from './asff-tables.js';

/**
 * findings.asff.json: the results in the AWS Security Finding Format, as the
 * `Findings` array of Security Hub's BatchImportFindings, for a custom
 * integration (`product/<account>/default`). One finding per full result
 * record; its `Id` comes from the result's fingerprint, so a later scan of the
 * same rule and resource updates the same Security Hub finding.
 */

/** The ASFF schema version Security Hub accepts. */
export const ASFF_SCHEMA_VERSION = '2018-10-08';

/** One ASFF finding, with the members sealcheck fills (the full model is the SDK's `AwsSecurityFinding`). */
export interface AsffFinding {
  SchemaVersion: string;
  Id: string;
  ProductArn: string;
  GeneratorId: string;
  AwsAccountId: string;
  Region: string;
  Types: string[];
  CreatedAt: string;
  UpdatedAt: string;
  LastObservedAt: string;
  Severity: { Label: AsffSeverityLabel };
  Title: string;
  Description: string;
  Remediation: { Recommendation: { Text: string; Url?: string } };
  ProductFields: Record<string, string>;
  Resources: { Type: string; Id: string; Region?: string; Partition?: AsffPartition }[];
  Compliance: { Status: AsffComplianceStatus; SecurityControlId?: string };
  RecordState: 'ACTIVE' | 'ARCHIVED';
  ProductName: string;
  CompanyName: string;
}

export interface AsffOptions {
  /**
   * The Region findings are imported into (the ProductArn's). Default: the
   * finding's own Region, or for a global resource the first Region scanned
   * (`us-east-1` when none was).
   */
  region?: string;
  /** A product ARN to use instead of the account's default custom integration. */
  productArn?: string;
}

/** A region name as AWS writes them (`eu-west-1`, `us-gov-west-1`, `cn-north-1`), so `global` and hostile text are not one. */
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;

/** Cuts `text` to `max` characters (code points, as Security Hub counts), ending in an ellipsis when cut. */
export function clipText(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** The ASFF `Id` of the finding of `ruleId` on a resource with fingerprint `fingerprint`. */
export const asffId = (ruleId: string, fingerprint: string): string => `sealcheck/${ruleId}/${fingerprint}`;

/** `arn:<partition>:securityhub:<region>:<account>:product/<account>/default`: the account's own custom integration. */
export function defaultProductArn(partition: string, region: string, account: string): string {
  return `arn:${partition}:securityhub:${region}:${account}:product/${account}/default`;
}

function partitionOf(arn: string): AsffPartition | undefined {
  const partition = arn.split(':')[1];
  return ASFF_PARTITIONS.find((p) => p === partition);
}

function fallbackRegion(scan: ScanResults): string {
  return scan.run.snapshot.regions.find((r) => REGION.test(r)) ?? 'us-east-1';
}

function description(r: Result, rule: RuleSummary | undefined): string {
  const text = rule?.description ? `${r.message} ${rule.description}` : r.message;
  return clipText(text.trim() || r.ruleId, ASFF_LIMITS.description);
}

function remediation(r: Result, rule: RuleSummary | undefined): AsffFinding['Remediation'] {
  const text = clipText(rule?.remediation.text.trim() || `See the rule ${r.ruleId}.`, ASFF_LIMITS.recommendation);
  const url = rule?.remediation.url;
  return { Recommendation: { Text: text, ...(url ? { Url: url } : {}) } };
}

/** ProductFields keys of the remediation snippets: Recommendation.Text holds 512 characters, a ProductFields value 2048. */
const SNIPPET_FIELD: Record<SnippetKind['key'], string> = {
  cli: 'sealcheck/Remediation/AwsCli',
  terraform: 'sealcheck/Remediation/Terraform',
  cloudformation: 'sealcheck/Remediation/CloudFormation',
};

function productFields(r: Result, rule: RuleSummary | undefined): Record<string, string> {
  const fields: Record<string, string> = {
    'sealcheck/RuleId': r.ruleId,
    'sealcheck/Status': r.status,
    'sealcheck/Fingerprint': r.fingerprint,
  };
  if (rule?.severityReason) fields['sealcheck/SeverityReason'] = clipText(`${rule.severityReason.text} (${rule.severityReason.basis})`, ASFF_LIMITS.productFieldValue);
  for (const { kind, code } of rule ? snippetsOf(rule.remediation) : []) fields[SNIPPET_FIELD[kind.key]] = clipText(code, ASFF_LIMITS.productFieldValue);
  if (r.suppression) fields['sealcheck/Suppressed'] = clipText(r.suppression.reason, ASFF_LIMITS.productFieldValue);
  if (r.baselineState) fields['sealcheck/BaselineState'] = r.baselineState;
  return fields;
}

/** One result as an ASFF finding. */
export function asffFinding(r: Result, rule: RuleSummary | undefined, scan: ScanResults, options: AsffOptions = {}): AsffFinding {
  const partition = partitionOf(r.arn);
  const region = options.region ?? (REGION.test(r.region) ? r.region : fallbackRegion(scan));
  const at = scan.run.finishedAt;
  const controlId = r.references.securityHub?.[0];
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: asffId(r.ruleId, r.fingerprint),
    ProductArn: options.productArn ?? defaultProductArn(partition ?? 'aws', region, r.accountId),
    ProductName: 'sealcheck',
    CompanyName: 'sealcheck',
    GeneratorId: r.ruleId,
    AwsAccountId: r.accountId,
    Region: region,
    Types: [...ASFF_TYPES[r.category]],
    CreatedAt: at,
    UpdatedAt: at,
    LastObservedAt: at,
    Severity: { Label: ASFF_SEVERITY[r.severity] },
    Title: clipText(rule?.title.trim() || r.ruleId, ASFF_LIMITS.title),
    Description: description(r, rule),
    Remediation: remediation(r, rule),
    ProductFields: productFields(r, rule),
    Resources: [
      {
        Type: Object.hasOwn(ASFF_RESOURCE_TYPE, r.resourceType) ? (ASFF_RESOURCE_TYPE[r.resourceType] as string) : 'Other',
        Id: r.arn,
        ...(REGION.test(r.region) ? { Region: r.region } : {}),
        ...(partition ? { Partition: partition } : {}),
      },
    ],
    Compliance: { Status: ASFF_COMPLIANCE[r.status], ...(controlId ? { SecurityControlId: controlId } : {}) },
    RecordState: 'ACTIVE',
  };
}

/** Every full result record of `scan` as an ASFF finding. */
export function asffFindings(scan: ScanResults, options: AsffOptions = {}): AsffFinding[] {
  const rules = new Map(scan.rules.map((r) => [r.id, r]));
  return scan.findings.map((r) => asffFinding(r, rules.get(r.ruleId), scan, options));
}

/** Renders findings.asff.json. */
export function renderAsff(scan: ScanResults): string {
  return `${JSON.stringify(asffFindings(scan), null, 1)}\n`;
}
