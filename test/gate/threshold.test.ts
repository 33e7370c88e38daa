import { readFileSync } from 'node:fs';
import { asScanResults } from '../../src/gate/results-file.js';
import { describe, expect, it } from 'vitest';
import type { ScanResults } from '../../src/engine/result.js';
import { EXIT_CODES, exitCodesHelp, exitCodesMarkdown } from '../../src/gate/exit-codes.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gateResults } from '../../src/gate/apply-gate.js';
import { writeResultsJson } from '../../src/report/results-json-stream.js';
import { decideExit, parseFailOn, type FailOn } from '../../src/gate/threshold.js';
import { createAjv } from '../../src/util/ajv.js';

const small = (): ScanResults => asScanResults(JSON.parse(readFileSync('fixtures/gate/small.results.json', 'utf8')), 'fixtures/gate/small.results.json');
const opts = (failOn: FailOn, more: { failOnUnknown?: boolean; strict?: boolean } = {}) => ({ failOn, failOnUnknown: false, strict: false, ...more });

describe('decideExit thresholds (one FAIL per severity, one UNKNOWN high)', () => {
  it.each([
    ['critical', 1, 1],
    ['high', 1, 2],
    ['medium', 1, 3],
    ['low', 1, 4],
    ['info', 1, 5],
    ['none', 0, 0],
  ] as const)('--fail-on %s → exit %i counting %i findings', (failOn, exitCode, failing) => {
    const d = decideExit(small(), opts(failOn));
    expect(d.exitCode).toBe(exitCode);
    expect(Object.values(d.counted.failing).reduce((a, b) => a + b, 0)).toBe(failing);
    expect(d.counted.belowThreshold).toBe(5 - failing);
    if (exitCode === 0) expect(d.reasons).toEqual([]);
    else expect(d.reasons[0]).toMatch(new RegExp(`^${failing} finding\\(s\\) at or above ${failOn}`));
  });

  it('passes when every FAIL is below the threshold', () => {
    const run = small();
    run.findings = run.findings.filter((r) => r.severity === 'low' || r.severity === 'info' || r.status === 'PASS');
    expect(decideExit(run, opts('medium')).exitCode).toBe(0);
  });

  it('does not count suppressed findings', () => {
    const run = small();
    for (const r of run.findings) if (r.severity === 'critical') r.suppression = { reason: 'accepted' };
    const d = decideExit(run, opts('critical'));
    expect(d.exitCode).toBe(0);
    expect(d.counted.suppressed).toBe(1);
  });

  it('does not count baseline-unchanged findings, but counts new and updated', () => {
    const run = small();
    for (const r of run.findings) if (r.status !== 'PASS') r.baselineState = 'unchanged';
    expect(decideExit(run, opts('info')).exitCode).toBe(0);
    const high = run.findings.find((r) => r.severity === 'high' && r.status === 'FAIL')!;
    high.baselineState = 'updated';
    expect(decideExit(run, opts('high'))).toMatchObject({ exitCode: 1, counted: { failing: { high: 1 }, baselined: 5 } });
    high.baselineState = 'new';
    expect(decideExit(run, opts('high')).exitCode).toBe(1);
  });

  it('counts UNKNOWN only with --fail-on-unknown, but always reports it', () => {
    const run = small();
    run.findings = run.findings.filter((r) => r.status !== 'FAIL');
    const without = decideExit(run, opts('high'));
    expect(without.exitCode).toBe(0);
    expect(without.counted.unknown.high).toBe(1);
    const withUnknown = decideExit(run, opts('high', { failOnUnknown: true }));
    expect(withUnknown.exitCode).toBe(1);
    expect(withUnknown.reasons[0]).toMatch(/could not be checked.*1 high/);
    expect(decideExit(run, opts('critical', { failOnUnknown: true })).exitCode).toBe(0);
  });

  it('exits 3 with --strict when collection errors were recorded, and only then', () => {
    const run = small();
    run.findings = run.findings.filter((r) => r.severity === 'info');
    run.run.collectionErrors = [{ operation: 'GetBucketPolicy', code: 'AccessDenied', message: 'denied', service: 's3' }];
    expect(decideExit(run, opts('high')).exitCode).toBe(0);
    const strict = decideExit(run, opts('high', { strict: true }));
    expect(strict.exitCode).toBe(3);
    expect(strict.reasons).toEqual(['1 collection error(s): the inventory is incomplete (--strict)']);
    run.run.collectionErrors = [];
    expect(decideExit(run, opts('high', { strict: true })).exitCode).toBe(0);
  });

  it('exits 3 with --strict when source items were rejected as unreadable, and only then', () => {
    const run = small();
    run.findings = run.findings.filter((r) => r.severity === 'info');
    const rejected = { count: 2, items: [{ file: 'c.json', pointer: '/configurationItems/7', message: '/configurationItems/7/accountId: missing or not a 12-digit account id' }] };
    const withRejections = { ...run, run: { ...run.run, snapshot: { ...run.run.snapshot, rejected } } };
    expect(decideExit(withRejections, opts('high')).exitCode).toBe(0);
    const strict = decideExit(withRejections, opts('high', { strict: true }));
    expect(strict.exitCode).toBe(3);
    expect(strict.reasons).toEqual(['2 source item(s) rejected as unreadable: the inventory is incomplete (--strict)']);
    expect(strict.counted.rejectedItems).toBe(2);
    expect(decideExit(run, opts('high', { strict: true })).exitCode).toBe(0);
  });

  it('prefers exit 1 over 3 and lists both reasons', () => {
    const run = small();
    run.run.collectionErrors = [{ operation: 'ListKeys', code: 'Throttling', message: 'slow down' }];
    const d = decideExit(run, opts('high', { strict: true }));
    expect(d.exitCode).toBe(1);
    expect(d.reasons).toHaveLength(2);
  });
});

describe('parseFailOn and the exit code table', () => {
  it('accepts each level in any case and rejects others with the choices', () => {
    expect(parseFailOn('HIGH')).toBe('high');
    expect(parseFailOn('none')).toBe('none');
    expect(() => parseFailOn('severe')).toThrow(/--fail-on: "severe" is not one of critical, high, medium, low, info, none/);
  });
  it('documents 0, 1, 2 and 3 in the help text', () => {
    expect(EXIT_CODES.map((e) => e.code)).toEqual([0, 1, 2, 3, 70]);
    expect(exitCodesHelp()).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 .*\n {2}3 .*\n {2}70 /);
  });

  it('docs/ci.md carries the same exit-code table', () => {
    expect(readFileSync('docs/ci.md', 'utf8')).toContain(exitCodesMarkdown());
  });
});

describe('run.gate: the decision recorded in results.json', () => {
  const validate = createAjv().compile(JSON.parse(readFileSync('schemas/results.schema.json', 'utf8')) as object);

  /** The results as results.json holds them. */
  const written = async (results: ScanResults) => {
    const file = join(mkdtempSync(join(tmpdir(), 'sealcheck-gate-')), 'results.json');
    await writeResultsJson(file, results);
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  };

  it('records the options, exit code, reasons and counts, valid against the results schema', async () => {
    const { results, decision } = await gateResults(small(), opts('high', { failOnUnknown: true }), {});
    const gate = (results.run as ScanResults['run'] & { gate?: unknown }).gate;
    expect(gate).toEqual({ failOn: 'high', failOnUnknown: true, strict: false, exitCode: decision.exitCode, reasons: decision.reasons, counts: decision.counted });
    expect(decision.exitCode).toBe(1);
    expect(decision.reasons).toHaveLength(2);
    expect(validate(await written(results)), JSON.stringify(validate.errors)).toBe(true);
    // The input is not modified: the record goes on a copy.
    expect((small().run as { gate?: unknown }).gate).toBeUndefined();
  });

  it('the schema rejects a gate record of the wrong shape', async () => {
    const { results } = await gateResults(small(), opts('none'), {});
    const doc = await written(results);
    expect(validate(doc)).toBe(true);
    const bad = structuredClone(doc) as { run: { gate: Record<string, unknown> } };
    bad.run.gate.exitCode = 2;
    expect(validate(bad)).toBe(false);
    delete bad.run.gate.exitCode;
    bad.run.gate.threshold = 'high';
    expect(validate(bad)).toBe(false);
  });
});
