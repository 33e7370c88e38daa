import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/engine/result.js';
import { compareByUrgency } from '../../src/report/facets.js';
import { FindingSpool } from '../../src/report/finding-spool.js';
import { renderHtml } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import { writeReports } from '../../src/report/write.js';
import { loadResults } from './fixtures.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'sealcheck-spool-'));

/** Findings with many ties in the urgency order, told apart by message: a stable sort must keep their order. */
function findings(n: number): Result[] {
  const base = loadResults('small').findings[0]!;
  const statuses = ['FAIL', 'UNKNOWN', 'ERROR'] as const;
  const severities = ['critical', 'high', 'low'] as const;
  return Array.from({ length: n }, (_, i) => ({
    ...base,
    ruleId: `rule-${(i * 7) % 5}`,
    arn: `arn:aws:s3:::b${(i * 13) % 11}`,
    status: statuses[(i * 5) % 3]!,
    severity: severities[(i * 3) % 3]!,
    message: `finding ${i}`,
  }));
}

async function drain(spool: FindingSpool): Promise<Result[]> {
  const out: Result[] = [];
  for await (const r of spool.sorted()) out.push(r);
  return out;
}

describe('FindingSpool: an external merge sort of findings', () => {
  for (const chunk of [1, 7, 1000]) {
    it(`gives the order of a stable in-memory sort (chunks of ${chunk})`, async () => {
      const all = findings(500);
      const spool = new FindingSpool(join(tmp(), 'spool'), compareByUrgency, chunk);
      for (const r of all) spool.add(r);
      const sorted = await drain(spool);
      expect(sorted.map((r) => r.message)).toEqual([...all].sort(compareByUrgency).map((r) => r.message));
    });
  }

  it('gives nothing for no findings', async () => {
    expect(await drain(new FindingSpool(join(tmp(), 'spool'), compareByUrgency, 3))).toEqual([]);
  });
});

describe('reports written from spooled findings', () => {
  for (const name of ['small', 'hostile'] as const) {
    it(`report.html and junit.xml of ${name} are the same whether the findings fit one chunk or are merged from many`, async () => {
      const scan = loadResults(name);
      const out = tmp();
      await writeReports(scan, { formats: ['html', 'junit'], outDir: out, tuning: { chunk: 2 } });
      expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe(renderHtml(scan));
      expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toBe(renderJunit(scan));
      // The spools are gone: only the reports are left.
      expect(readdirSync(out).sort()).toEqual(['junit.xml', 'report.html']);
    });
  }
});
