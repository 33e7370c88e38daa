import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM JavaScript without type declarations
import { generate } from '../../bench/gen.mjs';
import { readResultsFile } from '../../src/gate/results-file.js';
import { createAjv } from '../../src/util/ajv.js';
import { ROOT, runCli } from './run-cli.js';
import { REPORT_FILES } from '../../src/report/write.js';
import { asffSchemaErrors, ocsfSchemaErrors } from '../report/finding-schemas.js';

/**
 * The one scan path over every input format × output format, with and
 * without a baseline and suppressions: each run writes valid results.json v2
 * whose findings agree with the other reports, and the same inventory gives
 * the same findings whatever the input format.
 */

const work = mkdtempSync(join(tmpdir(), 'sealcheck-pipeline-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const validateResults = createAjv().compile(JSON.parse(readFileSync(join(ROOT, 'schemas/results.schema.json'), 'utf8')) as object);

const inputs: Record<string, string> = {
  json: join(work, 'inv.json'),
  ndjson: join(work, 'inv.ndjson'),
  gzip: join(work, 'inv.ndjson.gz'),
  'config-snapshot': join(ROOT, 'fixtures/config/config-snapshot.json'),
  'config-api': join(ROOT, 'fixtures/config/config-api.BatchGetResourceConfig.json'),
};
const OUTPUTS = ['json', 'sarif', 'html', 'junit', 'csv', 'markdown', 'asff', 'ocsf'] as const;
const FILES = Object.fromEntries(OUTPUTS.map((f) => [f, REPORT_FILES[f]]));

beforeAll(async () => {
  // More than 1,024 resources, so results reach the file before the scan ends.
  await generate({ resources: 1500, out: inputs.json!, seed: 'pipeline-e2e' });
  await generate({ resources: 1500, out: inputs.ndjson!, seed: 'pipeline-e2e', format: 'ndjson' });
  writeFileSync(inputs.gzip!, gzipSync(readFileSync(inputs.ndjson!)));
});

describe('sealcheck scan: one path for every input and output', () => {
  const runs = new Map<string, { code: number; out: string }>();
  const scan = (input: string, gate: boolean) => {
    const key = `${input}/${gate}`;
    const known = runs.get(key);
    if (known) return known;
    const out = join(work, `${input}-${gate ? 'gated' : 'plain'}`);
    const args = ['scan', '--snapshot', inputs[input]!, '--format', `${OUTPUTS.join(',')},console`, '--out', out, '--fail-on', 'high', '-q'];
    if (gate) {
      const suppressions = join(work, 'suppressions.yaml');
      writeFileSync(suppressions, 'suppressions:\n  - rule: "*"\n    resource: "arn:aws:kms:*"\n    reason: keys reviewed\n    expires: "2099-12-31"\n');
      // The plain run of the same input is the baseline: nothing is new.
      args.push('--baseline', join(scan(input, false).out, 'results.json'), '--suppressions', suppressions);
    }
    const run = runCli(args);
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
    runs.set(key, { code: run.code, out });
    return { code: run.code, out };
  };

  for (const input of Object.keys(inputs)) {
    for (const gate of [false, true]) {
      it(`${input}${gate ? ' with a baseline and suppressions' : ''}: writes ${OUTPUTS.join(', ')} that agree`, async () => {
        const { code, out } = scan(input, gate);
        expect(readdirSync(out).sort()).toEqual(Object.values(FILES).sort());
        const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { findings: unknown[]; passed: Record<string, number[]>; summary: { total: number; byStatus: Record<string, number> } };
        expect(validateResults(doc), JSON.stringify(validateResults.errors)).toBe(true);
        const passes = Object.values(doc.passed).reduce((n, l) => n + l.length, 0);
        expect(doc.findings.length + passes).toBe(doc.summary.total);
        expect(passes).toBe(doc.summary.byStatus.PASS);
        const results = await readResultsFile(join(out, 'results.json'));
        const fails = results.findings.filter((r) => r.status === 'FAIL');
        const sarif = JSON.parse(readFileSync(join(out, 'results.sarif'), 'utf8')) as { runs: { results: { baselineState?: string }[] }[] };
        expect(sarif.runs[0]!.results.filter((r) => r.baselineState !== 'absent')).toHaveLength(fails.length);
        const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
        expect(junit.match(/<failure /g)?.length ?? 0).toBe(fails.filter((r) => !r.suppression).length);
        const html = readFileSync(join(out, 'report.html'), 'utf8');
        expect(html).toContain(`<dt>Results</dt><dd>${doc.summary.total}</dd>`);
        // A header and one CRLF-ended row per finding.
        expect(readFileSync(join(out, 'findings.csv'), 'utf8').split('\r\n').length - 2).toBe(doc.findings.length);
        const ids = results.findings.map((r) => `sealcheck/${r.ruleId}/${r.fingerprint}`);
        const asff = JSON.parse(readFileSync(join(out, 'findings.asff.json'), 'utf8')) as { Id: string }[];
        expect(asff.map((f) => f.Id)).toEqual(ids);
        expect(asffSchemaErrors(asff)).toEqual([]);
        const ocsf = JSON.parse(readFileSync(join(out, 'findings.ocsf.json'), 'utf8')) as { finding_info: { uid: string } }[];
        expect(ocsf.map((e) => e.finding_info.uid)).toEqual(ids);
        expect(ocsfSchemaErrors(ocsf)).toEqual([]);
        const by = doc.summary.byStatus;
        expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain(`| **all** | **${by.FAIL}** | **${by.UNKNOWN}** | **${by.ERROR}** | **${by.PASS}** |`);
        if (gate) {
          expect(code).toBe(0);
          expect(results.findings.every((r) => r.baselineState === 'unchanged')).toBe(true);
          expect(results.findings.filter((r) => r.arn.startsWith('arn:aws:kms:')).every((r) => r.suppression?.reason === 'keys reviewed')).toBe(true);
        } else {
          expect(code).toBe(fails.some((r) => r.severity === 'high' || r.severity === 'critical') ? 1 : 0);
          expect(results.findings.every((r) => r.baselineState === undefined && r.suppression === undefined)).toBe(true);
        }
      });
    }
  }

  it('gives the same findings and passes for the same inventory as JSON, NDJSON and gzip', async () => {
    const view = async (input: string) => {
      const r = await readResultsFile(join(scan(input, false).out, 'results.json'));
      return { findings: r.findings.map((f) => `${f.ruleId} ${f.arn} ${f.status} ${f.message}`).sort(), passed: r.passed };
    };
    const json = await view('json');
    expect(json.findings.length).toBeGreaterThan(0);
    expect(await view('ndjson')).toEqual(json);
    expect(await view('gzip')).toEqual(json);
  });

  it('renders the same ASFF and OCSF again from the saved results with `report`', () => {
    const { out } = scan('json', true);
    const again = join(work, 'report-again');
    const run = runCli(['report', '--results', join(out, 'results.json'), '--format', 'asff,ocsf', '--out', again, '-q']);
    expect(run.code).toBe(0);
    expect(readdirSync(again).sort()).toEqual(['findings.asff.json', 'findings.ocsf.json']);
    for (const file of ['findings.asff.json', 'findings.ocsf.json']) expect(readFileSync(join(again, file), 'utf8')).toBe(readFileSync(join(out, file), 'utf8'));
  });

  it('stops at a bad resource late in the file with its line, and leaves no output folder', () => {
    const lines = readFileSync(inputs.ndjson!, 'utf8').split('\n');
    lines[1400] = '{"resourceType":"AWS::EC2::Volume","resourceId":"vol-1"';
    const bad = join(work, 'bad.ndjson');
    writeFileSync(bad, lines.join('\n'));
    const out = join(work, 'bad-out', 'nested');
    const run = runCli(['scan', '--snapshot', bad, '--format', 'json,sarif,html', '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.ndjson:1401:\d+: not valid JSON: unexpected end of input/);
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(existsSync(join(work, 'bad-out'))).toBe(false);
  });
});
