import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/engine/load-rules.js';
import { wildcardMatch } from '../../src/util/glob.js';
import { ROOT } from '../cli/run-cli.js';

/** The severity rubric is data (schemas/severity-rubric.json): each rule's severity follows from the basis it names. */

interface Rubric {
  levels: Record<string, string>;
  bases: { id: string; severity: string; when: string }[];
  kinds: { name: string; basis: string; rules: string[]; except?: string[] }[];
}

const rubric = JSON.parse(readFileSync(join(ROOT, 'schemas/severity-rubric.json'), 'utf8')) as Rubric;
const ruleSchema = JSON.parse(readFileSync(join(ROOT, 'rules/rule.schema.json'), 'utf8')) as {
  required: string[];
  properties: { severity: { enum: string[] }; severityReason: { properties: { basis: { enum: string[] } } } };
};
const rules = loadRules();
const severityOf = new Map(rubric.bases.map((b) => [b.id, b.severity]));
const inKind = (kind: Rubric['kinds'][number], id: string) =>
  kind.rules.some((g) => wildcardMatch(g, id)) && !(kind.except ?? []).some((g) => wildcardMatch(g, id));

describe('the severity rubric', () => {
  it('describes every severity level and gives each basis one of them', () => {
    const levels = ruleSchema.properties.severity.enum;
    expect(Object.keys(rubric.levels).sort()).toEqual([...levels].sort());
    for (const b of rubric.bases) expect(levels, b.id).toContain(b.severity);
  });

  it('has the bases the rule schema accepts, no more and no fewer', () => {
    expect(rubric.bases.map((b) => b.id).sort()).toEqual([...ruleSchema.properties.severityReason.properties.basis.enum].sort());
  });

  it('makes severityReason a required rule field', () => {
    expect(ruleSchema.required).toContain('severityReason');
  });

  it('names only known bases in its kinds, and every kind pattern matches a rule', () => {
    for (const kind of rubric.kinds) {
      expect(severityOf.has(kind.basis), kind.name).toBe(true);
      for (const g of kind.rules) expect(rules.some((r) => wildcardMatch(g, r.rule.id)), `${kind.name}: ${g}`).toBe(true);
    }
  });
});

describe.each(rules.map((r) => [r.rule.id, r.rule] as const))('rule %s', (id, rule) => {
  it('carries the severity its basis gives, with a reason of its own', () => {
    expect(rule.severityReason.text.length).toBeGreaterThanOrEqual(10);
    expect(rule.severity).toBe(severityOf.get(rule.severityReason.basis));
  });

  const kinds = rubric.kinds.filter((k) => inKind(k, id));
  if (kinds.length > 0) {
    it(`names the basis of its kind (${kinds.map((k) => k.name).join('; ')})`, () => {
      for (const kind of kinds) expect(rule.severityReason.basis, kind.name).toBe(kind.basis);
    });
  }
});

describe('like cases alike', () => {
  it('rates every public-policy rule critical: S3, KMS, Lambda, SQS, SNS, Kinesis and EFS alike', () => {
    const ids = ['s3-bucket-policy-not-public', 'kms-key-policy-not-public', 'lambda-function-policy-not-public', 'sqs-queue-policy-not-public', 'sns-topic-policy-not-public', 'kinesis-stream-policy-not-public', 'efs-file-system-policy-not-public'];
    expect(ids.map((id) => rules.find((r) => r.rule.id === id)?.rule.severity)).toEqual(ids.map(() => 'critical'));
  });
});
