import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRules } from '../../src/engine/load-rules.js';
import { scanInventory } from '../../src/engine/scan.js';
import { openInventory } from '../../src/inventory/snapshot-read.js';
import type { SarifLog } from '../../src/report/sarif.js';
import { writeReports } from '../../src/report/write.js';
import { codeScanningErrors, sarifSchemaErrors } from './sarif-schema.js';

const DEMO = 'fixtures/demo/demo-account.snapshot.json';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('reports of the demo account', () => {
  it('writes SARIF that validates and points at the demo snapshot lines', async () => {
    const results = await scanInventory(await openInventory(join(ROOT, DEMO)), { rules: loadRules(), file: DEMO });
    const out = mkdtempSync(join(tmpdir(), 'sealcheck-demo-'));
    await writeReports(results, { formats: ['json', 'sarif', 'html', 'junit'], outDir: out, snapshotFile: join(ROOT, DEMO), repoRoot: ROOT });
    const log = JSON.parse(readFileSync(join(out, 'results.sarif'), 'utf8')) as SarifLog;
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(codeScanningErrors(log)).toEqual([]);
    const run = log.runs[0];
    expect(run.results.length).toBe(results.results.filter((r) => r.status === 'FAIL').length);
    expect(run.results.length).toBeGreaterThan(0);
    const lines = readFileSync(join(ROOT, DEMO), 'utf8').split('\n');
    for (const r of run.results) {
      const loc = r.locations[0];
      expect(loc.physicalLocation.artifactLocation.uri).toBe(DEMO);
      expect(lines[loc.physicalLocation.region.startLine - 1]).toContain(JSON.stringify(loc.logicalLocations[0]!.fullyQualifiedName));
    }
  });
});
