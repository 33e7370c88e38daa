import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { openHistory } from '../../src/history/open-history.js';
import { listRuns, showRun } from '../../src/history/queries.js';
import { recordRun } from '../../src/history/record-run.js';
import { HISTORY_SCHEMA_VERSION, MIGRATIONS } from '../../src/history/schema.js';

/** Written by migration step 1 only (page size 512), with one run of two findings: the schema before version 2. */
const V1_FIXTURE = new URL('./fixtures/history-v1.sqlite', import.meta.url);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sealcheck-history-open-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('openHistory', () => {
  it('migrates a database written by schema version 1 and keeps its runs and findings', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual([1, 2]);
    const file = join(dir, 'v1.sqlite');
    copyFileSync(V1_FIXTURE, file);
    const history = openHistory(file, { create: false });
    try {
      expect(history.db.pragma('user_version', { simple: true })).toBe(HISTORY_SCHEMA_VERSION);
      expect(listRuns(history).map((r) => [r.run, r.accounts, r.fail, r.suppressed])).toEqual([[1, ['111122223333'], 2, 0]]);
      recordRun(
        history,
        {
          startedAt: '2026-11-02T00:00:00.000Z',
          finishedAt: '2026-11-02T00:00:01.000Z',
          accounts: ['111122223333'],
          regions: ['us-east-1'],
          ruleSet: 'bundled',
          ruleIds: ['s3-bucket-encryption-enabled'],
          toolVersion: '0.1.0',
          resources: 2,
          collectionErrors: 0,
          errorScopes: [],
          exitCode: 1,
          gate: 'fail',
        },
        [{ fingerprint: 'f0000000000000000000000000000001', ruleId: 's3-bucket-encryption-enabled', service: 's3', arn: 'arn:aws:s3:::v1-open', accountId: '111122223333', region: 'us-east-1', severity: 'high', status: 'FAIL', suppressed: true, suppressionReason: 'r' }],
        new Map(),
      );
      const shown = showRun(history, 2);
      expect(shown.findings.map((f) => [f.arn, f.firstSeen, f.change, f.suppressed])).toEqual([['arn:aws:s3:::v1-open', '2026-11-01T00:00:00.000Z', '', 1]]);
      expect(shown.fixed.map((f) => f.arn)).toEqual(['arn:aws:s3:::v1-fixed-later']);
    } finally {
      history.db.close();
    }
  });

  it('refuses a file that is not SQLite, naming it', () => {
    const file = join(dir, 'notes.db');
    writeFileSync(file, 'this is not a database, just some text that is long enough to be read as a header page\n'.repeat(80));
    expect(() => openHistory(file, { create: true })).toThrow(new InputError(`${file}: not a SQLite database, so not a sealcheck history`));
  });

  it('refuses a newer schema and another program\'s SQLite database', () => {
    const newer = join(dir, 'newer.db');
    copyFileSync(V1_FIXTURE, newer);
    const raw = new Database(newer);
    raw.pragma(`user_version = ${HISTORY_SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openHistory(newer, { create: false })).toThrow(`${newer}: history schema version ${HISTORY_SCHEMA_VERSION + 1} is newer than this sealcheck reads`);
    const other = join(dir, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(() => openHistory(other, { create: true })).toThrow(`${other}: a SQLite database, but not a sealcheck history`);
  });

  it('does not create a missing file for reading commands', () => {
    expect(() => openHistory(join(dir, 'none.db'), { create: false })).toThrow(InputError);
  });
});
