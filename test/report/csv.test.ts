import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvCell, renderCsv } from '../../src/report/csv.js';
import { HOSTILE, loadResults } from './fixtures.js';

/** Splits RFC 4180 text into rows of cells (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    expect(text[i]).toBe('"');
    let cell = '';
    i++;
    for (;;) {
      const q = text.indexOf('"', i);
      expect(q).toBeGreaterThanOrEqual(0);
      cell += text.slice(i, q);
      if (text[q + 1] === '"') {
        cell += '"';
        i = q + 2;
        continue;
      }
      i = q + 1;
      break;
    }
    row.push(cell);
    if (text[i] === ',') i++;
    else {
      expect(text.slice(i, i + 2)).toBe('\r\n');
      rows.push(row);
      row = [];
      i += 2;
    }
  }
  return rows;
}

describe('findings.csv', () => {
  it('has a header and one row per finding, with the finding and its rule', () => {
    const scan = loadResults('small');
    const rows = parseCsv(renderCsv(scan));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(1 + scan.findings.length);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    const kms = rows.find((r) => r[col('rule_id')] === 'kms-key-rotation-enabled');
    expect(kms?.[col('status')]).toBe('FAIL');
    expect(kms?.[col('arn')]).toBe('arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    expect(kms?.[col('message')]).toBe('KMS key alias/app does not rotate automatically.');
    expect(kms?.[col('rule_title')]).toBe(scan.rules.find((r) => r.id === 'kms-key-rotation-enabled')?.title);
    const suppressed = rows.filter((r) => r[col('suppressed')] === 'yes');
    expect(suppressed.map((r) => r[col('suppression_reason')])).toEqual(['Decommissioned in Q3']);
  });

  it('neutralizes formulas as OWASP says and keeps hostile text as data', () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${lead}HYPERLINK("http://e")`)).toBe(`"'${lead}HYPERLINK(""http://e"")"`);
    expect(csvCell('a,b\nc')).toBe('"a,b\nc"');
    expect(csvCell('1+1')).toBe('"1+1"');
    const rows = parseCsv(renderCsv(loadResults('hostile')));
    expect(rows.flat()).toContain(`S3 bucket ${HOSTILE.xss} allows requests without TLS.`);
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
