import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM JavaScript without type declarations
import { table } from '../../bench/run.mjs';

/** A bench report as the harness writes it, with the figures given. */
function report(resources: number, rssKb: number, configRatio: number) {
  const input = (ratio: number) => ({ bytes: 1e6, floorMs: 100, scanMs: 100 * ratio, ratio, resultsBytes: 9e5 });
  const memory = { allFormats: { wallMs: 1, maxRssKb: rssKb }, gated: { error: 'exit 2: baseline unreadable' }, gateInputs: { error: 'exit 2: baseline unreadable' } };
  return {
    machine: { cpus: 2, cpuModel: 'cpu', memoryGb: 1, node: 'v20' },
    loadAverage: { start: [1, 1, 1], end: [1, 1, 1] },
    sizes: [{ resources, json: input(1.2), ndjson: input(1.2), config: input(configRatio), memory }],
    engine: { catalogue: { rules: 1, resources: 1, perSecond: 3e6 }, subset: { rules: 1, resources: 1, ratio: 120, agree: 1, disagree: 0, sealcheckMs: 1, jreMs: 120 } },
    version: { text: '0.1.0', wallMs: 50 },
    demo: { wallMs: 250, exitCode: 0 },
  };
}

/** The target and met columns of the table's row whose measure ends with `measure`. */
function row(text: string, measure: string): [string, string] {
  const line = text.split('\n').find((l) => l.split('|')[1]?.trim().endsWith(measure));
  if (!line) throw new Error(`no row "${measure}" in\n${text}`);
  const cells = line.split('|').map((c) => c.trim());
  return [cells[3]!, cells[4]!];
}

describe('the bench table', () => {
  it('marks each row against the target of issue 11 at the sizes it applies to', () => {
    const big: string = table(report(1_000_000, 600_000, 1.9));
    expect(row(big, 'sealcheck JSON: scan ÷ parse floor')).toEqual(['≤ 1.5×', 'yes']);
    expect(row(big, 'AWS Config snapshot file: scan ÷ parse floor')).toEqual(['≤ 2×', 'yes']);
    expect(row(big, 'results.json ÷ sealcheck JSON snapshot')).toEqual(['≤ 1', 'yes']);
    // 600,000 KiB is 614 MB: over the budget; a scan that failed is not met either.
    expect(row(big, 'peak RSS, --format json,sarif,html,junit')).toEqual(['< 512 MB', 'NO']);
    expect(row(big, 'peak RSS, same with --baseline and --suppressions')).toEqual(['< 512 MB', 'NO']);
    expect(row(big, 'demo scan')).toEqual(['< 300 ms', 'yes']);
  });

  it('shows the target unmarked at a size the issue sets none for', () => {
    const small: string = table(report(10_000, 100_000, 2.5));
    expect(row(small, 'AWS Config snapshot file: scan ÷ parse floor')).toEqual(['(≤ 2× from 100.0 k)', '']);
    expect(row(small, 'peak RSS, --format json,sarif,html,junit')).toEqual(['(< 512 MB from 1.00 M)', '']);
    const mid: string = table(report(100_000, 100_000, 2.5));
    expect(row(mid, 'AWS Config snapshot file: scan ÷ parse floor')).toEqual(['≤ 2×', 'NO']);
  });
});
