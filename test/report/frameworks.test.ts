import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/engine/load-rules.js';
import { readRuleCases, casesFileOf } from '../../src/engine/rule-cases.js';
import { frameworkRequirements } from '../../src/engine/references.js';
import { FRAMEWORKS_DIR } from '../../src/paths.js';
import { frameworkIds, loadFramework, type FrameworkMapping } from '../../src/report/frameworks.js';
import { createAjv } from '../../src/util/ajv.js';

/**
 * The framework data against the rule catalogue: the Security Hub control
 * catalogue (every cited control exists and is active, each citation has a
 * PASS and a FAIL case recorded as mirroring the control's documented
 * condition) and the mapping files (every listed rule exists; mappings and the
 * rules' own references say the same thing).
 */

interface Control {
  id: string;
  title: string;
  standards: string[];
  status: 'active' | 'retired';
  failsWhen: string;
}

const readJson = (name: string): unknown => JSON.parse(readFileSync(join(FRAMEWORKS_DIR, name), 'utf8'));
const validatorOf = (schema: string) => createAjv().compile(readJson(schema) as object);

const catalogue = readJson('security-hub-controls.json') as { controls: Control[] };
const mirrors = (readJson('case-mirrors.json') as { mirrors: Record<string, Record<string, { pass: string; fail: string }>> }).mirrors;
const rules = loadRules();
const ids = frameworkIds();
const mappings: FrameworkMapping[] = ids.map((id) => loadFramework(id));

/** Citations of controls that are missing from the catalogue or retired, as `rule → control (why)`. */
export function badCitations(ruleList: typeof rules, controls: readonly Control[]): string[] {
  const byId = new Map(controls.map((c) => [c.id, c]));
  return ruleList.flatMap(({ rule }) =>
    (rule.references.securityHub ?? []).flatMap((id) => {
      const c = byId.get(id);
      return !c ? [`${rule.id} → ${id} (not in the catalogue)`] : c.status === 'retired' ? [`${rule.id} → ${id} (retired)`] : [];
    }),
  );
}

/** Citations without a recorded PASS and FAIL case mirroring the control, or records naming a case that is not there (or expects otherwise). */
export function mirrorProblems(ruleList: typeof rules, recorded: typeof mirrors): string[] {
  const problems: string[] = [];
  const cited = new Set<string>();
  for (const loaded of ruleList) {
    const cases = readRuleCases(casesFileOf(loaded.file), loaded.rule.id).cases;
    const expectOf = new Map(cases.map((c) => [c.name, c.expect]));
    for (const control of loaded.rule.references.securityHub ?? []) {
      cited.add(`${loaded.rule.id} ${control}`);
      const m = recorded[loaded.rule.id]?.[control];
      if (!m) {
        problems.push(`${loaded.rule.id} → ${control}: no mirroring cases recorded`);
        continue;
      }
      if (expectOf.get(m.pass) !== 'PASS') problems.push(`${loaded.rule.id} → ${control}: "${m.pass}" is not a PASS case`);
      if (expectOf.get(m.fail) !== 'FAIL') problems.push(`${loaded.rule.id} → ${control}: "${m.fail}" is not a FAIL case`);
    }
  }
  for (const [rule, controls] of Object.entries(recorded)) for (const control of Object.keys(controls)) if (!cited.has(`${rule} ${control}`)) problems.push(`${rule} → ${control}: recorded but not cited`);
  return problems;
}

/** Disagreements between the mapping files and the rules' references, both ways. */
export function disagreements(ruleList: typeof rules, maps: readonly FrameworkMapping[]): string[] {
  const problems: string[] = [];
  const known = new Set(ruleList.map((l) => l.rule.id));
  const fromMaps = new Set<string>();
  for (const m of maps) {
    for (const req of m.requirements) {
      for (const ruleId of req.rules) {
        if (!known.has(ruleId)) problems.push(`${m.id} ${req.id}: rule ${ruleId} does not exist`);
        fromMaps.add(`${m.id} ${req.id} ${ruleId}`);
      }
    }
  }
  const fromRules = new Set<string>();
  const byId = new Map(maps.map((m) => [m.id, m]));
  for (const { rule } of ruleList) {
    for (const { framework, id } of frameworkRequirements(rule.references)) {
      const m = byId.get(framework);
      if (!m) problems.push(`${rule.id}: cites framework "${framework}", which has no mapping file`);
      else if (m.citedBy !== 'frameworks') problems.push(`${rule.id}: cites ${framework} in references.frameworks, but its rules cite it through ${m.citedBy}`);
      fromRules.add(`${framework} ${id} ${rule.id}`);
    }
    for (const control of rule.references.securityHub ?? []) for (const m of maps) if (m.citedBy === 'securityHub' && m.requirements.some((r) => r.id === control)) fromRules.add(`${m.id} ${control} ${rule.id}`);
  }
  for (const key of fromRules) if (!fromMaps.has(key)) problems.push(`rule cites ${key.split(' ').slice(0, 2).join(' ')}, but the mapping does not list ${key.split(' ')[2]} there`);
  for (const key of fromMaps) if (!fromRules.has(key) && known.has(key.split(' ')[2]!)) problems.push(`mapping lists ${key.split(' ')[2]} under ${key.split(' ').slice(0, 2).join(' ')}, but the rule does not cite it`);
  return problems;
}

describe('the Security Hub control catalogue', () => {
  it('is valid against its schema, with each control once', () => {
    const validate = validatorOf('security-hub-controls.schema.json');
    expect(validate(catalogue), JSON.stringify(validate.errors)).toBe(true);
    const controlIds = catalogue.controls.map((c) => c.id);
    expect(controlIds.filter((id, i) => controlIds.indexOf(id) !== i)).toEqual([]);
  });

  it('records the controls Security Hub retired as retired (Athena.1 in April 2024, S3.4)', () => {
    expect(catalogue.controls.filter((c) => c.status === 'retired').map((c) => c.id)).toEqual(['Athena.1', 'S3.4']);
  });

  it('knows every control a rule cites, and none of them is retired', () => {
    expect(badCitations(rules, catalogue.controls)).toEqual([]);
  });

  it('catches a citation of a retired or unknown control', () => {
    const athena = rules.find((l) => l.rule.id === 'athena-workgroup-results-encrypted')!;
    const citing = [{ ...athena, rule: { ...athena.rule, references: { securityHub: ['Athena.1', 'Athena.99'] } } }];
    expect(badCitations(citing, catalogue.controls)).toEqual(['athena-workgroup-results-encrypted → Athena.1 (retired)', 'athena-workgroup-results-encrypted → Athena.99 (not in the catalogue)']);
  });

  it('records, for each rule citing a control, the PASS and FAIL cases that mirror its documented condition', () => {
    const validate = validatorOf('case-mirrors.schema.json');
    expect(validate(readJson('case-mirrors.json')), JSON.stringify(validate.errors)).toBe(true);
    expect(mirrorProblems(rules, mirrors)).toEqual([]);
  });

  it('the per-engine RDS controls mirror their own engine', () => {
    const tls = mirrors['rds-instance-tls-enforced']!;
    expect(Object.keys(tls).sort()).toEqual(['RDS.38', 'RDS.39', 'RDS.41', 'RDS.44']);
    expect(tls['RDS.38']!.fail).toMatch(/^PostgreSQL/);
    expect(tls['RDS.39']!.fail).toMatch(/^MySQL/);
    expect(tls['RDS.41']!.fail).toMatch(/^SQL Server/);
    expect(tls['RDS.44']!.fail).toMatch(/^MariaDB/);
  });
});

describe('the framework mapping files', () => {
  it('are the frameworks and versions the reports offer', () => {
    expect(ids).toEqual(['cis-aws-v3.0.0', 'cis-aws-v5.0.0', 'fsbp-v1.0.0', 'hipaa-security-rule', 'nist-800-53-r5', 'pci-dss-v4.0']);
  });

  it('cite FSBP through Security Hub controls that are in the catalogue, active and in FSBP', () => {
    const fsbp = mappings.find((m) => m.id === 'fsbp-v1.0.0')!;
    const inFsbp = new Set(catalogue.controls.filter((c) => c.status === 'active' && c.standards.includes('fsbp-v1.0.0')).map((c) => c.id));
    expect(fsbp.requirements.map((r) => r.id).filter((id) => !inFsbp.has(id))).toEqual([]);
    expect([...inFsbp].filter((id) => !fsbp.requirements.some((r) => r.id === id))).toEqual([]);
  });

  it('say what no rule evidences wherever a requirement has no rule', () => {
    const silent = mappings.flatMap((m) => m.requirements.filter((r) => r.rules.length === 0 && r.notEvidenced === undefined).map((r) => `${m.id} ${r.id}`));
    expect(silent).toEqual([]);
  });

  it('list only rules that exist, and agree with the rules’ own references both ways', () => {
    expect(disagreements(rules, mappings)).toEqual([]);
  });

  it('catch a rule citing a requirement its mapping does not list, and a mapping listing a rule that does not cite it', () => {
    const tls = rules.find((l) => l.rule.id === 's3-bucket-tls-only')!;
    const drifted = rules.map((l) => (l === tls ? { ...l, rule: { ...l.rule, references: { ...l.rule.references, frameworks: { 'cis-aws-v5.0.0': ['2.1.2'] } } } } : l));
    expect(disagreements(drifted, mappings)).toEqual([
      'rule cites cis-aws-v5.0.0 2.1.2, but the mapping does not list s3-bucket-tls-only there',
      'mapping lists s3-bucket-tls-only under cis-aws-v3.0.0 2.1.1, but the rule does not cite it',
      'mapping lists s3-bucket-tls-only under cis-aws-v5.0.0 2.1.1, but the rule does not cite it',
      'mapping lists s3-bucket-tls-only under hipaa-security-rule 164.312(e)(1), but the rule does not cite it',
      'mapping lists s3-bucket-tls-only under nist-800-53-r5 SC-8, but the rule does not cite it',
      'mapping lists s3-bucket-tls-only under pci-dss-v4.0 4.2.1, but the rule does not cite it',
    ]);
  });

  it('name the same CIS recommendation by different numbers in v3.0.0 and v5.0.0 where the benchmark renumbered it', () => {
    const rds = rules.find((l) => l.rule.id === 'rds-instance-storage-encrypted')!.rule.references.frameworks;
    expect(rds).toMatchObject({ 'cis-aws-v3.0.0': ['2.3.1'], 'cis-aws-v5.0.0': ['2.2.1'] });
    const ebs = rules.find((l) => l.rule.id === 'ec2-ebs-encryption-by-default')!.rule.references.frameworks;
    expect(ebs).toMatchObject({ 'cis-aws-v3.0.0': ['2.2.1'], 'cis-aws-v5.0.0': ['5.1.1'] });
  });

  it('reject a file whose id differs from its name, naming the file', async () => {
    const { mkdtempSync, writeFileSync, copyFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'frameworks-'));
    copyFileSync(join(FRAMEWORKS_DIR, 'framework.schema.json'), join(dir, 'framework.schema.json'));
    const hipaa = readJson('hipaa-security-rule.json') as Record<string, unknown>;
    writeFileSync(join(dir, 'hipaa-2013.json'), JSON.stringify(hipaa));
    expect(() => loadFramework('hipaa-2013', dir)).toThrow(/hipaa-2013\.json: \/id: "hipaa-security-rule" differs from the file name/);
    writeFileSync(join(dir, 'bad-file.json'), JSON.stringify({ ...hipaa, id: 'bad-file', requirements: [{ id: 'x', title: 'xyz' }] }));
    expect(() => loadFramework('bad-file', dir)).toThrow(/bad-file\.json: \/requirements\/0: must have required property 'rules'/);
    expect(() => loadFramework('nope', dir)).toThrow(/unknown framework "nope" \(known: bad-file, hipaa-2013\)/);
  });
});
