import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ListAccountsForParentCommand, ListOrganizationalUnitsForParentCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { planScan, type ScanFlags } from '../../src/config/plan-scan.js';
import { asScanResults, verdictsOf, type Verdict } from '../../src/gate/results-file.js';
import { accountTargets } from '../../src/collect/credentials.js';
import { withOrganizationAccounts } from '../../src/collect/organizations.js';
import { loadRules } from '../../src/engine/load-rules.js';
import type { LoadedRule } from '../../src/engine/rule-types.js';
import type { ScanResults } from '../../src/engine/result.js';
import { createAjv } from '../../src/util/ajv.js';
import { ROOT, runCli } from '../cli/run-cli.js';

const DEMO = join(ROOT, 'fixtures/demo/demo-account.snapshot.json');
const validateResults = createAjv().compile(JSON.parse(readFileSync(join(ROOT, 'schemas/results.schema.json'), 'utf8')) as object);
/** results.json as written (for the schema) with every verdict, passes included, as `results`. */
const readResults = (dir: string) => {
  const file = join(dir, 'results.json');
  const doc = JSON.parse(readFileSync(file, 'utf8')) as object;
  const view = asScanResults(doc, file);
  return { ...doc, ...view, results: verdictsOf(view) } as ScanResults & { results: Verdict[]; run: { config?: unknown; gate?: { exitCode: number; failOn: string } } };
};
const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `sealcheck-${name}-`));

/** Commander's defaults, as a scan without any typed option sees them. */
const DEFAULT_FLAGS: ScanFlags = { out: 'reports', format: 'json,sarif,html,junit,console', failOn: 'high', source: 'api' };
const typedOnly =
  (...names: (keyof ScanFlags)[]) =>
  (name: keyof ScanFlags) =>
    names.includes(name);

describe('sealcheck scan with a config file', () => {
  it('selects rules and overrides a severity, and the results change accordingly', () => {
    const dir = tempDir('config-select');
    const plain = runCli(['scan', '--snapshot', DEMO, '--out', join(dir, 'plain'), '--format', 'json', '--fail-on', 'critical', '-q']);
    expect(plain.stderr).toBe('');
    const config = join(dir, 'sealcheck.config.yaml');
    writeFileSync(
      config,
      [
        'rules:',
        '  include: { services: [s3] }',
        '  exclude: { ids: ["s3-bucket-versioning*"] }',
        '  severityOverrides:',
        '    s3-bucket-policy-not-public:',
        '      severity: medium',
        '      reason: Public website bucket, reviewed by security',
        'gate:',
        '  failOn: critical',
        '',
      ].join('\n'),
    );
    const withConfig = runCli(['scan', '--config', config, '--snapshot', DEMO, '--out', join(dir, 'configured'), '--format', 'json']);
    expect(withConfig.stderr).toContain(`config ${config}:`);
    expect(withConfig.stderr).toContain('s3-bucket-policy-not-public critical→medium');

    const before = readResults(join(dir, 'plain'));
    const after = readResults(join(dir, 'configured'));
    expect(validateResults(JSON.parse(readFileSync(join(dir, 'configured', 'results.json'), 'utf8'))), JSON.stringify(validateResults.errors)).toBe(true);
    // Only S3 rules ran, and the excluded one did not.
    const ids = new Set(after.results.map((r) => r.ruleId));
    expect([...ids].every((id) => id.startsWith('s3-'))).toBe(true);
    expect(ids.has('s3-bucket-versioning-enabled')).toBe(false);
    expect(new Set(before.results.map((r) => r.ruleId)).has('kms-key-rotation-enabled')).toBe(true);
    expect(after.run.ruleCount).toBe(after.rules.length);
    expect(after.run.ruleCount).toBeLessThan(before.run.ruleCount);
    // The override changes the rule, each of its results, and what the gate counts.
    expect(after.rules.find((r) => r.id === 's3-bucket-policy-not-public')?.severity).toBe('medium');
    const overridden = after.results.filter((r) => r.ruleId === 's3-bucket-policy-not-public');
    expect(overridden.length).toBeGreaterThan(0);
    expect(overridden.every((r) => r.severity === 'medium')).toBe(true);
    expect(before.results.filter((r) => r.ruleId === 's3-bucket-policy-not-public' && r.status === 'FAIL').every((r) => r.severity === 'critical')).toBe(true);
    expect(after.run.config).toEqual({
      file: config,
      severityOverrides: [{ ruleId: 's3-bucket-policy-not-public', from: 'critical', severity: 'medium', reason: 'Public website bucket, reviewed by security' }],
    });
    // The demo's critical S3 policy findings are now medium: below the file's failOn critical.
    expect(before.run.gate?.exitCode).toBe(1);
    expect(plain.code).toBe(1);
    expect(after.run.gate?.failOn).toBe('critical');
    expect(withConfig.code).toBe(after.run.gate?.exitCode);
    expect(after.results.some((r) => r.status === 'FAIL' && r.severity === 'critical')).toBe(false);
    expect(withConfig.code).toBe(0);
  });

  it('takes options typed on the command line over the file, and the file over the defaults', () => {
    const dir = tempDir('config-override');
    writeFileSync(
      join(dir, 'sealcheck.config.json'),
      JSON.stringify({ source: { type: 'snapshot', snapshot: DEMO }, output: { dir: 'from-config/{date}', formats: ['json'] }, gate: { failOn: 'none' } }),
    );
    // The file alone: found in the working directory, source snapshot, output folder relative to the file, date expanded.
    const fileOnly = runCli(['scan', '-q'], { cwd: dir });
    expect(fileOnly.stderr).toBe('');
    expect(fileOnly.code).toBe(0);
    const [dated] = readdirSync(join(dir, 'from-config'));
    expect(dated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(readdirSync(join(dir, 'from-config', dated!))).toEqual(['results.json']);
    expect(readResults(join(dir, 'from-config', dated!)).run.gate).toMatchObject({ failOn: 'none', exitCode: 0 });

    // Typed options win: threshold, output folder, formats.
    const typed = runCli(['scan', '-q', '--fail-on', 'high', '--out', 'cli-out', '--format', 'json,sarif'], { cwd: dir });
    expect(typed.code).toBe(1);
    expect(readdirSync(join(dir, 'cli-out')).sort()).toEqual(['results.json', 'results.sarif']);
    expect(readResults(join(dir, 'cli-out')).run.gate).toMatchObject({ failOn: 'high', exitCode: 1 });
  });

  it('sealcheck init writes a config that loads and scans the demo', () => {
    const dir = tempDir('config-init');
    expect(runCli(['init'], { cwd: dir }).code).toBe(0);
    const r = runCli(['scan', '--snapshot', DEMO, '--out', 'out', '--format', 'json'], { cwd: dir });
    expect(r.stderr).not.toMatch(/internal error|sealcheck:/);
    expect(r.stderr).toContain(`config ${join(dir, 'sealcheck.config.yaml')}:`);
    expect(r.code).toBe(1);
    const results = readResults(join(dir, 'out'));
    expect(validateResults(JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8'))), JSON.stringify(validateResults.errors)).toBe(true);
    // The starter's minSeverity low leaves out the info rules.
    expect(results.rules.length).toBeGreaterThan(0);
    expect(results.rules.every((rule) => rule.severity !== 'info')).toBe(true);
    expect(results.run.gate).toMatchObject({ failOn: 'high', failOnUnknown: false, strict: false, exitCode: 1 });
  });

  it('stops with exit 2 and the file and line for a config mistake, before writing anything', () => {
    const dir = tempDir('config-bad');
    const cases: [string, string][] = [
      ['gate:\n  failOn: hihg\n', 'bad.yaml:2: /gate/failOn: "hihg" is not one of'],
      ['rules:\n  exclude:\n    ids:\n      - s3-bucket-tls-onyl\n', 'bad.yaml:4: /rules/exclude/ids/0: "s3-bucket-tls-onyl" matches no rule id'],
      ['rules:\n  include:\n    services: [nosuch]\n', 'bad.yaml: /rules: the rule selection leaves no rule to run'],
    ];
    for (const [text, expected] of cases) {
      writeFileSync(join(dir, 'bad.yaml'), text);
      const r = runCli(['scan', '--config', 'bad.yaml', '--snapshot', DEMO, '--out', 'out'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(expected);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(readdirSync(dir)).toEqual(['bad.yaml']);
    }
  });
});

describe('planScan', () => {
  let catalogue: LoadedRule[];
  let dir: string;
  const write = (text: string) => {
    const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, text);
    return file;
  };

  beforeAll(() => {
    catalogue = loadRules();
    dir = tempDir('plan');
    mkdirSync(join(dir, 'empty'));
  });

  it('with no config file, uses the flags and every rule', async () => {
    const plan = await planScan({ ...DEFAULT_FLAGS, snapshot: DEMO }, typedOnly('snapshot'), catalogue, join(dir, 'empty'));
    expect(plan.configFile).toBeUndefined();
    expect(plan.rules).toHaveLength(catalogue.length);
    expect(plan).toMatchObject({ snapshot: DEMO, outDir: 'reports', gate: { failOn: 'high', failOnUnknown: false, strict: false }, collectScope: {}, overrides: {} });
    expect(plan.formats).toEqual(['json', 'sarif', 'html', 'junit', 'console']);
  });

  it('turns accounts and a role name into the role ARN template, and leaves typed collection flags alone', async () => {
    const config = write('accounts: ["111122223333", "444455556666"]\nrole: { name: audit/SealcheckReadOnly, externalId: xyz }\nregions: [eu-west-1]\nservices: [s3, kms]\nprofile: audit\n');
    const plan = await planScan({ ...DEFAULT_FLAGS, config }, typedOnly('config'), catalogue);
    expect(plan.snapshot).toBeUndefined();
    expect(plan.collectScope).toEqual({
      profile: 'audit',
      regions: ['eu-west-1'],
      services: ['s3', 'kms'],
      roleArn: 'arn:{partition}:iam::{accountId}:role/audit/SealcheckReadOnly',
      accountIds: ['111122223333', '444455556666'],
      externalId: 'xyz',
    });
    const typed = await planScan({ ...DEFAULT_FLAGS, config, regions: 'us-east-1', roleArn: 'arn:aws:iam::999988887777:role/Other' }, typedOnly('config', 'regions', 'roleArn'), catalogue);
    expect(typed.collectScope).toEqual({ profile: 'audit', services: ['s3', 'kms'] });
  });

  it('reads an aggregator source, and a typed --snapshot beats it', async () => {
    const config = write('source: { type: config-aggregator, aggregator: org-agg, aggregatorRegion: eu-central-1 }\n');
    const live = await planScan({ ...DEFAULT_FLAGS, config }, typedOnly('config'), catalogue);
    expect(live.collectScope).toEqual({ source: 'config', aggregator: 'org-agg', homeRegion: 'eu-central-1' });
    const snap = await planScan({ ...DEFAULT_FLAGS, config, snapshot: DEMO }, typedOnly('config', 'snapshot'), catalogue);
    expect(snap.snapshot).toBe(DEMO);
    expect(snap.collectScope).toEqual({});
  });

  it('plans a collection over the accounts below the organization OUs, assuming the role in each', async () => {
    const org = mockClient(OrganizationsClient);
    try {
      org.on(ListAccountsForParentCommand, { ParentId: 'ou-ab12-cd34ef56' }).resolves({ Accounts: [{ Id: '222222222222', State: 'ACTIVE' }, { Id: '999999999999', State: 'SUSPENDED' }] });
      org.on(ListAccountsForParentCommand, { ParentId: 'ou-ab12-00000001' }).resolves({ Accounts: [{ Id: '111111111111', State: 'ACTIVE' }, { Id: '333333333333', State: 'ACTIVE' }] });
      org.on(ListOrganizationalUnitsForParentCommand, { ParentId: 'ou-ab12-cd34ef56' }).resolves({ OrganizationalUnits: [{ Id: 'ou-ab12-00000001' }] });
      org.on(ListOrganizationalUnitsForParentCommand, { ParentId: 'ou-ab12-00000001' }).resolves({ OrganizationalUnits: [] });
      const config = write('organization: { organizationalUnits: [ou-ab12-cd34ef56], excludeAccounts: ["333333333333"] }\nrole: { name: Audit, externalId: xyz }\n');
      const plan = await planScan({ ...DEFAULT_FLAGS, config }, typedOnly('config'), catalogue);
      expect(plan.collectScope).toEqual({
        roleArn: 'arn:{partition}:iam::{accountId}:role/Audit',
        organizationalUnits: ['ou-ab12-cd34ef56'],
        excludeAccounts: ['333333333333'],
        externalId: 'xyz',
      });
      // What the collection starts from: the OUs become accounts, each reached through the role.
      const resolved = await withOrganizationAccounts({ ...plan.collectScope, credentials: { accessKeyId: 'K', secretAccessKey: 'S' } });
      expect(resolved.accountIds).toEqual(['111111111111', '222222222222']);
      expect(accountTargets({ ...resolved, homeRegion: 'us-east-1' }).map((t) => [t.expectedAccountId, t.roleArn])).toEqual([
        ['111111111111', 'arn:aws:iam::111111111111:role/Audit'],
        ['222222222222', 'arn:aws:iam::222222222222:role/Audit'],
      ]);
      // Typed --organizational-units replace the file's scope, as --accounts does.
      const typed = await planScan({ ...DEFAULT_FLAGS, config, organizationalUnits: 'ou-ab12-00000001' }, typedOnly('config', 'organizationalUnits'), catalogue);
      expect(typed.collectScope).toEqual({});
    } finally {
      org.restore();
    }
  });

  it('refuses what live collection cannot honour, naming the key', async () => {
    const org = write('organization: { organizationalUnits: [ou-ab12-cd34ef56] }\nrole: { name: Audit }\n');
    const roleOnly = write('role: { name: Audit }\n');
    await expect(planScan({ ...DEFAULT_FLAGS, config: roleOnly }, typedOnly('config'), catalogue)).rejects.toThrow(/\/role: "role" needs "accounts" or "organization"/);
    // Scanning a snapshot needs no collection scope, so the same file is fine there.
    await expect(planScan({ ...DEFAULT_FLAGS, config: org, snapshot: DEMO }, typedOnly('config', 'snapshot'), catalogue)).resolves.toMatchObject({ snapshot: DEMO });
  });

  it('applies minSeverity to the overridden severity', async () => {
    const config = write('rules:\n  minSeverity: high\n  severityOverrides:\n    s3-bucket-tls-only: { severity: high, reason: regulated data }\n    s3-bucket-default-encryption: { severity: low, reason: test }\n');
    const plan = await planScan({ ...DEFAULT_FLAGS, config }, typedOnly('config'), catalogue);
    const ids = plan.rules.map((l) => l.rule.id);
    expect(ids).toContain('s3-bucket-tls-only');
    expect(ids).not.toContain('s3-bucket-default-encryption');
    expect(plan.overrides.severity).toEqual({ 's3-bucket-tls-only': 'high', 's3-bucket-default-encryption': 'low' });
    expect(plan.appliedOverrides).toEqual([{ ruleId: 's3-bucket-tls-only', from: 'medium', severity: 'high', reason: 'regulated data' }]);
  });
});
