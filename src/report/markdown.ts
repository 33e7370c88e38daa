import { compareSeverity, SEVERITIES, type Result, type ScanResults, type Status } from '../engine/result.js';
import { escapeMarkdown, markdownCode } from '../util/markdown.js';

/**
 * summary.md: the scan in a few lines of GitHub-flavoured Markdown, for a pull
 * request comment or `$GITHUB_STEP_SUMMARY`: counts by severity and status,
 * what could not be read, and the most severe open findings. Everything taken
 * from the inventory or a rule is escaped (see {@link escapeMarkdown}). The
 * full list is in the other reports; this one stays small (GitHub caps a step
 * summary at 1 MiB).
 */

/** How many findings the table lists at most. */
export const MARKDOWN_TOP_FINDINGS = 25;
/** A message is cut to this many characters in the table. */
const MAX_MESSAGE = 200;

const STATUSES: readonly Status[] = ['FAIL', 'UNKNOWN', 'ERROR', 'PASS'];

const open = (r: Result) => r.status === 'FAIL' && !r.suppression;

function clip(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

function countsTable(scan: ScanResults): string[] {
  const lines = [`| severity | ${STATUSES.join(' | ')} |`, `|---|${STATUSES.map(() => '---:').join('|')}|`];
  for (const severity of SEVERITIES) {
    const counts = scan.summary.bySeverity[severity];
    if (STATUSES.every((s) => counts[s] === 0)) continue;
    lines.push(`| ${severity} | ${STATUSES.map((s) => String(counts[s])).join(' | ')} |`);
  }
  lines.push(`| **all** | ${STATUSES.map((s) => `**${scan.summary.byStatus[s]}**`).join(' | ')} |`);
  return lines;
}

function notes(scan: ScanResults): string[] {
  const out: string[] = [];
  const suppressed = scan.findings.filter((r) => r.status === 'FAIL' && r.suppression).length;
  if (suppressed > 0) out.push(`- ${suppressed} failing result(s) suppressed.`);
  const fresh = scan.findings.filter((r) => open(r) && r.baselineState === 'new').length;
  if (scan.findings.some((r) => r.baselineState !== undefined)) out.push(`- ${fresh} failing result(s) new since the baseline.`);
  const errors = scan.run.collectionErrors.length;
  if (errors > 0) out.push(`- ${errors} collection error(s): the checks that needed that data are UNKNOWN.`);
  const rejected = scan.run.snapshot.rejected?.count ?? 0;
  if (rejected > 0) out.push(`- ${rejected} source item(s) rejected as unreadable and not scanned.`);
  return out;
}

function findingsTable(scan: ScanResults): string[] {
  const failing = scan.findings.filter(open);
  if (failing.length === 0) return ['No open failing result.'];
  const top = [...failing].sort((a, b) => compareSeverity(a.severity, b.severity) || a.ruleId.localeCompare(b.ruleId) || a.arn.localeCompare(b.arn)).slice(0, MARKDOWN_TOP_FINDINGS);
  const lines = ['| severity | rule | resource | finding |', '|---|---|---|---|'];
  for (const r of top) lines.push(`| ${r.severity} | ${markdownCode(r.ruleId)} | ${markdownCode(r.arn)} | ${escapeMarkdown(clip(r.message))} |`);
  if (failing.length > top.length) lines.push('', `${failing.length - top.length} more failing result(s) in the other reports.`);
  return lines;
}

/** Renders summary.md. */
export function renderMarkdown(scan: ScanResults): string {
  const s = scan.run.snapshot;
  const scope = `${s.resourceCount} resource(s) in ${s.accounts.length} account(s) and ${s.regions.length} region(s), ${scan.run.ruleCount} rule(s)`;
  const notesLines = notes(scan);
  const lines = [
    '## sealcheck',
    '',
    // The tool's name and version are read back from a results file: data like the rest.
    `${escapeMarkdown(`${scan.run.tool.name} ${scan.run.tool.version}`)}: ${scope}.`,
    '',
    ...countsTable(scan),
    '',
    ...notesLines,
    ...(notesLines.length > 0 ? [''] : []),
    `### Most severe open findings`,
    '',
    ...findingsTable(scan),
  ];
  return `${lines.join('\n')}\n`;
}
