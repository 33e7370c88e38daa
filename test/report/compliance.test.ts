import { describe, expect, it } from 'vitest';
import type { Result, Status } from '../../src/engine/result.js';
import { ComplianceTally, complianceOf } from '../../src/report/compliance.js';
import { complianceHtml, renderComplianceCsv, renderComplianceTable } from '../../src/report/compliance-render.js';
import type { FrameworkMapping } from '../../src/report/frameworks.js';

const mapping: FrameworkMapping = {
  id: 'test-v1',
  name: 'Test framework',
  version: '1',
  scope: 'Requirements made up for the test.',
  source: 'this test',
  retrieved: '2026-12-02',
  citedBy: 'frameworks',
  requirements: [
    { id: 'R1', title: 'fails', rules: ['a-fail', 'a-pass'] },
    { id: 'R2', title: 'unknown', rules: ['a-unknown', 'a-pass'] },
    { id: 'R3', title: 'a rule not run', rules: ['a-pass', 'not-run'] },
    { id: 'R4', title: 'rules pass, part not evidenced', rules: ['a-pass'], notEvidenced: 'Procedures are not evidenced.' },
    { id: 'R5', title: 'no rule', rules: [], notEvidenced: 'Nothing to look at.' },
    { id: 'R6', title: 'no rule ran', rules: ['not-run'] },
    { id: 'R7', title: 'passes', rules: ['a-pass'] },
    { id: 'R8', title: 'no resource in scope', rules: ['a-quiet'] },
  ],
};

function result(ruleId: string, status: Status, name: string, suppressed = false): Result {
  return {
    ruleId,
    status,
    resourceType: 'AWS::S3::Bucket',
    resourceId: name,
    arn: `arn:aws:s3:::${name}`,
    accountId: '111122223333',
    region: 'eu-west-1',
    name,
    severity: 'high',
    category: 'encryption-at-rest',
    message: `${name}: ${status}`,
    evidence: [],
    references: {},
    fingerprint: `${ruleId}-${name}`,
    ...(suppressed ? { suppression: { reason: 'accepted', source: 'suppressions.yml' } } : {}),
  };
}

const scan = {
  rules: ['a-fail', 'a-pass', 'a-unknown', 'a-quiet'].map((id) => ({ id })),
  findings: [result('a-fail', 'FAIL', 'open-bucket'), result('a-fail', 'FAIL', 'other', true), result('a-unknown', 'UNKNOWN', 'unread')],
  passed: new Map([['a-pass', { count: 3 }], ['a-unknown', { count: 1 }]]),
};

describe('compliance statuses', () => {
  const [report] = complianceOf([mapping], scan);
  const byId = new Map(report!.requirements.map((r) => [r.id, r]));

  it.each([
    ['R1', 'failed', '2 failing result(s).'],
    ['R2', 'partially-evidenced', '1 result(s) could not be decided (UNKNOWN or ERROR).'],
    ['R3', 'partially-evidenced', '1 of its 2 rules did not run.'],
    ['R4', 'partially-evidenced', 'Its rules passed; part of it no rule can evidence.'],
    ['R5', 'not-evidenced', 'No rule evidences this requirement.'],
    ['R6', 'not-evidenced', 'None of its rules ran in this scan.'],
    ['R7', 'passed', 'Every result passed.'],
    ['R8', 'passed', 'Its rules found no resource in scope.'],
  ])('%s is %s', (id, status, reason) => {
    expect(byId.get(id)).toMatchObject({ status, reason });
  });

  it('lists the failing resources of a failed requirement, a suppressed one marked as such', () => {
    expect(byId.get('R1')!.failing.map((f) => [f.name, f.suppressed])).toEqual([
      ['open-bucket', false],
      ['other', true],
    ]);
    expect(byId.get('R1')!.counts).toEqual({ PASS: 3, FAIL: 2, UNKNOWN: 0, ERROR: 0 });
    expect(report!.totals).toEqual({ passed: 2, failed: 1, 'partially-evidenced': 3, 'not-evidenced': 2 });
  });

  it('keeps a bounded number of failing resources and counts the rest', () => {
    const tally = new ComplianceTally([{ ...mapping, requirements: [mapping.requirements[0]!] }], scan.rules);
    for (let i = 0; i < 205; i++) tally.add(result('a-fail', 'FAIL', `b${i}`));
    const [r] = tally.reports()[0]!.requirements;
    expect([r!.failing.length, r!.failingOmitted, r!.counts.FAIL]).toEqual([200, 5, 205]);
  });
});

describe('compliance rendering', () => {
  const hostile = { ...scan, findings: [result('a-fail', 'FAIL', '=HYPERLINK("http://x")<script>alert(1)</script>'), result('a-fail', 'FAIL', '\u001b[31mred')] };
  const reports = complianceOf([mapping], hostile);

  it('CSV: quoted cells, a formula start neutralised, one row per failing resource', () => {
    const csv = renderComplianceCsv(reports);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('"framework","version","requirement","title","status","reason","rules","pass","fail","unknown","rule_id","resource","arn","account","region","suppressed","not_evidenced"');
    const r1 = lines.filter((l) => l.startsWith('"test-v1","1","R1"'));
    expect(r1).toHaveLength(2);
    expect(r1[0]).toContain(`"'=HYPERLINK(""http://x"")<script>alert(1)</script>"`);
    expect(lines.filter((l) => l.startsWith('"test-v1","1","R5"'))).toEqual(['"test-v1","1","R5","no rule","not evidenced","No rule evidences this requirement.","","0","0","0","","","","","","","Nothing to look at."']);
  });

  it('HTML: every name escaped', () => {
    const html = complianceHtml(reports);
    expect(html).toContain('=HYPERLINK(&quot;http://x&quot;)&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<tr data-requirement="R1" data-status="failed">');
  });

  it('console: control characters shown, never emitted', () => {
    const table = renderComplianceTable(reports);
    expect(table).not.toContain('\u001b');
    expect(table).toContain('\\x1b[31mred');
    expect(table).toMatch(/^R1 +failed +3 +2 +0 +fails$/m);
  });
});
