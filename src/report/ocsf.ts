import { frameworkRequirements } from '../engine/references.js';
import { snippetsOf } from '../engine/remediation-snippets.js';
import type { Result, RuleSummary, ScanResults, Severity, Status } from '../engine/result.js';

/**
 * findings.ocsf.json: the results as OCSF Compliance Finding events (class
 * 2003, category Findings), OCSF 1.8.0 with the `cloud` profile: a JSON array,
 * one event per full result record. OCSF defines this class for evaluations of
 * resources against a standard; see docs/reports.md for how it compares with
 * the Detection Findings (2004) Prowler writes.
 */

/** The OCSF version the events follow. */
export const OCSF_VERSION = '1.8.0';

const CATEGORY_UID = 2;
const CLASS_UID = 2003;
/** Finding activity "Create": each event reports a result of one scan. */
const ACTIVITY_CREATE = 1;

/** `severity_id` for each of our severities (1 Informational … 5 Critical). */
const SEVERITY_ID: Readonly<Record<Severity, number>> = { info: 1, low: 2, medium: 3, high: 4, critical: 5 };
const SEVERITY_NAME: Readonly<Record<Severity, string>> = { info: 'Informational', low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

/**
 * `compliance.status_id`: 1 Pass, 2 Warning ("no result due to missing
 * information": our UNKNOWN), 3 Fail. OCSF has no id for a check that could not
 * run, so ERROR carries only the `status` text.
 */
const COMPLIANCE: Readonly<Record<Status, { status: string; status_id?: number }>> = {
  PASS: { status: 'Pass', status_id: 1 },
  UNKNOWN: { status: 'Warning', status_id: 2 },
  FAIL: { status: 'Fail', status_id: 3 },
  ERROR: { status: 'Error' },
};

/** Finding `status_id`: 1 New, 3 Suppressed. */
const STATUS_NEW = 1;
const STATUS_SUPPRESSED = 3;

/** Analytic type "Rule". */
const ANALYTIC_RULE = 1;
/** Account type "AWS Account". */
const AWS_ACCOUNT = 10;

/** One event; its shape is checked against the OCSF schema in the tests. */
export type OcsfEvent = Record<string, unknown>;

function compliance(r: Result): Record<string, unknown> {
  const { status, status_id } = COMPLIANCE[r.status];
  const controls = r.references.securityHub ?? [];
  return {
    status,
    ...(status_id === undefined ? {} : { status_id }),
    status_detail: r.message,
    ...(controls[0] ? { control: controls[0] } : {}),
    // The standards the rule's references name, so a reader can group by them.
    standards: [...(controls.length ? ['AWS Foundational Security Best Practices'] : []), ...Object.keys(r.references.frameworks ?? {}).sort()],
    requirements: [...controls, ...frameworkRequirements(r.references).map(({ framework, id }) => `${framework} ${id}`)],
  };
}

/** The remediation object: OCSF gives it no field for code, so the snippets follow the text in `desc`, each under its name. */
function remediation(rule: RuleSummary | undefined): Record<string, unknown> | undefined {
  if (!rule?.remediation.text) return undefined;
  const desc = [rule.remediation.text, ...snippetsOf(rule.remediation).map(({ kind, code }) => `${kind.label}:\n${code}`)].join('\n\n');
  return { desc, ...(rule.remediation.url ? { references: [rule.remediation.url] } : {}) };
}

/** One result as an OCSF Compliance Finding event. */
export function ocsfEvent(r: Result, rule: RuleSummary | undefined, scan: ScanResults): OcsfEvent {
  const time = Date.parse(scan.run.finishedAt);
  const partition = /^arn:([a-z][a-z0-9-]*):/.exec(r.arn)?.[1];
  const fix = remediation(rule);
  return {
    activity_id: ACTIVITY_CREATE,
    activity_name: 'Create',
    category_uid: CATEGORY_UID,
    category_name: 'Findings',
    class_uid: CLASS_UID,
    class_name: 'Compliance Finding',
    type_uid: CLASS_UID * 100 + ACTIVITY_CREATE,
    type_name: 'Compliance Finding: Create',
    severity_id: SEVERITY_ID[r.severity],
    severity: SEVERITY_NAME[r.severity],
    time,
    status_id: r.suppression ? STATUS_SUPPRESSED : STATUS_NEW,
    status: r.suppression ? 'Suppressed' : 'New',
    ...(r.suppression ? { comment: r.suppression.reason } : {}),
    message: r.message,
    metadata: {
      version: OCSF_VERSION,
      profiles: ['cloud'],
      product: { name: scan.run.tool.name, vendor_name: scan.run.tool.name, version: scan.run.tool.version, url_string: scan.run.tool.informationUri },
      log_name: 'sealcheck',
      // The fingerprint names the (rule, resource) pair across scans.
      correlation_uid: r.fingerprint,
    },
    cloud: {
      provider: 'AWS',
      account: { uid: r.accountId, type_id: AWS_ACCOUNT, type: 'AWS Account' },
      region: r.region,
      ...(partition ? { cloud_partition: partition } : {}),
    },
    finding_info: {
      uid: `sealcheck/${r.ruleId}/${r.fingerprint}`,
      title: rule?.title ?? r.ruleId,
      ...(rule?.description ? { desc: rule.description } : {}),
      types: [r.category],
      analytic: { uid: r.ruleId, name: r.ruleId, type_id: ANALYTIC_RULE, type: 'Rule' },
      created_time: time,
    },
    compliance: compliance(r),
    resources: [
      {
        uid: r.arn,
        type: r.resourceType,
        ...(r.name === undefined ? {} : { name: r.name }),
        region: r.region,
        ...(partition ? { cloud_partition: partition } : {}),
      },
    ],
    ...(fix ? { remediation: fix } : {}),
  };
}

/** Every full result record of `scan` as an OCSF event. */
export function ocsfEvents(scan: ScanResults): OcsfEvent[] {
  const rules = new Map(scan.rules.map((r) => [r.id, r]));
  return scan.findings.map((r) => ocsfEvent(r, rules.get(r.ruleId), scan));
}

/** Renders findings.ocsf.json. */
export function renderOcsf(scan: ScanResults): string {
  return `${JSON.stringify(ocsfEvents(scan), null, 1)}\n`;
}
