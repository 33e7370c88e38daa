// Report rendering benchmark: npm run bench:report
// Renders SARIF, HTML, JSON and JUnit for 100,000 synthetic results, then measures
// how long report.html with 50,000 results takes to become interactive in headless
// Chromium (load → first table rows → a filter applied). Prints figures; asserts nothing.
import { existsSync, mkdtempSync, writeFileSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { renderSarif } from '../dist/report/sarif.js';
import { renderHtml } from '../dist/report/html.js';
import { writeResultsJson } from '../dist/report/results-json-stream.js';
import { renderJunit } from '../dist/report/junit.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const STATUSES = ['FAIL', 'FAIL', 'PASS', 'PASS', 'PASS', 'UNKNOWN', 'ERROR'];
const TYPES = [
  ['AWS::S3::Bucket', 'S3', 'encryption-in-transit'],
  ['AWS::KMS::Key', 'KMS', 'key-management'],
  ['AWS::EC2::Volume', 'EC2', 'encryption-at-rest'],
  ['AWS::RDS::DBInstance', 'RDS', 'encryption-at-rest'],
  ['AWS::SQS::Queue', 'SQS', 'access-policy'],
];
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-southeast-2'];

function synthetic(n) {
  const rules = [];
  for (let i = 0; i < 60; i++) {
    const [type, service, category] = TYPES[i % TYPES.length];
    rules.push({
      id: `${service.toLowerCase()}-rule-${i}`, title: `Synthetic rule ${i}`, description: `Checks property ${i} of ${type}.`,
      severity: SEVERITIES[i % SEVERITIES.length], category, service, resourceTypes: [type],
      references: { securityHub: [`${service}.${i}`], ...(i % 3 === 0 ? { cis: [`2.${i}`] } : {}) },
      remediation: { text: `Fix property ${i}.`, url: 'https://docs.aws.amazon.com/' },
    });
  }
  const results = [];
  const zero = () => ({ PASS: 0, FAIL: 0, UNKNOWN: 0, ERROR: 0 });
  const bySeverity = /** @type {Record<import('../dist/engine/result.js').Severity, ReturnType<typeof zero>>} */ (Object.fromEntries(SEVERITIES.map((s) => [s, zero()])));
  const byStatus = zero();
  for (let i = 0; i < n; i++) {
    const rule = rules[i % rules.length];
    const account = String(100000000000 + (i % 7));
    const region = REGIONS[i % REGIONS.length];
    const name = `resource-${i}`;
    const arn = `arn:aws:${rule.service.toLowerCase()}:${region}:${account}:thing/${name}`;
    const status = STATUSES[i % STATUSES.length];
    byStatus[status]++;
    bySeverity[rule.severity][status]++;
    results.push({
      ruleId: rule.id, resourceType: rule.resourceTypes[0], resourceId: name, arn, accountId: account, region, name, status,
      severity: rule.severity, category: rule.category, message: `${rule.service} resource ${name} ${status === 'PASS' ? 'passes' : 'fails'} ${rule.title}.`,
      evidence: [{ path: `prop${i % 60}`, found: i % 2 === 0 ? false : { Statement: [{ Effect: 'Allow', Principal: '*' }] }, expected: 'equals true' }],
      references: rule.references, fingerprint: i.toString(16).padStart(32, '0'),
      ...(i % 10 === 0 ? { baselineState: 'new' } : {}),
    });
  }
  return /** @type {import('../dist/engine/result.js').ScanResults} */ ({
    format: 'sealcheck-results', version: 2,
    run: {
      tool: { name: 'sealcheck', version: '0.1.0', informationUri: 'https://github.com/sealcheck/sealcheck' },
      startedAt: '2024-05-01T10:00:00.000Z', finishedAt: '2024-05-01T10:05:00.000Z',
      snapshot: { source: 'synthetic', capturedAt: '2024-05-01T09:00:00.000Z', accounts: [...new Set(results.map((r) => r.accountId))], regions: REGIONS, resourceCount: n },
      ruleCount: rules.length, collectionErrors: [],
    },
    summary: { total: n, byStatus, bySeverity, resources: n }, rules,
    findings: results.filter((r) => r.status !== 'PASS'),
    passed: passedByRule(results),
  });
}

/** The PASS results as results.json v2 keeps them: per rule, the resources that passed. */
function passedByRule(results) {
  const passed = new Map();
  for (const r of results) {
    if (r.status !== 'PASS') continue;
    const entry = passed.get(r.ruleId) ?? { count: 0, resources: [] };
    entry.count++;
    entry.resources.push({ resourceType: r.resourceType, resourceId: r.resourceId, arn: r.arn, accountId: r.accountId, region: r.region, name: r.name });
    passed.set(r.ruleId, entry);
  }
  return passed;
}

function time(label, fn) {
  const start = performance.now();
  const value = fn();
  const ms = performance.now() - start;
  return { label, ms, value };
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const row = (label, ms, extra = '') => console.log(`${label.padEnd(44)} ${ms.toFixed(0).padStart(7)} ms  ${extra}`);

const big = synthetic(100_000);
console.log(`render, 100,000 results (${big.findings.filter((r) => r.status === 'FAIL').length} FAIL):`);
const sarif = time('SARIF', () => renderSarif(big));
row('  results.sarif', sarif.ms, `${mb(Buffer.byteLength(sarif.value))}, ${mb(gzipSync(sarif.value).length)} gzipped, ${JSON.parse(sarif.value).runs[0].results.length} results kept`);
const html = time('HTML', () => renderHtml(big));
row('  report.html', html.ms, mb(Buffer.byteLength(html.value)));
const jsonDir = mkdtempSync(join(tmpdir(), 'sealcheck-bench-json-'));
const jsonFile = join(jsonDir, 'results.json');
const jsonStart = performance.now();
await writeResultsJson(jsonFile, big);
row('  results.json', performance.now() - jsonStart, mb(statSync(jsonFile).size));
rmSync(jsonDir, { recursive: true, force: true });
const junit = time('JUnit', () => renderJunit(big));
row('  junit.xml', junit.ms, mb(Buffer.byteLength(junit.value)));

const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  console.log(`\ntime-to-interactive: skipped, ${CHROMIUM} is absent`);
  process.exit(0);
}
const { chromium } = await import('playwright-core');
const dir = mkdtempSync(join(tmpdir(), 'sealcheck-bench-'));
const file = join(dir, 'report.html');
writeFileSync(file, renderHtml(synthetic(50_000)));
console.log(`\nreport.html with 50,000 results (${mb(statSync(file).size)}) in headless Chromium:`);
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const page = await browser.newPage();
    const url = pathToFileURL(file).href;
    await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
    const t0 = performance.now();
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForSelector('#findings-body tr.row');
    const t1 = performance.now();
    const before = await page.locator('#match-count').textContent();
    await page.selectOption('#f-severity', 'high');
    await page.waitForFunction((b) => document.getElementById('match-count')?.textContent !== b, before);
    const t2 = performance.now();
    await page.fill('#f-search', 'resource-4242');
    await page.waitForFunction(() => document.querySelectorAll('#findings-body tr.row').length <= 2);
    const t3 = performance.now();
    const nav = await page.evaluate(() => {
      const n = /** @type {PerformanceNavigationTiming} */ (window.performance.getEntriesByType('navigation')[0]);
      return { domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd };
    });
    runs.push({ rows: t1 - t0, filter: t2 - t1, search: t3 - t2, total: t2 - t0, ...nav });
    await page.close();
  }
  const median = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[1];
  row('  load → first rows rendered (median of 3)', median('rows'));
  row('  severity filter applied', median('filter'));
  row('  time to interactive (rows + filter)', median('total'));
  row('  search typed → rows (incl. 120 ms debounce)', median('search'));
  row('  DOMContentLoaded (navigation timing)', median('domContentLoaded'));
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
