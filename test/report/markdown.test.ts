import { describe, expect, it } from 'vitest';
import { MARKDOWN_TOP_FINDINGS, renderMarkdown } from '../../src/report/markdown.js';
import type { Result } from '../../src/engine/result.js';
import { HOSTILE, loadResults } from './fixtures.js';

describe('summary.md', () => {
  it('shows the counts, the notes and the open failures, most severe first', () => {
    const scan = loadResults('small');
    const md = renderMarkdown(scan);
    expect(md).toContain(`| **all** | **${scan.summary.byStatus.FAIL}** | **${scan.summary.byStatus.UNKNOWN}** | **${scan.summary.byStatus.ERROR}** | **${scan.summary.byStatus.PASS}** |`);
    expect(md).toContain('- 1 failing result(s) suppressed.');
    const table = md.slice(md.indexOf('| severity | rule |'));
    const rows = table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| severity'));
    const open = scan.findings.filter((r) => r.status === 'FAIL' && !r.suppression);
    expect(rows).toHaveLength(open.length);
    expect(rows[0]).toMatch(/^\| (critical|high) \|/);
    expect(md).toContain('| medium | `kms-key-rotation-enabled` | `arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab` | KMS key alias\\/app does not rotate automatically\\. |');
  });

  it('lists at most the top findings and says how many more there are', () => {
    const scan = loadResults('small');
    const open = scan.findings.find((r) => r.status === 'FAIL' && !r.suppression) as Result;
    const many = Array.from({ length: MARKDOWN_TOP_FINDINGS + 7 }, (_, i) => ({ ...open, arn: `${open.arn}-${i}` }));
    const md = renderMarkdown({ ...scan, findings: many });
    const table = md.slice(md.indexOf('| severity | rule |'));
    expect(table.split('\n').filter((l) => l.startsWith(`| ${open.severity} |`))).toHaveLength(MARKDOWN_TOP_FINDINGS);
    expect(md).toContain('7 more failing result(s) in the other reports.');
  });

  it('escapes names and messages: no HTML, link or extra table row comes from the data', () => {
    const md = renderMarkdown(loadResults('hostile'));
    // Inside a code span CommonMark shows HTML as text, and a backslash-escaped character is text; nothing else may be markup.
    const outsideCode = md.replace(/(`+)[^`]*?\1/g, '').replace(/\\[\s\S]/g, '');
    expect(md).toContain(`\`arn:aws:s3:::${HOSTILE.xss}\``);
    expect(outsideCode).not.toMatch(/<[a-z/]/i);
    expect(outsideCode).not.toContain('](');
    // Every table row has exactly the table's four cells.
    const table = md.slice(md.indexOf('| severity | rule |'));
    for (const line of table.split('\n').filter((l) => l.startsWith('|'))) expect(line.replace(/\\\|/g, '').split('|')).toHaveLength(6);
  });
});
