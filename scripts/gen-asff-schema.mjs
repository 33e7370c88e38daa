#!/usr/bin/env node
// Writes test/fixtures/schemas/asff-finding.schema.json: a JSON Schema (draft 2020-12) for one
// AWS Security Finding Format finding, derived from the Security Hub API model as the SDK
// (@aws-sdk/client-securityhub, pinned) types it. AWS publishes no ASFF JSON Schema; the SDK's
// AwsSecurityFinding interface says which members are required (no `?`), their types, the
// string enums, and (in TSDoc) the API reference's length constraints.
// Resource Details are not expanded (hundreds of types): `Details` is an object whose keys are
// the resource types Security Hub knows, which also gives the enum of `Resources[].Type`.
// `--check` exits 1 when the file differs from what would be written.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { writeGenerated } from './lib/write-generated.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = join(ROOT, 'test/fixtures/schemas/asff-finding.schema.json');
const require = createRequire(import.meta.url);
// The entry point is dist-cjs/index.js.
const pkgDir = dirname(dirname(require.resolve('@aws-sdk/client-securityhub')));
const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;

const program = ts.createProgram([join(pkgDir, 'dist-types/index.d.ts')], { strict: true, noEmit: true });
const checker = program.getTypeChecker();
const models = program.getSourceFiles().filter((f) => f.fileName.includes('client-securityhub/dist-types/models/'));

/** Interfaces by name, from the SDK's model files. */
const interfaces = new Map();
for (const file of models) {
  ts.forEachChild(file, (node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
  });
}

/** The API reference's length constraints, as the SDK's TSDoc repeats them. */
function lengths(doc) {
  const out = {};
  // The reference words it two ways: "Minimum length of 1" and "Minimum of 1 length".
  const min = /Minimum (?:length )?of (\d+)(?: length)?\./.exec(doc);
  const max = /Maximum (?:length )?of (\d+)(?: length)?\./.exec(doc);
  if (min) out.minLength = Number(min[1]);
  if (max) out.maxLength = Number(max[1]);
  if (/#timestamps/.test(doc)) out.format = 'date-time';
  return out;
}

/** The reference's bound on a list. */
function items(doc) {
  const max = /Array Members: Maximum number of (\d+) items/.exec(doc);
  return max ? { maxItems: Number(max[1]) } : {};
}

/** @type {Record<string, any>} */
const definitions = {};
/** Types not expanded: the resource details (see above) and free-form maps. */
const OPAQUE = new Set(['ResourceDetails']);

function schemaOf(type) {
  if (type.isUnion()) {
    const parts = type.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined));
    if (parts.length > 0 && parts.every((t) => t.isStringLiteral())) return { type: 'string', enum: parts.map((t) => t.value).sort() };
    if (parts.length === 2 && parts.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) return { type: 'boolean' };
    if (parts.length === 1) return schemaOf(parts[0]);
    return {};
  }
  if (type.flags & ts.TypeFlags.String) return { type: 'string' };
  if (type.flags & ts.TypeFlags.Number) return { type: 'number' };
  if (type.flags & ts.TypeFlags.Boolean) return { type: 'boolean' };
  if (checker.isArrayType(type)) return { type: 'array', items: schemaOf(checker.getTypeArguments(type)[0]) };
  const name = type.getSymbol()?.getName();
  if (name === 'Record' || (type.getStringIndexType() && type.getProperties().length === 0)) {
    const value = type.getStringIndexType();
    return { type: 'object', additionalProperties: value ? schemaOf(value) : true };
  }
  if (name === 'Date') return { type: 'string' };
  if (name && interfaces.has(name)) {
    define(name);
    return { $ref: `#/$defs/${name}` };
  }
  return {};
}

function define(name) {
  if (definitions[name]) return;
  const node = interfaces.get(name);
  if (OPAQUE.has(name)) {
    // Only the keys: which resource types have details.
    definitions[name] = { type: 'object', propertyNames: { enum: node.members.map((m) => m.name.getText()).sort() }, additionalProperties: { type: 'object' } };
    return;
  }
  /** @type {Record<string, object>} */
  const properties = {};
  /** @type {string[]} */
  const required = [];
  definitions[name] = { type: 'object', properties, additionalProperties: false };
  for (const member of node.members) {
    if (!ts.isPropertySignature(member)) continue;
    const key = member.name.getText();
    const doc = ts.getJSDocCommentsAndTags(member).map((d) => d.getText()).join('\n');
    const schema = schemaOf(checker.getTypeAtLocation(member));
    properties[key] = schema.type === 'string' ? { ...schema, ...lengths(doc) } : schema.type === 'array' ? { ...schema, ...items(doc) } : schema;
    if (!member.questionToken) required.push(key);
  }
  if (required.length > 0) definitions[name] = { type: 'object', properties, required, additionalProperties: false };
}

define('AwsSecurityFinding');
const resourceTypes = [...definitions.ResourceDetails.propertyNames.enum, 'Other'].sort();
definitions.Resource.properties.Type = { ...definitions.Resource.properties.Type, enum: resourceTypes };

const sorted = Object.fromEntries(Object.keys(definitions).sort().map((k) => [k, definitions[k]]));
const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $comment: `Generated by scripts/gen-asff-schema.mjs from @aws-sdk/client-securityhub ${version} (AwsSecurityFinding); do not edit.`,
  title: 'AWS Security Finding Format (one finding), derived from the Security Hub API model',
  $ref: '#/$defs/AwsSecurityFinding',
  $defs: sorted,
};
const text = `${JSON.stringify(schema, null, 1)}\n`;
writeGenerated(OUT, text, { command: 'node scripts/gen-asff-schema.mjs', summary: `wrote ${OUT} (${Object.keys(sorted).length} definitions)` });
