import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openHistory } from '../../src/history/open-history.js';
import { listRuns } from '../../src/history/queries.js';
import { ROOT } from '../cli/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'sealcheck-history-lock-'));
const BIN = join(ROOT, 'bin/sealcheck.js');
const DEMO = join(ROOT, 'fixtures/demo/demo-account.snapshot.json');

function scanInBackground(history: string, out: string): Promise<number | null> {
  const child = spawn(process.execPath, [BIN, 'scan', '--snapshot', DEMO, '--out', join(work, out), '--format', 'json', '--fail-on', 'none', '--quiet', '--history', history], { stdio: 'ignore' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

/** A process that records a run of 5,000 findings and is killed (SIGKILL) inside the transaction, at the 4,001st. */
const DIES_MID_RUN = (history: string) => `
import { openHistory } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist/history/open-history.js')).href)};
import { recordRun } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist/history/record-run.js')).href)};
const h = openHistory(${JSON.stringify(history)}, { create: true });
const findings = Array.from({ length: 5000 }, (_, i) => {
  const f = { ruleId: 's3-a', service: 's3', arn: 'arn:aws:s3:::b' + i, accountId: '111122223333', region: 'us-east-1', severity: 'high', status: 'FAIL', suppressed: false };
  Object.defineProperty(f, 'fingerprint', { get: () => { if (i === 4000) process.kill(process.pid, 'SIGKILL'); return 'fp' + i; } });
  return f;
});
recordRun(h, { startedAt: '2026-11-30T00:00:00.000Z', finishedAt: '2026-11-30T00:00:00.000Z', accounts: ['111122223333'], regions: ['us-east-1'], ruleSet: 'x', ruleIds: ['s3-a'], toolVersion: '0', resources: 1, collectionErrors: 0, errorScopes: [], exitCode: 1, gate: 'fail' }, findings, new Map());
`;

describe('one history file, several writers', () => {
  it('two scans writing one history at once both land', async () => {
    const history = join(work, 'shared.db');
    expect(await Promise.all([scanInBackground(history, 'a'), scanInBackground(history, 'b')])).toEqual([0, 0]);
    const h = openHistory(history, { create: false });
    try {
      const runs = listRuns(h);
      expect(runs.map((r) => r.run)).toEqual([1, 2]);
      // The same inventory twice: the second run sees the first's findings, none new, none fixed.
      expect(runs[1]).toMatchObject({ new: 0, fixed: 0, fail: runs[0]?.fail });
    } finally {
      h.db.close();
    }
  });

  it('a run killed inside its transaction leaves the history as it was, and consistent', async () => {
    const history = join(work, 'killed.db');
    expect(await scanInBackground(history, 'before')).toBe(0);
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', DIES_MID_RUN(history)], { encoding: 'utf8' });
    expect(child.signal).toBe('SIGKILL');
    const h = openHistory(history, { create: false });
    try {
      expect(h.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(listRuns(h).map((r) => r.run)).toEqual([1]);
      expect(h.db.prepare("SELECT count(*) AS n FROM findings WHERE fingerprint LIKE 'fp%'").get()).toEqual({ n: 0 });
    } finally {
      h.db.close();
    }
  });
});
