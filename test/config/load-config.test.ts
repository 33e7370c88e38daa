import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../src/config/load-config.js';
import { mergeOptions } from '../../src/config/merge-options.js';
import { expandOutputDir } from '../../src/config/output-dir.js';

const known = ['s3-bucket-tls-only', 's3-bucket-versioning-enabled', 'kms-key-rotation-enabled'];

describe('loadConfig', () => {
  it('reads every key and resolves paths against the file folder', async () => {
    const loaded = await loadConfig('fixtures/config/full.sealcheck.config.yaml', { knownRuleIds: known });
    const dir = resolve('fixtures/config');
    expect(loaded?.config).toMatchObject({
      organization: { organizationalUnits: ['ou-ab12-cd34ef56'] },
      role: { name: 'SealcheckReadOnly' },
      rules: { minSeverity: 'medium', severityOverrides: { 'kms-key-rotation-enabled': { severity: 'low' } } },
      output: { dir: join(dir, 'reports/{date}') },
      gate: { baseline: join(dir, 'baselines/prod.json'), suppressions: join(dir, '.sealcheck-suppressions.yaml') },
    });
  });

  it('finds the file in the working directory, and is optional', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sealcheck-config-'));
    expect(await loadConfig(undefined, { cwd })).toBeUndefined();
    writeFileSync(join(cwd, 'sealcheck.config.json'), '{"regions": "all"}');
    expect((await loadConfig(undefined, { cwd }))?.config).toEqual({ regions: 'all' });
    writeFileSync(join(cwd, 'sealcheck.config.yaml'), 'regions: all\n');
    await expect(loadConfig(undefined, { cwd })).rejects.toThrow(/found 2 config files .*keep one or pass --config/);
    await expect(loadConfig(join(cwd, 'nope.yaml'))).rejects.toThrow(/nope\.yaml: cannot read \(ENOENT\)/);
  });
});

/** Each mistake, the file text, and the one error it must produce. */
const mistakes: [string, string, string][] = [
  ['YAML syntax', 'regions:\n  - eu-west-1\n services: [s3', 'c.yaml:3:1: not valid YAML: All mapping items must start at the same column'],
  ['unknown key', 'version: 1\nregion: [eu-west-1]\n', 'c.yaml:2: /region: unknown key "region"'],
  ['nested unknown key', 'gate:\n  failOn: high\n  fail_on_unknown: true\n', 'c.yaml:3: /gate/fail_on_unknown: unknown key "fail_on_unknown"'],
  ['bad enum', 'gate:\n  failOn: severe\n', 'c.yaml:2: /gate/failOn: "severe" is not one of "critical", "high", "medium", "low", "info", "none"'],
  ['unquoted account id', 'accounts:\n  - "111122223333"\n  - 012345678901\n', 'c.yaml:3: /accounts/1: must be string, found number (quote it'],
  ['bad account id', 'accounts: ["12345"]\n', 'c.yaml:1: /accounts/0: "12345" does not have the expected form'],
  ['missing required', 'source:\n  type: config-aggregator\n', 'c.yaml:2: /source: missing required key "aggregator"'],
  ['override without reason', 'rules:\n  severityOverrides:\n    s3-bucket-tls-only:\n      severity: low\n', 'c.yaml:4: /rules/severityOverrides/s3-bucket-tls-only: missing required key "reason"'],
  ['wrong type', 'gate:\n  strict: "yes"\n', 'c.yaml:2: /gate/strict: must be boolean, found string'],
  ['accounts and organization', 'accounts: ["111122223333"]\nrole: { name: Audit }\norganization:\n  organizationalUnits: [ou-ab12-cd34ef56]\n', 'c.yaml:4: /organization: give either "accounts" or "organization", not both'],
  ['organization without role', 'organization:\n  organizationalUnits: [ou-ab12-cd34ef56]\n', 'c.yaml:2: /organization: "organization" needs "role"'],
  ['unknown placeholder', 'output:\n  dir: reports/{day}\n', 'c.yaml:2: /output/dir: unknown placeholder {day}'],
  ['a placeholder named after a prototype member', 'output:\n  dir: reports/{__proto__}/{constructor}\n', 'c.yaml:2: /output/dir: unknown placeholder {__proto__}'],
  ['unknown rule id', 'rules:\n  exclude:\n    ids:\n      - s3-bucket-tls-onyl\n', 'c.yaml:4: /rules/exclude/ids/0: "s3-bucket-tls-onyl" matches no rule id'],
  ['unknown override id', 'rules:\n  severityOverrides:\n    kms-no-such-rule: { severity: low, reason: x }\n', 'c.yaml:3: /rules/severityOverrides/kms-no-such-rule: unknown rule id "kms-no-such-rule"'],
  ['bad region', 'regions:\n  - eu-west-1\n  - Europe\n', 'c.yaml:3: /regions/1: "Europe" does not have the expected form'],
  ['regions neither list nor all', 'regions: every\n', 'c.yaml:1: /regions: must be "all"'],
  ['an infinite number (YAML .inf)', 'gate:\n  strict: -.inf\n', 'c.yaml:2:1: /gate/strict: number out of range: not a finite double'],
  ['a number no double can hold', 'accounts:\n  - 1e400\n', 'c.yaml:2:1: /accounts/0: number out of range: not a finite double'],
];

describe('config mistakes give one clear error with the line', () => {
  it.each(mistakes)('%s', (_name, text, expected) => {
    expect(() => parseConfig(text, 'c.yaml', { knownRuleIds: known })).toThrow(expected);
    try {
      parseConfig(text, 'c.yaml', { knownRuleIds: known });
    } catch (error) {
      expect((error as Error).message.split('\n')).toHaveLength(1);
      expect((error as { code?: string }).code).toBe('CONFIG');
    }
  });

  it('places errors in JSON files on their line as well', () => {
    const text = '{\n  "regions": "all",\n  "gate": {\n    "failOn": "severe"\n  }\n}\n';
    expect(() => parseConfig(text, 'c.json')).toThrow('c.json:4: /gate/failOn: "severe" is not one of');
    expect(() => parseConfig('{\n  "regions": "all",\n}\n', 'c.json')).toThrow(/^c\.json:3:1: not valid JSON/);
  });

  it('accepts an empty file', () => {
    expect(parseConfig('# nothing yet\n', 'c.yaml')).toEqual({});
  });
});

describe('mergeOptions', () => {
  const now = new Date('2025-06-01T08:09:10Z');

  it('uses defaults with no file and no options', () => {
    expect(mergeOptions(undefined, {}, now)).toEqual({
      source: { type: 'live' },
      selection: {},
      severityOverrides: {},
      gate: { failOn: 'high', failOnUnknown: false, strict: false },
    });
  });

  it('lets command-line options override the file', async () => {
    const loaded = await loadConfig('fixtures/config/full.sealcheck.config.yaml');
    const fromFile = mergeOptions(loaded, {}, now);
    expect(fromFile.outDir).toBe(resolve('fixtures/config/reports/2025-06-01'));
    expect(fromFile.gate).toEqual({ failOn: 'high', failOnUnknown: true, strict: true });
    expect(fromFile.organization?.organizationalUnits).toEqual(['ou-ab12-cd34ef56']);

    const merged = mergeOptions(
      loaded,
      { snapshot: 'snap.json', failOn: 'critical', strict: false, out: 'out/{datetime}', accounts: ['111122223333'], rules: ['s3-*'], excludeRules: ['s3-bucket-tls-only'] },
      now,
    );
    expect(merged.source).toEqual({ type: 'snapshot', snapshot: 'snap.json' });
    expect(merged.gate).toEqual({ failOn: 'critical', failOnUnknown: true, strict: false });
    expect(merged.outDir).toBe('out/2025-06-01T080910Z');
    expect(merged.accounts).toEqual(['111122223333']);
    expect(merged.organization).toBeUndefined();
    expect(merged.selection.include).toEqual({ ids: ['s3-*'] });
    expect(merged.selection.exclude?.ids).toEqual(['s3-bucket-versioning*', 's3-bucket-tls-only']);
    expect(merged.role?.name).toBe('SealcheckReadOnly');
  });

  it('expands output placeholders in UTC', () => {
    expect(expandOutputDir('reports/{date}/{time}', now)).toBe('reports/2025-06-01/080910');
    expect(expandOutputDir('reports/{__proto__}/{toString}', now)).toBe('reports/{__proto__}/{toString}');
  });
});

describe('duplicate keys in a JSON config (W8)', () => {
  it('are rejected with their line, as YAML duplicates are', () => {
    expect(() => parseConfig('{\n  "output": {"dir": "a"},\n  "output": {"dir": "b"}\n}\n', 'sealcheck.config.json')).toThrow(
      'sealcheck.config.json:3:3: duplicate key: each key may appear once in an object',
    );
  });
});
