import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { controlsOf, type Result, type ScanResults } from '../../src/engine/result.js';
import { asScanResults, readResultsFile } from '../../src/gate/results-file.js';
import { ResultsJsonWriter, writeResultsJson } from '../../src/report/results-json-stream.js';
import { createAjv } from '../../src/util/ajv.js';
import { loadResults, resultsFixture } from './fixtures.js';

const validateV2 = createAjv().compile(JSON.parse(readFileSync('schemas/results.schema.json', 'utf8')) as object);
const tmp = () => mkdtempSync(join(tmpdir(), 'sealcheck-json-'));

/** Writes results as results.json v2 and returns the text. */
async function written(scan: ScanResults, options: { fullPasses?: boolean } = {}): Promise<string> {
  const file = join(tmp(), 'results.json');
  await writeResultsJson(file, scan, options);
  return readFileSync(file, 'utf8');
}

/** Reverses key order at every level, to show the output order does not depend on the input's. */
function scramble<T>(value: T): T {
  if (Array.isArray(value)) return value.map(scramble) as T;
  if (value === null || typeof value !== 'object' || value instanceof Map) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, scramble(v)])) as T;
}

describe('results.json version 2', () => {
  for (const name of ['small', 'hostile', 'empty'] as const) {
    it(`${name}: a version 1 file and the version 2 file written from it read as the same results`, async () => {
      const v1 = loadResults(name);
      const text = await written(v1);
      const doc = JSON.parse(text) as { version: number };
      expect(doc.version).toBe(2);
      expect(validateV2(doc), JSON.stringify(validateV2.errors)).toBe(true);
      const file = join(tmp(), 'results.json');
      await writeResultsJson(file, v1);
      const v2 = await readResultsFile(file);
      expect(v2.findings).toEqual(v1.findings);
      expect(v2.passed).toEqual(v1.passed);
      expect(v2.run).toEqual(v1.run);
      expect(v2.summary).toEqual(v1.summary);
    });
  }

  it('lists each resource once, a PASS as an index under its rule, and a finding as a full record pointing at both tables', async () => {
    const v1 = loadResults('small');
    const doc = JSON.parse(await written(v1)) as {
      rules: { id: string }[];
      resources: { arn: string }[];
      findings: { rule: number; resource: number; status: string; message: string; fingerprint: string }[];
      passed: Record<string, number[]>;
    };
    const raw = JSON.parse(readFileSync(resultsFixture('small.results.json'), 'utf8')) as { results: Result[] };
    // Each resource evaluated, once.
    expect(doc.resources.map((r) => r.arn).sort()).toEqual([...new Set(raw.results.map((r) => r.arn))].sort());
    const fails = raw.results.filter((r) => r.status !== 'PASS');
    expect(doc.findings).toHaveLength(fails.length);
    for (const f of doc.findings) {
      const source = fails.find((r) => r.ruleId === doc.rules[f.rule]!.id && r.arn === doc.resources[f.resource]!.arn)!;
      expect(f).toMatchObject({ status: source.status, message: source.message, fingerprint: source.fingerprint });
    }
    const passes = raw.results.filter((r) => r.status === 'PASS');
    const listed = Object.entries(doc.passed).flatMap(([ruleId, indexes]) => indexes.map((i) => `${ruleId} ${doc.resources[i]!.arn}`));
    expect(listed.sort()).toEqual(passes.map((r) => `${r.ruleId} ${r.arn}`).sort());
    // A PASS costs no message, no evidence, no fingerprint.
    for (const p of passes) expect(JSON.stringify(doc)).not.toContain(p.fingerprint);
  });

  it('writes PASS results as full records in findings with fullPasses (--evidence all), and nothing under passed', async () => {
    const v1 = loadResults('small');
    const passes = (JSON.parse(readFileSync(resultsFixture('small.results.json'), 'utf8')) as { results: Result[] }).results.filter((r) => r.status === 'PASS');
    const withPasses: ScanResults = { ...v1, findings: [...v1.findings, ...passes], passed: new Map() };
    const doc = JSON.parse(await written(withPasses, { fullPasses: true })) as { findings: { status: string }[]; passed: object };
    expect(validateV2(doc)).toBe(true);
    expect(doc.findings.filter((f) => f.status === 'PASS')).toHaveLength(passes.length);
    expect(doc.passed).toEqual({});
  });

  it("leaves out a finding's category and references when they are its rule's, keeps them when they differ, and reads both back", async () => {
    const scan = loadResults('small');
    // As a scan makes them: each result carries its rule's references without their links (this v1 fixture kept links).
    for (const f of scan.findings) f.references = controlsOf(scan.rules.find((r) => r.id === f.ruleId)!.references);
    const odd = scan.findings[1]!;
    odd.references = { securityHub: ['X.1'] };
    odd.category = 'access-policy';
    const file = join(tmp(), 'results.json');
    await writeResultsJson(file, scan);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { findings: { category?: string; references?: unknown; fingerprint: string }[] };
    expect(validateV2(doc), JSON.stringify(validateV2.errors)).toBe(true);
    const kept = doc.findings.filter((f) => f.references !== undefined || f.category !== undefined);
    expect(kept.map((f) => [f.fingerprint, f.category, f.references])).toEqual([[odd.fingerprint, 'access-policy', { securityHub: ['X.1'] }]]);
    expect((await readResultsFile(file)).findings).toEqual(scan.findings);
  });

  it('has a stable key order whatever the order of the input', async () => {
    const scan = loadResults('small');
    const scrambled: ScanResults = { ...scramble(scan), findings: scan.findings.map(scramble), passed: scan.passed };
    expect(await written(scrambled)).toBe(await written(scan));
    const first = (await written(scan)).split('\n').find((l) => l.startsWith('{"rule":'))!;
    expect(Object.keys(JSON.parse(first.replace(/,$/, '')) as object).slice(0, 4)).toEqual(['rule', 'resource', 'status', 'severity']);
  });

  it('streams: resources as they come, findings spooled and appended after them, the spool removed', async () => {
    const scan = loadResults('small');
    const dir = tmp();
    const file = join(dir, 'results.json');
    const writer = new ResultsJsonWriter(file, scan.rules);
    // Well over one 64 KiB batch, with flushes mid-way.
    for (let i = 0; i < 3000; i++) {
      writer.add({ ...scan.findings[i % scan.findings.length]!, arn: `arn:aws:s3:::b-${i}` });
      if (i % 1000 === 999) await writer.flush();
    }
    await writer.finish(scan);
    expect(readdirSync(dir)).toEqual(['results.json']);
    const text = readFileSync(file, 'utf8');
    expect(text.length).toBeGreaterThan(4 * 64 * 1024);
    expect(text.indexOf('\n"findings":[')).toBeGreaterThan(text.lastIndexOf('"arn":"arn:aws:s3:::b-2999"'));
    const back = asScanResults(JSON.parse(text), file);
    expect(back.findings.map((r) => r.arn)).toEqual(Array.from({ length: 3000 }, (_, i) => `arn:aws:s3:::b-${i}`));
  });

  it('leaves neither file nor spool behind when aborted', async () => {
    const scan = loadResults('small');
    const dir = tmp();
    const writer = new ResultsJsonWriter(join(dir, 'results.json'), scan.rules);
    for (const r of scan.findings) writer.add(r);
    await writer.flush();
    await writer.abort();
    expect(readdirSync(dir)).toEqual(['results.json']);
    expect(existsSync(join(dir, 'results.json.findings'))).toBe(false);
  });
});

describe('reading results files', () => {
  const v2 = async () => JSON.parse(await written(loadResults('small'))) as { findings: { resource: number; rule: number }[]; passed: Record<string, number[]>; version: number };

  it('names the file and place of an index outside its table', async () => {
    const doc = await v2();
    doc.findings[1]!.resource = 9999;
    expect(() => asScanResults(doc, 'r.json')).toThrow(/^r\.json: \/findings\/1\/resource: no resource 9999 in the resources table/);
    const other = await v2();
    other.passed['no-such-rule'] = [0];
    expect(() => asScanResults(other, 'r.json')).toThrow('r.json: /passed/no-such-rule: rule "no-such-rule" is not in the rules table');
  });

  it('rejects a version it does not know, and a version 2 file in the version 1 layout', async () => {
    const doc = await v2();
    expect(() => asScanResults({ ...doc, version: 3 }, 'r.json')).toThrow('r.json: /version: results version 3 is not one this sealcheck reads (1 or 2)');
    const v1 = JSON.parse(readFileSync(resultsFixture('small.results.json'), 'utf8')) as object;
    expect(() => asScanResults({ ...v1, version: 2 }, 'r.json')).toThrow(/^r\.json: \//);
  });
});
