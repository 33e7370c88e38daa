import type { RejectedItems, Resource, ScopedCollectionError } from '../inventory/resource.js';

/**
 * What an evaluation produces: one result per rule × resource, and the run
 * that holds them. `results.json` (version 2, `schemas/results.schema.json`)
 * is the normalized form of a {@link ScanResults}: a resources table, findings
 * as full records pointing into the rules and resources tables, and the
 * passes as per-rule lists of resource indexes (see docs/reports.md).
 */

/** PASS and FAIL are verdicts; UNKNOWN means the data needed was missing; ERROR means the rule could not be evaluated. */
export type Status = 'PASS' | 'FAIL' | 'UNKNOWN' | 'ERROR';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** Most severe first: the order reports and thresholds use. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Severity as a number to compare: higher is more severe (critical 4 … info 0), derived from {@link SEVERITIES}. */
export const SEVERITY_LEVEL: Readonly<Record<Severity, number>> = Object.fromEntries(SEVERITIES.map((s, i) => [s, SEVERITIES.length - 1 - i])) as Record<Severity, number>;

/** Sort order, most severe first; a string that is not a severity (hostile input that slipped past validation) sorts last. */
export function compareSeverity(a: string, b: string): number {
  return severityLevelOf(b) - severityLevelOf(a);
}

function severityLevelOf(value: string): number {
  return Object.hasOwn(SEVERITY_LEVEL, value) ? SEVERITY_LEVEL[value as Severity] : -1;
}

export type Category =
  | 'encryption-at-rest'
  | 'encryption-in-transit'
  | 'key-management'
  | 'access-policy'
  | 'data-protection'
  | 'logging';

/** Equivalent controls in other tools and frameworks. */
export interface References {
  /** AWS Config managed rule identifier, e.g. `s3-bucket-ssl-requests-only`. */
  awsConfig?: string;
  /** AWS Security Hub control ids, e.g. `S3.5`. */
  securityHub?: string[];
  /**
   * Requirement ids per framework and version, keyed by the id of a mapping
   * file in `frameworks/` (`cis-aws-v5.0.0` → `['2.1.1']`): a CIS number
   * means different things in different benchmark versions, so the version is
   * part of the key.
   */
  frameworks?: Record<string, string[]>;
  /** Further documentation links. */
  links?: string[];
}

/** A basis of the severity rubric (`schemas/severity-rubric.json`); the basis decides the severity. */
/** The references that name controls in other tools (AWS Config, Security Hub, framework requirements), without the documentation links: what each result of a rule carries. */
export function controlsOf(references: References): References {
  const out: References = {};
  if (references.awsConfig !== undefined) out.awsConfig = references.awsConfig;
  if (references.securityHub !== undefined) out.securityHub = [...references.securityHub];
  if (references.frameworks !== undefined) out.frameworks = Object.fromEntries(Object.entries(references.frameworks).map(([f, ids]) => [f, [...ids]]));
  return out;
}

export type SeverityBasis =
  | 'public-data-access'
  | 'internet-reachable-store'
  | 'broad-data-access'
  | 'unchecked-outside-access'
  | 'unencrypted-data-store'
  | 'sensitive-without-customer-key'
  | 'secret-in-plaintext'
  | 'data-loss'
  | 'weak-cryptography'
  | 'audit-trail-missing'
  | 'unencrypted-transient-store'
  | 'plaintext-in-transit'
  | 'weak-access-control'
  | 'no-customer-key'
  | 'stale-credentials'
  | 'tamper-or-loss-protection'
  | 'hygiene'
  | 'intended-sharing';

/** Why a rule has its severity: the rubric's basis and one sentence for the rule. */
export interface SeverityReason {
  basis: SeverityBasis;
  text: string;
}

/** How to fix a failing resource: prose, a guide, and snippets where one exists. */
export interface Remediation {
  text: string;
  url?: string;
  /** AWS CLI commands, one per line. */
  cli?: string;
  /** Terraform (HCL) with the fixed `aws_*` resource. */
  terraform?: string;
  /** CloudFormation YAML for one resource (`Type:` and `Properties:`). */
  cloudformation?: string;
  /** Why a snippet form is missing: one sentence per form that has none (never next to that form's snippet). */
  noSnippet?: Partial<Record<SnippetKey, string>>;
}

/** The remediation snippet forms. */
export type SnippetKey = 'cli' | 'terraform' | 'cloudformation';

/** One fact behind a verdict: where we looked, what was there, what was expected. */
export interface Evidence {
  /** Property path on the resource (or a referenced resource, as `ref(AWS::KMS::Key).keyState`). */
  path: string;
  /** The value found; absent when there was none (see `missing`). */
  found?: unknown;
  /** The expectation in words, e.g. `equals "aws:kms"`. */
  expected: string;
  /** Why no value was found: not collected, collection error, referenced resource not in inventory. */
  missing?: string;
}

export interface Suppression {
  reason: string;
  owner?: string;
  ticket?: string;
  expires?: string;
  /** Where the suppression came from (file and entry). */
  source?: string;
}

/** One rule evaluated on one resource, named by the resource's envelope fields. */
export interface Result extends ResultResource {
  ruleId: string;
  status: Status;
  severity: Severity;
  category: Category;
  /** A sentence a reviewer understands, naming the resource and what is wrong (or right). */
  message: string;
  evidence: Evidence[];
  references: References;
  /** Stable identity of the finding: hash of rule id and ARN, independent of message and order. */
  fingerprint: string;
  /** Set by the gate when the finding is suppressed. */
  suppression?: Suppression;
  /** Set by the gate when a baseline was given. */
  baselineState?: 'new' | 'unchanged' | 'updated' | 'absent';
}

/** A rule as reports need to show it: the catalogue entry without its condition tree. */
export interface RuleSummary {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  category: Category;
  service: string;
  resourceTypes: string[];
  references: References;
  /** Absent in results written before rules carried it. */
  severityReason?: SeverityReason;
  remediation: Remediation;
}

export type StatusCounts = Record<Status, number>;

export interface RunSummary {
  total: number;
  byStatus: StatusCounts;
  /** Counts by status for each severity. */
  bySeverity: Record<Severity, StatusCounts>;
  resources: number;
}

export interface RunInfo {
  tool: { name: string; version: string; informationUri: string };
  startedAt: string;
  finishedAt: string;
  snapshot: {
    source: string;
    file?: string;
    capturedAt: string;
    accounts: string[];
    regions: string[];
    resourceCount: number;
    unsupported?: Record<string, number>;
    skipped?: Record<string, number>;
    /** Source items that could not be read and were left out (AWS Config import), with where they are. */
    rejected?: RejectedItems;
  };
  ruleCount: number;
  /** Every collection error of the inventory: the header's, and each resource's with its account, region and ARN. */
  collectionErrors: ScopedCollectionError[];
}

/** A resource as results name it: the entry of results.json's `resources` table. */
export type ResultResource = Pick<Resource, 'resourceType' | 'resourceId' | 'arn' | 'accountId' | 'region' | 'name'>;

/** The PASS results of one rule that have no full record: how many, and which resources when they are known. */
export interface PassedResults {
  count: number;
  /** Known when read from a results file; a scan's reporters get the count only. */
  resources?: ResultResource[];
}

/**
 * Results in memory, as reporters, the gate and `diff` see them, whichever
 * results.json version they were read from or whether they come from a scan.
 * A PASS costs a count (and, read from a file, its resource); every other
 * result is a full {@link Result}.
 */
export interface ScanResults {
  format: 'sealcheck-results';
  run: RunInfo;
  summary: RunSummary;
  rules: RuleSummary[];
  /** Every result kept as a full record: each FAIL, UNKNOWN and ERROR; PASS too when the scan ran with `--evidence all`. */
  findings: Result[];
  /** PASS results without a full record, by rule id. */
  passed: Map<string, PassedResults>;
}
