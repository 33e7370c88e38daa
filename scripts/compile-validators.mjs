#!/usr/bin/env node
/**
 * Compiles the JSON Schemas sealcheck validates with into plain JavaScript at
 * build time (ajv's standalone code), so a run does not spend its start-up
 * compiling them: about 120 ms of every scan. One CommonJS module per schema
 * file in dist/validators/, named by a hash of the schema's text: a schema
 * changed since the build has no module and is compiled at run time, as in
 * tests run from source (src/util/ajv.ts, `schemaValidator`).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { _ } from 'ajv/dist/compile/codegen/index.js';
import standaloneModule from 'ajv/dist/standalone/index.js';

const addFormats = addFormatsModule.default ?? addFormatsModule;
const standaloneCode = standaloneModule.default ?? standaloneModule;
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = join(ROOT, 'dist/validators');

/** The schema files: every file in schemas/ and schemas/resources/, and the rule schema. */
const files = [
  ...readdirSync(join(ROOT, 'schemas')).filter((f) => f.endsWith('.schema.json')).map((f) => join(ROOT, 'schemas', f)),
  ...readdirSync(join(ROOT, 'schemas/resources')).filter((f) => f.endsWith('.schema.json')).map((f) => join(ROOT, 'schemas/resources', f)),
  join(ROOT, 'rules/rule.schema.json'),
  join(ROOT, 'rules/cases.schema.json'),
];

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const schema = JSON.parse(text);
  // The same options as createAjv() in src/util/ajv.ts, so the validators and their errors are the same.
  const ajv = new Ajv({ allErrors: false, strict: false, allowUnionTypes: true, code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` } });
  addFormats(ajv);
  const key = 'schema';
  ajv.addSchema(schema, key);
  // The root, and each top-level definition (snapshot-validate.ts uses #/definitions/header and #/definitions/resource).
  const refs = { root: key };
  for (const section of ['definitions', '$defs']) {
    for (const name of Object.keys(schema[section] ?? {})) refs[`${section}/${name}`] = `${key}#/${section}/${name}`;
  }
  const code = standaloneCode(ajv, refs);
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  writeFileSync(join(OUT, `${hash}.cjs`), code);
}
