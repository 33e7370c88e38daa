import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runExportSecurityHub, type ExportSecurityHubSeams } from '../../src/cli/commands/export.js';
import { ExportError } from '../../src/errors.js';
/** BatchImportFindings' limit, from the API reference. */
const BATCH_SIZE = 100;
import { loadRules } from '../../src/engine/load-rules.js';
import type { PassedResults, ScanResults } from '../../src/engine/result.js';
import { scanInventory } from '../../src/engine/scan.js';
import { readResultsFile, resourceOf } from '../../src/gate/results-file.js';
import { openInventory } from '../../src/inventory/snapshot-read.js';
import type { AsffFinding } from '../../src/report/asff.js';
import { writeReports } from '../../src/report/write.js';
import { startFakeAws, type FakeAws, type Faults } from '../collect/fake-aws/server.js';
import { asffSchemaErrors } from '../report/finding-schemas.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEMO = 'fixtures/demo/demo-account.snapshot.json';
const REGION = 'eu-west-1';
/** Short waits: the SDK's throttling back-off and our retry rounds would otherwise cost real seconds. */
const SEAMS: ExportSecurityHubSeams = { client: { maxAttempts: 4, requestTimeoutMs: 5_000, retryDelayMs: () => 5 }, import: { retryDelayMs: () => 5 } };

let work: string;
let demoResults: string;
let demo: ScanResults;
let fake: FakeAws | undefined;

/** Writes `scan` as a results.json in a fresh folder; returns its path. */
async function saveResults(scan: ScanResults, name: string): Promise<string> {
  const out = join(work, name);
  await writeReports(scan, { formats: ['json'], outDir: out });
  return join(out, 'results.json');
}

async function exportTo(results: string, faults: Faults = {}, setUp: (f: FakeAws) => void = () => undefined, fakeAws?: FakeAws) {
  fake = fakeAws ?? (await startFakeAws({ faults }));
  setUp(fake);
  const run = runExportSecurityHub({ results, region: REGION, endpointUrl: fake.url, quiet: true }, SEAMS);
  return { fake, run };
}

const stored = (f: FakeAws) => [...f.state.securityHub.findings.values()] as unknown as AsffFinding[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sealcheck-export-'));
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  const scanned = await scanInventory(await openInventory(join(ROOT, DEMO)), { rules: loadRules(), file: DEMO });
  // A scan held in memory counts its passes; a results file names their resources, as the command line writes it.
  const passed = new Map<string, PassedResults>();
  for (const r of scanned.results.filter((x) => x.status === 'PASS')) {
    const entry = passed.get(r.ruleId) ?? { count: 0, resources: [] };
    entry.count += 1;
    entry.resources?.push(resourceOf(r));
    passed.set(r.ruleId, entry);
  }
  demoResults = await saveResults({ ...scanned, passed }, 'demo');
  demo = await readResultsFile(demoResults);
});

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('sealcheck export securityhub', () => {
  it('imports every finding and every pass in batches of 100, calling BatchImportFindings and nothing else', async () => {
    const passes = [...demo.passed.values()].reduce((n, p) => n + (p.resources?.length ?? 0), 0);
    const total = demo.findings.length + passes;
    expect(total).toBeGreaterThan(2 * BATCH_SIZE);
    const { fake, run } = await exportTo(demoResults);
    const summary = await run;
    expect(summary).toMatchObject({ findings: total, resolved: passes, calls: Math.ceil(total / BATCH_SIZE), failed: [], passesWithoutResources: 0 });
    expect(new Set(fake.requests.map((r) => `${r.service}:${r.operation}:${r.handled}`))).toEqual(new Set(['securityhub:BatchImportFindings:true']));
    expect(fake.requests).toHaveLength(Math.ceil(total / BATCH_SIZE));
    const findings = stored(fake);
    expect(findings).toHaveLength(total);
    expect(asffSchemaErrors(findings)).toEqual([]);
    for (const r of demo.findings) {
      const f = fake.state.securityHub.findings.get(`sealcheck/${r.ruleId}/${r.fingerprint}`) as unknown as AsffFinding | undefined;
      expect(f?.RecordState).toBe('ACTIVE');
      expect(f?.ProductArn).toBe(`arn:aws:securityhub:${REGION}:${r.accountId}:product/${r.accountId}/default`);
    }
    const resolved = findings.filter((f) => f.RecordState === 'ARCHIVED');
    expect(resolved).toHaveLength(passes);
    expect(new Set(resolved.map((f) => f.Compliance.Status))).toEqual(new Set(['PASSED']));
  });

  it('updates the same findings on a later run, and resolves a finding fixed since', async () => {
    const first = await exportTo(demoResults);
    await first.run;
    const fixed = demo.findings.find((r) => r.status === 'FAIL');
    if (!fixed) throw new Error('the demo has no failure');
    const { ruleId, fingerprint } = fixed;
    const passedBefore = demo.passed.get(ruleId) ?? { count: 0, resources: [] };
    const later: ScanResults = {
      ...demo,
      findings: demo.findings.filter((r) => r !== fixed),
      passed: new Map([...demo.passed, [ruleId, { count: passedBefore.count + 1, resources: [...(passedBefore.resources ?? []), resourceOf(fixed)] }]]),
    };
    const before = first.fake.state.securityHub.findings.size;
    const second = await exportTo(await saveResults(later, 'later'), {}, () => undefined, first.fake);
    await second.run;
    expect(first.fake.state.securityHub.findings.size).toBe(before);
    expect(new Set(first.fake.state.securityHub.imports.values())).toEqual(new Set([2]));
    const f = first.fake.state.securityHub.findings.get(`sealcheck/${ruleId}/${fingerprint}`) as unknown as AsffFinding;
    expect(f.Compliance.Status).toBe('PASSED');
    expect(f.RecordState).toBe('ARCHIVED');
  });

  it('retries throttled calls and findings refused for a passing reason, and reports the others', async () => {
    const [retried, refused] = demo.findings.map((r) => `sealcheck/${r.ruleId}/${r.fingerprint}`);
    const { fake, run } = await exportTo(demoResults, { throttle: { 'securityhub:BatchImportFindings': { times: 2 } } }, (f) => {
      f.state.securityHub.reject.set(retried as string, { code: 'InternalError', times: 1 });
      f.state.securityHub.reject.set(refused as string, { code: 'InvalidInput', times: 9 });
    });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportError);
    expect((error as Error).message).toBe('export securityhub: 1 finding(s) not imported (listed above)');
    expect(fake.calls('securityhub:BatchImportFindings').faulted).toBe(2);
    expect(fake.state.securityHub.imports.get(retried as string)).toBe(1);
    expect(fake.state.securityHub.findings.has(refused as string)).toBe(false);
    // The retry round sends the one finding again, alone.
    const batches = Math.ceil((fake.state.securityHub.findings.size + 1) / BATCH_SIZE);
    expect(fake.calls('securityhub:BatchImportFindings').total).toBe(batches + 2 + 1);
    expect(fake.state.securityHub.reject.get(refused as string)?.times).toBe(8);
  });

  it('sends nothing on a dry run, and prints what it would send', async () => {
    fake = await startFakeAws();
    const writes: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => writes.push(chunk) > 0);
    let summary;
    try {
      summary = await runExportSecurityHub({ results: demoResults, region: REGION, endpointUrl: fake.url, quiet: true, dryRun: true }, SEAMS);
    } finally {
      process.stdout.write = write;
    }
    expect(fake.requests).toEqual([]);
    const printed = JSON.parse(writes.join('')) as AsffFinding[];
    expect(printed).toHaveLength(summary.findings);
    expect(summary.calls).toBe(0);
  });
});

describe('policies/sealcheck-securityhub-export.json', () => {
  it('grants exactly the call the export makes', async () => {
    const policy = JSON.parse(readFileSync(join(ROOT, 'policies/sealcheck-securityhub-export.json'), 'utf8')) as { Statement: { Effect: string; Action: string[] }[] };
    const granted = policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action);
    fake = await startFakeAws();
    await runExportSecurityHub({ results: demoResults, region: REGION, endpointUrl: fake.url, quiet: true }, SEAMS);
    expect(granted).toEqual([...new Set(fake.requests.map((r) => `${r.service}:${r.operation}`))]);
  });
});
