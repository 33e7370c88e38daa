import type { Result, RuleSummary, ScanResults } from '../engine/result.js';
import { escapeXml, escapeXmlAttribute } from './xml.js';

/**
 * junit.xml: one `<testsuite>` per rule, one `<testcase>` per finding
 * (classname = rule id, name = ARN) and one for the rule's passes. FAIL is a `<failure>` with
 * the message and evidence, UNKNOWN is `<skipped>` with the reason, ERROR is an
 * `<error>`, the passes one empty test case named `N resource(s) passed`. A suppressed FAIL is `<skipped>` with the
 * suppression's reason: it was accepted, so it must not turn CI red. The shape most CI systems parse (Jenkins,
 * GitLab, GitHub test reporters, Azure DevOps).
 */

/** Attribute values are cut to this length: some CI parsers choke on huge attributes; the element text keeps the whole. */
const MAX_ATTRIBUTE = 500;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function evidenceText(r: Result): string {
  return r.evidence
    .map((e) => {
      const found = e.found === undefined ? `(none${e.missing ? `: ${e.missing}` : ''})` : JSON.stringify(e.found);
      return `${e.path}: found ${found}, expected ${e.expected}`;
    })
    .join('\n');
}

function details(r: Result): string {
  const lines = [r.message, '', `resource: ${r.resourceType} ${r.arn}`, `account: ${r.accountId}  region: ${r.region}  severity: ${r.severity}`];
  const evidence = evidenceText(r);
  if (evidence) lines.push('', 'evidence:', evidence);
  if (r.suppression) lines.push('', `suppressed: ${r.suppression.reason}`);
  return lines.join('\n');
}

function testcase(r: Result): string {
  const open = `    <testcase classname="${escapeXmlAttribute(r.ruleId)}" name="${escapeXmlAttribute(r.arn)}" time="0"`;
  const message = escapeXmlAttribute(clip(r.message, MAX_ATTRIBUTE));
  if (r.status === 'FAIL' && r.suppression) {
    return `${open}>\n      <skipped message="${escapeXmlAttribute(clip(`suppressed: ${r.suppression.reason}`, MAX_ATTRIBUTE))}"/>\n      <system-out>${escapeXml(details(r))}</system-out>\n    </testcase>`;
  }
  switch (r.status) {
    case 'FAIL':
      return `${open}>\n      <failure message="${message}" type="${escapeXmlAttribute(r.severity)}">${escapeXml(details(r))}</failure>\n    </testcase>`;
    case 'UNKNOWN':
      return `${open}>\n      <skipped message="${message}"/>\n      <system-out>${escapeXml(details(r))}</system-out>\n    </testcase>`;
    case 'ERROR':
      return `${open}>\n      <error message="${message}" type="RuleError">${escapeXml(details(r))}</error>\n    </testcase>`;
    default:
      return `${open}/>`;
  }
}

type Outcome = 'failures' | 'errors' | 'skipped' | 'passed';

function outcome(r: Result): Outcome {
  if (r.status === 'FAIL') return r.suppression ? 'skipped' : 'failures';
  return r.status === 'ERROR' ? 'errors' : r.status === 'UNKNOWN' ? 'skipped' : 'passed';
}

function tally(results: readonly Result[]): Record<Outcome, number> {
  const counts = { failures: 0, errors: 0, skipped: 0, passed: 0 };
  for (const r of results) counts[outcome(r)]++;
  return counts;
}

function suite(id: string, rule: RuleSummary | undefined, results: readonly Result[], passes: number, timestamp: string): string {
  const c = tally(results);
  const cases = results.map(testcase);
  // Passes are one test case per rule, not one per resource: a million passing resources would be a million lines no CI page shows.
  if (passes > 0) cases.push(`    <testcase classname="${escapeXmlAttribute(id)}" name="${passes} resource(s) passed" time="0"/>`);
  const attrs = [
    `name="${escapeXmlAttribute(id)}"`,
    `tests="${cases.length}"`,
    `failures="${c.failures}"`,
    `errors="${c.errors}"`,
    `skipped="${c.skipped}"`,
    `time="0"`,
    `timestamp="${escapeXmlAttribute(timestamp)}"`,
  ];
  const props = rule
    ? `    <properties>\n      <property name="severity" value="${escapeXmlAttribute(rule.severity)}"/>\n      <property name="title" value="${escapeXmlAttribute(rule.title)}"/>\n      <property name="passed" value="${passes}"/>\n    </properties>\n`
    : '';
  return `  <testsuite ${attrs.join(' ')}>\n${props}${cases.join('\n')}${cases.length ? '\n' : ''}  </testsuite>`;
}

/**
 * The text of junit.xml for a scan. Rules with no results still get an
 * (empty) suite, so a rule that matched nothing is visible. Each finding is a
 * test case; the passes of a rule are one passing test case naming their count.
 */
export function renderJunit(scan: ScanResults): string {
  const byRule = new Map<string, Result[]>(scan.rules.map((r) => [r.id, []]));
  const passes = new Map<string, number>();
  for (const [ruleId, passed] of scan.passed) passes.set(ruleId, passed.count);
  const findings: Result[] = [];
  for (const r of scan.findings) {
    // PASS kept as a full record (--evidence all) is still a pass: counted with the rule's others.
    if (r.status === 'PASS') {
      passes.set(r.ruleId, (passes.get(r.ruleId) ?? 0) + 1);
      if (!byRule.has(r.ruleId)) byRule.set(r.ruleId, []);
      continue;
    }
    findings.push(r);
    const list = byRule.get(r.ruleId);
    if (list) list.push(r);
    else byRule.set(r.ruleId, [r]);
  }
  for (const ruleId of passes.keys()) if (!byRule.has(ruleId)) byRule.set(ruleId, []);
  const rules = new Map(scan.rules.map((r) => [r.id, r]));
  const timestamp = scan.run.startedAt.replace(/Z$/, '');
  const c = tally(findings);
  const suites = [...byRule].map(([id, results]) => suite(id, rules.get(id), results, passes.get(id) ?? 0, timestamp));
  let tests = findings.length;
  for (const n of passes.values()) if (n > 0) tests++;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="sealcheck" tests="${tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
