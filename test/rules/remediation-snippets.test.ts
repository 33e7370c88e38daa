import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadRules } from '../../src/engine/load-rules.js';
import { SNIPPET_KINDS } from '../../src/engine/remediation-snippets.js';
import type { Remediation } from '../../src/engine/result.js';
import { ROOT } from '../cli/run-cli.js';

/**
 * Remediation snippets name real things: each CLI line an operation of the
 * pinned SDK client, each Terraform block a provider resource type, each
 * CloudFormation snippet a resource type and its properties (the tables are
 * data: snippet-references.json).
 */

interface References {
  cliServices: Record<string, string>;
  terraformResourceTypes: string[];
  cloudformationProperties: Record<string, string[]>;
}

const refs = JSON.parse(readFileSync(join(ROOT, 'test/rules/snippet-references.json'), 'utf8')) as References;
const rules = loadRules();

/** The lowercased operation names (`putbucketencryption`) each SDK client exports as `<Operation>Command`. */
const operations = new Map<string, Set<string>>();
for (const pkg of new Set(Object.values(refs.cliServices))) {
  const module = (await import(pkg)) as Record<string, unknown>;
  const names = Object.keys(module).filter((k) => k.endsWith('Command') && k !== 'Command' && typeof module[k] === 'function');
  operations.set(pkg, new Set(names.map((k) => k.slice(0, -'Command'.length).toLowerCase())));
}

/** Problems with one CLI snippet: each line `aws <service> <operation> …` with a known service and an existing operation. */
function cliProblems(snippet: string): string[] {
  return snippet.split('\n').flatMap((line) => {
    const m = /^aws ([a-z0-9-]+) ([a-z0-9-]+)(?: |$)/.exec(line);
    if (!m) return [`not "aws <service> <operation>": ${line}`];
    const pkg = refs.cliServices[m[1]!];
    if (!pkg) return [`unknown CLI service ${m[1]}`];
    return operations.get(pkg)?.has(m[2]!.replace(/-/g, '')) ? [] : [`${m[1]} has no operation ${m[2]}`];
  });
}

/** Problems with one Terraform snippet: it names aws_* resource types, all known, and its braces balance. */
function terraformProblems(snippet: string): string[] {
  const types = [...snippet.matchAll(/^resource "([a-z0-9_]+)" "[a-z0-9_]+" \{$/gm)].map((m) => m[1]!);
  const problems = types.length === 0 ? ['no resource "aws_<type>" "<name>" { block'] : [];
  for (const t of types) if (!refs.terraformResourceTypes.includes(t)) problems.push(`unknown resource type ${t}`);
  const opens = (snippet.match(/\{/g) ?? []).length;
  const closes = (snippet.match(/\}/g) ?? []).length;
  if (opens !== closes) problems.push(`${opens} "{" but ${closes} "}"`);
  return problems;
}

/** A property in the CloudFormation resource specification: a primitive, or a property type (`Type`), or a list or map of them (`ItemType`). */
interface CfnProperty {
  Type?: string;
  ItemType?: string;
}
interface CfnSpec {
  ResourceTypes: Record<string, { Properties?: Record<string, CfnProperty> }>;
  PropertyTypes: Record<string, { Properties?: Record<string, CfnProperty> }>;
}

/** The resource specification AWS publishes, as the pinned @aws-cdk/cfnspec ships it (also used by test/aws-config-rule). */
const CFN_SPEC = createRequire(import.meta.url)('@aws-cdk/cfnspec/spec/specification.json') as CfnSpec;

/** Nested properties AWS added after the pinned spec, checked by hand against the CloudFormation reference. */
const NEWER_THAN_SPEC = new Set([
  'AWS::S3::Bucket.BucketEncryption.ServerSideEncryptionConfiguration.BlockedEncryptionTypes',
  'AWS::KinesisAnalyticsV2::Application.ApplicationConfiguration.ApplicationEncryptionConfiguration',
]);

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Problems with the nested property paths of a CloudFormation snippet, by the
 * resource specification: below each top-level property the spec knows, every
 * key must be a property of its property type. Top-level properties are held
 * to the table instead, since the pinned spec predates a few of them.
 */
function nestedPropertyProblems(type: string, properties: Record<string, unknown>): string[] {
  const resource = CFN_SPEC.ResourceTypes[type];
  if (!resource) return [];
  const problems: string[] = [];
  const walk = (owner: { Properties?: Record<string, CfnProperty> }, value: Record<string, unknown>, path: string, top: boolean): void => {
    for (const [key, v] of Object.entries(value)) {
      const p = owner.Properties?.[key];
      if (!p) {
        if (!top && !NEWER_THAN_SPEC.has(`${path.replace(/\[\d+\]/g, '')}.${key}`)) problems.push(`${path} has no property ${key}`);
        continue;
      }
      const itemType = p.Type === 'List' || p.Type === 'Map' ? p.ItemType : p.Type;
      const sub = itemType === undefined ? undefined : (CFN_SPEC.PropertyTypes[`${type}.${itemType}`] ?? CFN_SPEC.PropertyTypes[itemType]);
      if (!sub) continue;
      const items = p.Type === 'List' ? (Array.isArray(v) ? v : []) : p.Type === 'Map' ? Object.values(isMapping(v) ? v : {}) : [v];
      items.forEach((item, i) => {
        if (isMapping(item)) walk(sub, item, `${path}.${key}${p.Type === 'List' ? `[${i}]` : ''}`, false);
      });
    }
  };
  walk(resource, properties, type, true);
  return problems;
}

/** Problems with one CloudFormation snippet: YAML of one resource whose type and top-level properties exist, and whose nested properties the spec knows. */
function cloudformationProblems(snippet: string): string[] {
  let doc: unknown;
  try {
    doc = parse(snippet);
  } catch (error) {
    return [`not YAML: ${(error as Error).message.split('\n')[0]}`];
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return ['not a mapping'];
  const { Type, Properties, ...rest } = doc as Record<string, unknown>;
  const problems = Object.keys(rest).map((k) => `unexpected key ${k}`);
  const known = typeof Type === 'string' ? refs.cloudformationProperties[Type] : undefined;
  if (!known) return [...problems, `unknown resource type ${String(Type)}`];
  if (Properties === null || typeof Properties !== 'object' || Array.isArray(Properties)) return [...problems, 'Properties is not a mapping'];
  for (const p of Object.keys(Properties)) if (!known.includes(p)) problems.push(`${Type as string} has no property ${p}`);
  return [...problems, ...nestedPropertyProblems(Type as string, Properties as Record<string, unknown>)];
}

describe('the snippet checks', () => {
  it('catch a made-up operation, service, resource type and property', () => {
    expect(cliProblems('aws s3api put-bucket-encryption --bucket b')).toEqual([]);
    expect(cliProblems('aws rds modify-db-instance --db-instance-identifier x')).toEqual([]);
    expect(cliProblems('aws s3api put-bucket-encryptionn --bucket b')).toEqual(['s3api has no operation put-bucket-encryptionn']);
    expect(cliProblems('aws s4 ls')).toEqual(['unknown CLI service s4']);
    expect(cliProblems('s3api put-bucket-encryption')).toEqual(['not "aws <service> <operation>": s3api put-bucket-encryption']);
    expect(terraformProblems('resource "aws_s3_bucket_versioning" "x" {\n}')).toEqual([]);
    expect(terraformProblems('resource "aws_s3_bucket_encryption" "x" {\n}')).toEqual(['unknown resource type aws_s3_bucket_encryption']);
    expect(terraformProblems('resource "aws_sqs_queue" "x" {\n  a = {\n}')).toEqual(['2 "{" but 1 "}"']);
    expect(cloudformationProblems('Type: AWS::SQS::Queue\nProperties:\n  SqsManagedSseEnabled: true')).toEqual([]);
    expect(cloudformationProblems('Type: AWS::SQS::Queue\nProperties:\n  SqsManagedSSEEnabled: true')).toEqual(['AWS::SQS::Queue has no property SqsManagedSSEEnabled']);
    expect(cloudformationProblems('Type: AWS::SQS::Queues\nProperties: {}')).toEqual(['unknown resource type AWS::SQS::Queues']);
    expect(cloudformationProblems('Type: [')[0]).toMatch(/^not YAML/);
    expect(cloudformationProblems('Type: AWS::SQS::Queue\nProperties:\n  SqsManagedSseEnabled: true\n  KmsMasterKeyId: k')).toEqual([]);
    const cert = (key: string) => `Type: AWS::CloudFront::Distribution\nProperties:\n  DistributionConfig:\n    ViewerCertificate:\n      ${key}: sni-only`;
    expect(cloudformationProblems(cert('SslSupportMethod'))).toEqual([]);
    expect(cloudformationProblems(cert('SSLSupportMethod'))).toEqual(['AWS::CloudFront::Distribution.DistributionConfig.ViewerCertificate has no property SSLSupportMethod']);
    const origin = 'Type: AWS::CloudFront::Distribution\nProperties:\n  DistributionConfig:\n    Origins:\n      - Id: o\n        CustomOriginConfig:\n          OriginProtocolPolicy: https-only\n          OriginSslProtocols: [TLSv1.2]';
    expect(cloudformationProblems(origin)).toEqual(['AWS::CloudFront::Distribution.DistributionConfig.Origins[0].CustomOriginConfig has no property OriginSslProtocols']);
  });
});

const withSnippets = rules.filter((r) => r.rule.remediation.cli ?? r.rule.remediation.terraform ?? r.rule.remediation.cloudformation);

describe.each(withSnippets.map((r) => [r.rule.id, r.rule.remediation] as const))('rule %s', (_id, remediation) => {
  if (remediation.cli !== undefined) it('has a CLI snippet of real operations', () => expect(cliProblems(remediation.cli!)).toEqual([]));
  if (remediation.terraform !== undefined) it('has a Terraform snippet of real resource types', () => expect(terraformProblems(remediation.terraform!)).toEqual([]));
  if (remediation.cloudformation !== undefined) it('has a CloudFormation snippet of a real type and properties', () => expect(cloudformationProblems(remediation.cloudformation!)).toEqual([]));
});

/** For each form, `<rule id>: <form> …` when the rule gives neither the snippet nor a reason, or gives both. */
function coverageProblems(list: readonly { rule: { id: string; remediation: Remediation } }[]): string[] {
  return list.flatMap(({ rule }) =>
    SNIPPET_KINDS.flatMap(({ key }) => {
      const snippet = rule.remediation[key] !== undefined;
      const reason = rule.remediation.noSnippet?.[key] !== undefined;
      if (snippet && reason) return [`${rule.id}: ${key} has both a snippet and a noSnippet reason`];
      return snippet || reason ? [] : [`${rule.id}: ${key} has neither a snippet nor a noSnippet reason`];
    }),
  );
}

describe('snippet coverage', () => {
  it('finds a missing form and a form with both a snippet and a reason', () => {
    const rule = (id: string, remediation: Remediation) => ({ rule: { id, remediation } });
    expect(
      coverageProblems([
        rule('a', { text: 't', cli: 'c', terraform: 't', noSnippet: { cloudformation: 'none' } }),
        rule('b', { text: 't', cli: 'c', noSnippet: { cli: 'none', cloudformation: 'none' } }),
      ]),
    ).toEqual(['b: cli has both a snippet and a noSnippet reason', 'b: terraform has neither a snippet nor a noSnippet reason']);
  });

  it('gives every rule, for each form, a snippet or a reason why none exists (never both)', () => {
    expect(coverageProblems(rules)).toEqual([]);
  });

  it('gives every critical rule at least one snippet', () => {
    const bare = rules.filter((r) => r.rule.severity === 'critical' && !(r.rule.remediation.cli ?? r.rule.remediation.terraform ?? r.rule.remediation.cloudformation));
    expect(bare.map((r) => r.rule.id)).toEqual([]);
  });
});
