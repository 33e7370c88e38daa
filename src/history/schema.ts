/**
 * The history database's schema, as data: migration N takes a database at
 * `user_version` N-1 to N. A database is stamped with {@link HISTORY_APPLICATION_ID}
 * so another program's SQLite file is never taken for a history.
 */

/** One schema step: the statements that take the previous version to `version`. */
export interface Migration {
  version: number;
  /** Why the step exists, for whoever reads the schema. */
  purpose: string;
  statements: readonly string[];
}

/** `PRAGMA application_id` of a sealcheck history: "SEAL" in ASCII. */
export const HISTORY_APPLICATION_ID = 0x5345414c;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    purpose: 'runs, findings by fingerprint, per-run finding states and per-rule PASS counts',
    statements: [
      `CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        accounts TEXT NOT NULL,
        regions TEXT NOT NULL,
        rule_set TEXT NOT NULL,
        rule_count INTEGER NOT NULL,
        tool_version TEXT NOT NULL,
        resources INTEGER NOT NULL,
        collection_errors INTEGER NOT NULL,
        exit_code INTEGER NOT NULL,
        gate TEXT NOT NULL
      )`,
      // Run numbers in findings are plain integers, not references: pruning old runs keeps when a finding was first seen.
      `CREATE TABLE findings (
        id INTEGER PRIMARY KEY,
        fingerprint TEXT NOT NULL UNIQUE,
        rule_id TEXT NOT NULL,
        service TEXT NOT NULL,
        arn TEXT NOT NULL,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        severity TEXT NOT NULL,
        first_seen_run INTEGER NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen_run INTEGER NOT NULL,
        last_seen TEXT NOT NULL,
        fixed_run INTEGER,
        fixed_at TEXT
      )`,
      `CREATE TABLE run_findings (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        finding_id INTEGER NOT NULL REFERENCES findings(id),
        status TEXT NOT NULL,
        severity TEXT NOT NULL,
        PRIMARY KEY (run_id, finding_id)
      ) WITHOUT ROWID`,
      `CREATE TABLE rule_passes (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        rule_id TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (run_id, rule_id)
      ) WITHOUT ROWID`,
    ],
  },
  {
    version: 2,
    purpose: 'suppression state per run and finding and each change of it, so accepted risk shows; each fix as an event, as a finding can be fixed, reopened and fixed again',
    statements: [
      'ALTER TABLE run_findings ADD COLUMN suppressed INTEGER NOT NULL DEFAULT 0',
      'ALTER TABLE findings ADD COLUMN suppressed INTEGER NOT NULL DEFAULT 0',
      `CREATE TABLE suppression_changes (
        finding_id INTEGER NOT NULL REFERENCES findings(id),
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        suppressed INTEGER NOT NULL,
        reason TEXT,
        PRIMARY KEY (finding_id, run_id)
      ) WITHOUT ROWID`,
      `CREATE TABLE finding_fixes (
        finding_id INTEGER NOT NULL REFERENCES findings(id),
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        PRIMARY KEY (run_id, finding_id)
      ) WITHOUT ROWID`,
      'CREATE INDEX findings_open ON findings(fixed_run) WHERE fixed_run IS NULL',
    ],
  },
];

/** The schema version this sealcheck writes. */
export const HISTORY_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
