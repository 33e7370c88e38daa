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

type Tally = Record<Outcome, number>;
const zero = (): Tally => ({ failures: 0, errors: 0, skipped: 0, passed: 0 });

/**
 * What junit.xml needs besides the findings themselves, counted as they pass:
 * the suites in order (the rules table, then rules only findings or passes
 * name), each suite's outcomes and passes, and the totals. A PASS kept as a
 * full record (--evidence all) is still a pass: counted with the rule's others.
 */
export class JunitCounts {
  private readonly suites = new Map<string, { tally: Tally; cases: number; passes: number; order: number }>();
  readonly total = zero();
  findings = 0;

  constructor(readonly rules: readonly RuleSummary[]) {
    for (const r of rules) this.suite(r.id);
  }

  private suite(ruleId: string) {
    let s = this.suites.get(ruleId);
    if (!s) this.suites.set(ruleId, (s = { tally: zero(), cases: 0, passes: 0, order: this.suites.size }));
    return s;
  }

  /** A result with a record; returns false for a PASS (counted, not a test case of its own). */
  addFinding(r: Result): boolean {
    const s = this.suite(r.ruleId);
    if (r.status === 'PASS') {
      s.passes++;
      return false;
    }
    const o = outcome(r);
    s.tally[o]++;
    this.total[o]++;
    s.cases++;
    this.findings++;
    return true;
  }

  addPasses(ruleId: string, count: number): void {
    this.suite(ruleId).passes += count;
  }

  /** Where a rule's suite comes in the file: findings sorted by it come suite by suite, each in the order met. */
  orderOf(ruleId: string): number {
    return this.suite(ruleId).order;
  }

  /** The opening text of junit.xml. */
  head(): string {
    let tests = this.findings;
    for (const s of this.suites.values()) if (s.passes > 0) tests++;
    const c = this.total;
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="sealcheck" tests="${tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="0">\n`;
  }

  /** The suites in order, each with the opening and closing text around its test cases. */
  *suitesInOrder(timestamp: string): Generator<{ id: string; cases: number; open: string; close: string }> {
    const rules = new Map(this.rules.map((r) => [r.id, r]));
    for (const [id, s] of this.suites) {
      const rule = rules.get(id);
      const attrs = [
        `name="${escapeXmlAttribute(id)}"`,
        `tests="${s.cases + (s.passes > 0 ? 1 : 0)}"`,
        `failures="${s.tally.failures}"`,
        `errors="${s.tally.errors}"`,
        `skipped="${s.tally.skipped}"`,
        `time="0"`,
        `timestamp="${escapeXmlAttribute(timestamp)}"`,
      ];
      const props = rule
        ? `    <properties>\n      <property name="severity" value="${escapeXmlAttribute(rule.severity)}"/>\n      <property name="title" value="${escapeXmlAttribute(rule.title)}"/>\n      <property name="passed" value="${s.passes}"/>\n    </properties>\n`
        : '';
      // Passes are one test case per rule, not one per resource: a million passing resources would be a million lines no CI page shows.
      const passCase = s.passes > 0 ? `    <testcase classname="${escapeXmlAttribute(id)}" name="${s.passes} resource(s) passed" time="0"/>\n` : '';
      yield { id, cases: s.cases, open: `  <testsuite ${attrs.join(' ')}>\n${props}`, close: `${passCase}  </testsuite>\n` };
    }
  }
}

/** The end of junit.xml. */
export const JUNIT_TAIL = '</testsuites>\n';

/** The timestamp junit.xml gives every suite. */
export const junitTimestamp = (startedAt: string): string => startedAt.replace(/Z$/, '');

/** One finding's test case, with its line end. */
export const testcaseText = (r: Result): string => `${testcase(r)}\n`;

/**
 * The text of junit.xml for a scan. Rules with no results still get an
 * (empty) suite, so a rule that matched nothing is visible. Each finding is a
 * test case; the passes of a rule are one passing test case naming their count.
 */
export function renderJunit(scan: ScanResults): string {
  const counts = new JunitCounts(scan.rules);
  const byRule = new Map<string, Result[]>();
  for (const r of scan.findings) {
    if (!counts.addFinding(r)) continue;
    const list = byRule.get(r.ruleId);
    if (list) list.push(r);
    else byRule.set(r.ruleId, [r]);
  }
  for (const [ruleId, passed] of scan.passed) counts.addPasses(ruleId, passed.count);
  const parts = [counts.head()];
  for (const suite of counts.suitesInOrder(junitTimestamp(scan.run.startedAt))) {
    parts.push(suite.open, ...(byRule.get(suite.id) ?? []).map(testcaseText), suite.close);
  }
  parts.push(JUNIT_TAIL);
  return parts.join('');
}
