import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHistory, type History } from '../../src/history/open-history.js';
import { historyView, listRuns, prune, showRun, trend } from '../../src/history/queries.js';
import { recordRun, type FindingRecord, type RunRecord } from '../../src/history/record-run.js';

const ACCOUNT = '111122223333';

function run(day: number, over: Partial<RunRecord> = {}): RunRecord {
  const at = `2026-11-${String(day).padStart(2, '0')}T00:00:00.000Z`;
  return {
    startedAt: at,
    finishedAt: at,
    accounts: [ACCOUNT],
    regions: ['us-east-1'],
    ruleSet: 'bundled test',
    ruleIds: ['s3-a', 'kms-b'],
    toolVersion: '0.1.0',
    resources: 3,
    collectionErrors: 0,
    errorScopes: [],
    exitCode: 1,
    gate: 'fail',
    ...over,
  };
}

function finding(name: string, over: Partial<FindingRecord> = {}): FindingRecord {
  return {
    fingerprint: `fp-${name}`,
    ruleId: 's3-a',
    service: 's3',
    arn: `arn:aws:s3:::${name}`,
    accountId: ACCOUNT,
    region: 'us-east-1',
    severity: 'high',
    status: 'FAIL',
    suppressed: false,
    ...over,
  };
}

let dir: string;
let history: History;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sealcheck-history-'));
  history = openHistory(join(dir, 'h.db'), { create: true });
});
afterEach(() => {
  history.db.close();
  rmSync(dir, { recursive: true, force: true });
});

const row = (fp: string) => history.db.prepare('SELECT first_seen_run, last_seen_run, fixed_run, fixed_at, severity, suppressed FROM findings WHERE fingerprint = ?').get(fp);

describe('recordRun', () => {
  it('keeps first seen, last seen and fixed per fingerprint, and reopens a finding seen again', () => {
    recordRun(history, run(1), [finding('a'), finding('b')], new Map([['s3-a', 4]]));
    recordRun(history, run(2), [finding('a', { severity: 'critical' })], new Map([['s3-a', 5]]));
    expect(row('fp-a')).toEqual({ first_seen_run: 1, last_seen_run: 2, fixed_run: null, fixed_at: null, severity: 'critical', suppressed: 0 });
    expect(row('fp-b')).toEqual({ first_seen_run: 1, last_seen_run: 1, fixed_run: 2, fixed_at: '2026-11-02T00:00:00.000Z', severity: 'high', suppressed: 0 });
    recordRun(history, run(3), [finding('a'), finding('b')], new Map());
    expect(row('fp-b')).toMatchObject({ first_seen_run: 1, last_seen_run: 3, fixed_run: null });
    expect(listRuns(history).map((r) => [r.run, r.fail, r.new, r.fixed])).toEqual([
      [1, 2, 2, 0],
      [2, 1, 0, 1],
      [3, 2, 1, 0],
    ]);
    expect(showRun(history, 1).passes).toEqual([{ ruleId: 's3-a', count: 4 }]);
  });

  it('does not mark fixed what the run could not see: another account, a rule not run, what a collection error lies over', () => {
    const other = finding('other', { accountId: '444455556666' });
    const kms = finding('key', { ruleId: 'kms-b', service: 'kms' });
    const errored = finding('errored', { accountId: '777788889999' });
    const otherRegion = finding('west', { accountId: '777788889999', region: 'eu-west-1' });
    recordRun(history, run(1, { accounts: [ACCOUNT, '444455556666', '777788889999'] }), [other, kms, errored, otherRegion], new Map());
    const errorScopes = [{ accountId: '777788889999', region: 'us-east-1', service: 's3', resourceArn: undefined }];
    recordRun(history, run(2, { accounts: [ACCOUNT, '777788889999'], ruleIds: ['s3-a'], errorScopes, collectionErrors: 1 }), [], new Map());
    const fixedRun = (fp: string) => (row(fp) as { fixed_run: number | null }).fixed_run;
    expect(['fp-other', 'fp-key', 'fp-errored', 'fp-west'].map(fixedRun)).toEqual([null, null, null, 2]);
    recordRun(history, run(3, { accounts: [ACCOUNT, '777788889999'] }), [], new Map());
    expect(['fp-key', 'fp-errored'].map(fixedRun)).toEqual([3, 3]);
  });

  it('lets an error that names only a service hide that service, and one that names nothing hide everything', () => {
    recordRun(history, run(1), [finding('a')], new Map());
    recordRun(history, run(2, { errorScopes: [{ accountId: undefined, region: undefined, service: 'lambda', resourceArn: undefined }], collectionErrors: 1 }), [], new Map());
    expect(row('fp-a')).toMatchObject({ fixed_run: 2 });
    recordRun(history, run(3), [finding('a')], new Map());
    recordRun(history, run(4, { errorScopes: [{ accountId: undefined, region: undefined, service: undefined, resourceArn: undefined }], collectionErrors: 1 }), [], new Map());
    expect(row('fp-a')).toMatchObject({ fixed_run: null });
  });

  it('records each change of suppression with its reason', () => {
    recordRun(history, run(1), [finding('a')], new Map());
    recordRun(history, run(2), [finding('a', { suppressed: true, suppressionReason: 'accepted until Q1' })], new Map());
    recordRun(history, run(3), [finding('a', { suppressed: true, suppressionReason: 'accepted until Q1' })], new Map());
    recordRun(history, run(4), [finding('a')], new Map());
    expect(history.db.prepare('SELECT run_id, suppressed, reason FROM suppression_changes ORDER BY run_id').all()).toEqual([
      { run_id: 2, suppressed: 1, reason: 'accepted until Q1' },
      { run_id: 4, suppressed: 0, reason: null },
    ]);
    expect(listRuns(history).map((r) => [r.fail, r.suppressed])).toEqual([
      [1, 0],
      [0, 1],
      [0, 1],
      [1, 0],
    ]);
  });
});

describe('trend, prune and the report view', () => {
  it('groups each run by the key asked for', () => {
    recordRun(history, run(1), [finding('a'), finding('k', { ruleId: 'kms-b', service: 'kms', severity: 'low', status: 'UNKNOWN' })], new Map());
    expect(trend(history, 'service').map((t) => [t.run, t.key, t.fail, t.unknown])).toEqual([
      [1, 'kms', 0, 1],
      [1, 's3', 1, 0],
    ]);
    expect(trend(history, 'rule', '2026-11-02T00:00:00.000Z')).toEqual([]);
  });

  it('prunes runs and the findings no remaining run reports', () => {
    recordRun(history, run(1), [finding('old')], new Map([['s3-a', 1]]));
    recordRun(history, run(2), [finding('a')], new Map());
    recordRun(history, run(3), [finding('a')], new Map());
    expect(prune(history, { keep: 2 })).toBe(2 - 1);
    expect(listRuns(history).map((r) => r.run)).toEqual([2, 3]);
    expect(row('fp-old')).toBeUndefined();
    expect(history.db.prepare('SELECT count(*) AS n FROM rule_passes').get()).toEqual({ n: 0 });
    expect(prune(history, { olderThan: '2026-11-03T00:00:00.000Z' })).toBe(1);
    expect(listRuns(history).map((r) => r.run)).toEqual([3]);
  });

  it('gives the report new, fixed, open ages and mean time to fix', () => {
    recordRun(history, run(1), [finding('a'), finding('b', { severity: 'low' })], new Map());
    recordRun(history, run(5), [finding('a'), finding('c')], new Map());
    const view = historyView(history, 2);
    expect(view.previous).toBe(1);
    expect(view.newFindings.map((f) => f.arn)).toEqual(['arn:aws:s3:::c']);
    expect(view.fixedFindings.map((f) => f.arn)).toEqual(['arn:aws:s3:::b']);
    expect(view.open.map((f) => [f.arn, f.ageDays])).toEqual([
      ['arn:aws:s3:::a', 4],
      ['arn:aws:s3:::c', 0],
    ]);
    expect(view.meanTimeToFix).toEqual([{ severity: 'low', fixed: 1, meanDays: 4 }]);
    expect(view.runs.map((r) => r.fail.high)).toEqual([1, 2]);
  });
});
