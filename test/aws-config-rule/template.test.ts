import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/engine/load-rules.js';
import { CONFIG_MAPPERS, modelTypeOf } from '../../src/inventory/config-map/mappers.js';
import { ROOT } from '../cli/run-cli.js';

/**
 * The CloudFormation template is checked against the CloudFormation Resource Specification
 * (the machine-readable one AWS publishes, as the pinned npm package @aws-cdk/cfnspec ships it):
 * resource types, property names and types, required properties, and every Ref, GetAtt and Sub
 * pointing at something that exists.
 */

interface PropSpec {
  PrimitiveType?: string;
  Type?: string;
  ItemType?: string;
  PrimitiveItemType?: string;
  Required?: boolean;
}
interface TypeSpec {
  Properties?: Record<string, PropSpec>;
  Attributes?: Record<string, unknown>;
}
interface Spec {
  ResourceSpecificationVersion: string;
  ResourceTypes: Record<string, TypeSpec>;
  PropertyTypes: Record<string, TypeSpec>;
}
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Template {
  Parameters: Record<string, { Type: string }>;
  Resources: Record<string, { Type: string; DependsOn?: string | string[]; Properties?: Record<string, Json> }>;
  Outputs?: Record<string, { Value: Json }>;
  [key: string]: unknown;
}

const SPEC = createRequire(import.meta.url)('@aws-cdk/cfnspec/spec/specification.json') as Spec;
const TEMPLATE_FILE = join(ROOT, 'deploy/aws-config-rule/template.json');
const template = JSON.parse(readFileSync(TEMPLATE_FILE, 'utf8')) as Template;

const TOP_LEVEL = ['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Transform', 'Resources', 'Outputs'];
const RESOURCE_KEYS = ['Type', 'Properties', 'DependsOn', 'Condition', 'Metadata', 'DeletionPolicy', 'UpdateReplacePolicy', 'CreationPolicy', 'UpdatePolicy'];
const PARAMETER_TYPES = ['String', 'Number', 'List<Number>', 'CommaDelimitedList'];
const PSEUDO = ['AWS::AccountId', 'AWS::Region', 'AWS::Partition', 'AWS::StackName', 'AWS::StackId', 'AWS::URLSuffix', 'AWS::NoValue', 'AWS::NotificationARNs'];

/** Every problem of a template against the specification, as `path: problem`. */
function validate(t: Template, spec: Spec): string[] {
  const problems: string[] = [];
  const say = (path: string, problem: string) => problems.push(`${path}: ${problem}`);
  for (const key of Object.keys(t)) if (!TOP_LEVEL.includes(key)) say(`/${key}`, 'not a template section');
  for (const [name, p] of Object.entries(t.Parameters)) if (!PARAMETER_TYPES.includes(p.Type)) say(`/Parameters/${name}/Type`, `unknown parameter type ${p.Type}`);
  const refTargets = new Set([...Object.keys(t.Parameters), ...Object.keys(t.Resources), ...PSEUDO]);

  /** An intrinsic function: checks its targets; returns false when the value is not one. */
  const intrinsic = (v: Json, path: string): boolean => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
    const keys = Object.keys(v);
    const fn = keys[0];
    if (keys.length !== 1 || fn === undefined || !(fn === 'Ref' || fn.startsWith('Fn::'))) return false;
    const arg = v[fn]!;
    if (fn === 'Ref') {
      if (typeof arg !== 'string' || !refTargets.has(arg)) say(path, `Ref to unknown ${JSON.stringify(arg)}`);
    } else if (fn === 'Fn::GetAtt') {
      const [res, attr] = Array.isArray(arg) ? arg : [];
      const type = typeof res === 'string' ? t.Resources[res]?.Type : undefined;
      if (!type || typeof attr !== 'string' || !Object.hasOwn(spec.ResourceTypes[type]?.Attributes ?? {}, attr)) say(path, `GetAtt of unknown ${JSON.stringify(arg)}`);
    } else if (fn === 'Fn::Sub') {
      if (typeof arg !== 'string') say(path, 'Fn::Sub with variables is not used here');
      else for (const [, name] of arg.matchAll(/\$\{([^}!]+)\}/g)) if (!refTargets.has(name!)) say(path, `Sub of unknown \${${name}}`);
    } else say(path, `intrinsic ${fn} is not checked by this test`);
    return true;
  };

  /** Intrinsics anywhere inside a Json value (a policy document, InputParameters). */
  const walkJson = (v: Json, path: string): void => {
    if (intrinsic(v, path)) return;
    if (Array.isArray(v)) v.forEach((x, i) => walkJson(x, `${path}/${i}`));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walkJson(x, `${path}/${k}`);
  };

  const primitive = (v: Json, kind: string, path: string) => {
    if (intrinsic(v, path)) return;
    const ok =
      kind === 'String' ? typeof v === 'string'
      : kind === 'Integer' || kind === 'Long' || kind === 'Double' ? typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v))
      : kind === 'Boolean' ? typeof v === 'boolean' || v === 'true' || v === 'false'
      : kind === 'Json' ? v !== null && typeof v === 'object'
      : kind === 'Timestamp' ? typeof v === 'string'
      : false;
    if (!ok) say(path, `expected ${kind}, got ${JSON.stringify(v)}`);
    if (kind === 'Json') walkJson(v, path);
  };

  const structure = (v: Json, resourceType: string, typeName: string, path: string) => {
    if (intrinsic(v, path)) return;
    const s = spec.PropertyTypes[`${resourceType}.${typeName}`] ?? spec.PropertyTypes[typeName];
    if (!s) return say(path, `no property type ${typeName} in the specification`);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return say(path, `expected a ${typeName} object`);
    properties(v, s, resourceType, path);
  };

  const value = (v: Json, p: PropSpec, resourceType: string, path: string) => {
    if (p.PrimitiveType) return primitive(v, p.PrimitiveType, path);
    if (p.Type === 'List' || p.Type === 'Map') {
      if (intrinsic(v, path)) return;
      const items = p.Type === 'List' ? (Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : undefined) : v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v) : undefined;
      if (!items) return say(path, `expected a ${p.Type}`);
      for (const [k, x] of items) {
        if (p.PrimitiveItemType) primitive(x, p.PrimitiveItemType, `${path}/${k}`);
        else structure(x, resourceType, p.ItemType ?? '', `${path}/${k}`);
      }
      return;
    }
    structure(v, resourceType, p.Type ?? '', path);
  };

  function properties(obj: Record<string, Json>, s: TypeSpec, resourceType: string, path: string) {
    const known = s.Properties ?? {};
    for (const [k, v] of Object.entries(obj)) {
      const p = known[k];
      if (!p) say(`${path}/${k}`, `not a property of ${resourceType} in the specification`);
      else value(v, p, resourceType, `${path}/${k}`);
    }
    for (const [k, p] of Object.entries(known)) if (p.Required && !(k in obj)) say(`${path}/${k}`, 'required');
  }

  for (const [name, r] of Object.entries(t.Resources)) {
    const path = `/Resources/${name}`;
    for (const key of Object.keys(r)) if (!RESOURCE_KEYS.includes(key)) say(`${path}/${key}`, 'not a resource attribute');
    const s = spec.ResourceTypes[r.Type];
    if (!s) {
      say(`${path}/Type`, `unknown resource type ${r.Type}`);
      continue;
    }
    for (const d of [r.DependsOn ?? []].flat()) if (!Object.hasOwn(t.Resources, d)) say(`${path}/DependsOn`, `unknown resource ${d}`);
    properties(r.Properties ?? {}, s, r.Type, `${path}/Properties`);
  }
  for (const [name, o] of Object.entries(t.Outputs ?? {})) walkJson(o.Value, `/Outputs/${name}/Value`);
  return problems;
}

const resourcesOf = (type: string) => Object.entries(template.Resources).filter(([, r]) => r.Type === type);

describe('deploy/aws-config-rule/template.json', () => {
  it('is valid by the CloudFormation Resource Specification', () => {
    expect(SPEC.ResourceSpecificationVersion).toBe('117.0.0');
    expect(validate(template, SPEC)).toEqual([]);
  });

  it('the check finds what is wrong: an unknown property, a missing required one, a wrong type, a Ref or GetAtt to nothing', () => {
    const broken = structuredClone(template);
    const fn = broken.Resources.Function!.Properties!;
    fn.Runtim = 'nodejs20.x';
    delete fn.Role;
    fn.MemorySize = 'a lot';
    fn.Code = { S3Bucket: { Ref: 'NoSuchParameter' } };
    broken.Resources.ConfigInvokePermission!.Properties!.FunctionName = { 'Fn::GetAtt': ['Function', 'NoSuchAttribute'] };
    expect(validate(broken, SPEC)).toEqual([
      '/Resources/Function/Properties/MemorySize: expected Integer, got "a lot"',
      '/Resources/Function/Properties/Code/S3Bucket: Ref to unknown "NoSuchParameter"',
      '/Resources/Function/Properties/Runtim: not a property of AWS::Lambda::Function in the specification',
      '/Resources/Function/Properties/Role: required',
      '/Resources/ConfigInvokePermission/Properties/FunctionName: GetAtt of unknown ["Function","NoSuchAttribute"]',
    ]);
  });

  it("grants the function's role exactly the AWS Config calls the handler makes, and writing to its own log group", () => {
    const dir = join(ROOT, 'src/aws-config-rule');
    const calls = new Set(readdirSync(dir).flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/new (\w+)Command\(/g)].map((m) => `config:${m[1]}`)));
    const [[, role]] = resourcesOf('AWS::IAM::Role') as unknown as [[string, { Properties: { Policies: { PolicyDocument: { Statement: { Action: string[]; Resource: Json }[] } }[] } }]];
    const statements = role.Properties.Policies.flatMap((p) => p.PolicyDocument.Statement);
    const actions = statements.flatMap((s) => s.Action);
    expect(actions.filter((a) => a.startsWith('config:')).sort()).toEqual([...calls].sort());
    expect([...calls].sort()).toEqual(['config:BatchGetResourceConfig', 'config:GetResourceConfigHistory', 'config:ListDiscoveredResources', 'config:PutEvaluations']);
    expect(statements.filter((s) => s.Action.some((a) => a.startsWith('logs:')))).toEqual([
      expect.objectContaining({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': ['LogGroup', 'Arn'] } }),
    ]);
    expect(actions.filter((a) => !a.startsWith('config:') && !a.startsWith('logs:'))).toEqual([]);
  });

  it('has one Config rule per resource type sealcheck rules cover and AWS Config records, each triggered by changes, oversized items and the schedule', () => {
    const covered = new Set(loadRules().flatMap((r) => r.rule.resourceTypes));
    const recorded = Object.keys(CONFIG_MAPPERS).filter((t) => covered.has(modelTypeOf(t)));
    const rules = resourcesOf('AWS::Config::ConfigRule').map(([, r]) => r.Properties as { Scope: { ComplianceResourceTypes: string[] }; InputParameters: { resourceTypes: string }; Source: { SourceDetails: { MessageType: string }[] } });
    expect(rules.map((r) => r.Scope.ComplianceResourceTypes).sort()).toEqual(recorded.map((t) => [t]).sort());
    for (const r of rules) {
      expect(r.InputParameters.resourceTypes).toBe(r.Scope.ComplianceResourceTypes[0]);
      expect(r.Source.SourceDetails.map((d) => d.MessageType)).toEqual(['ConfigurationItemChangeNotification', 'OversizedConfigurationItemChangeNotification', 'ScheduledNotification']);
    }
  });
});
