#!/usr/bin/env node
// Writes test/fixtures/schemas/ocsf-compliance-finding.schema.json: a JSON Schema (draft 2020-12)
// for one OCSF Compliance Finding event (class 2003), compiled from the OCSF schema's own
// definitions vendored in test/fixtures/schemas/ocsf-1.8.0/ (ocsf/ocsf-schema at its 1.8.0
// release, Apache-2.0, see the NOTICE there): the class and the classes it extends, their
// profile includes, the objects they reach (with what those extend), and the dictionary's
// attribute types. Required attributes are required; enumerated ids take their listed values;
// no attribute OCSF does not define is allowed, so a misspelt field fails.
// `--check` exits 1 when the file differs from what would be written.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeGenerated } from './lib/write-generated.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OCSF = join(ROOT, 'test/fixtures/schemas/ocsf-1.8.0');
const OUT = join(ROOT, 'test/fixtures/schemas/ocsf-compliance-finding.schema.json');

const read = (path) => JSON.parse(readFileSync(join(OCSF, path), 'utf8'));
const version = read('version.json').version;
const dictionary = read('dictionary.json');
const categories = read('categories.json');

/** The profiles sealcheck's events declare in `metadata.profiles`: their attributes keep their requirement. */
const APPLIED_PROFILES = ['cloud'];

/**
 * An attribute map with its `$include`s (profile files) merged in; the file's own entries win.
 * An attribute a profile brings is tagged with it: it binds only events that declare the profile.
 */
function expand(attributes) {
  const out = {};
  for (const include of attributes.$include ?? []) {
    const profile = read(include).name;
    for (const [name, spec] of Object.entries(expand(read(include).attributes))) out[name] = { profile, ...spec };
  }
  for (const [name, spec] of Object.entries(attributes)) if (name !== '$include') out[name] = { ...out[name], ...spec };
  return out;
}

/** A definition's attributes, those of what it extends first. */
function attributesOf(definition, load) {
  const own = expand(definition.attributes ?? {});
  if (!definition.extends) return own;
  const parent = attributesOf(load(definition.extends), load);
  const merged = { ...parent };
  for (const [name, spec] of Object.entries(own)) merged[name] = { ...parent[name], ...spec };
  return merged;
}

const loadEvent = (name) => read(name === 'base_event' ? 'events/base_event.json' : `events/findings/${name}.json`);
const loadObject = (name) => read(`objects/${name}.json`);

/** The JSON type of a dictionary type, following `type` to the base type. */
function baseType(type) {
  const spec = dictionary.types.attributes[type];
  if (!spec) throw new Error(`dictionary: unknown type ${type}`);
  return spec.type ? baseType(spec.type) : type;
}

const BASE = {
  string_t: { type: 'string' },
  integer_t: { type: 'integer' },
  long_t: { type: 'integer' },
  float_t: { type: 'number' },
  boolean_t: { type: 'boolean' },
  json_t: {},
};

const defs = {};

function attributeSchema(name, spec) {
  const entry = dictionary.attributes[name];
  if (!entry) throw new Error(`dictionary: unknown attribute ${name}`);
  const type = spec.type ?? entry.type;
  let schema;
  // An object attribute names its object as `object_type` (with type object_t) or as its type.
  if (type === 'object_t' || !dictionary.types.attributes[type]) {
    const objectType = type === 'object_t' ? (spec.object_type ?? entry.object_type) : type;
    defineObject(objectType);
    schema = { $ref: `#/$defs/${objectType}` };
  } else {
    schema = { ...BASE[baseType(type)] };
    const values = spec.enum ?? entry.enum;
    // Enumerated ids are integers listed by value; strings with an enum are captions and stay free text.
    if (values && schema.type === 'integer') schema.enum = Object.keys(values).map(Number).sort((a, b) => a - b);
  }
  return (spec.is_array ?? entry.is_array) ? { type: 'array', items: schema } : schema;
}

function objectOf(attributes) {
  const properties = {};
  const required = [];
  for (const [name, spec] of Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b))) {
    properties[name] = attributeSchema(name, spec);
    if (spec.requirement === 'required' && (!spec.profile || APPLIED_PROFILES.includes(spec.profile))) required.push(name);
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

function defineObject(name) {
  if (defs[name]) return;
  defs[name] = {};
  defs[name] = objectOf(attributesOf(loadObject(name), loadObject));
}

const cls = loadEvent('compliance_finding');
const parent = loadEvent(cls.extends);
const category = categories.attributes[cls.category ?? parent.category];
const classUid = category.uid * 1000 + cls.uid;
const event = objectOf(attributesOf(cls, loadEvent));
event.properties.class_uid = { const: classUid };
event.properties.category_uid = { const: category.uid };
// type_uid is class_uid * 100 + activity_id.
event.properties.type_uid = { enum: event.properties.activity_id.enum.map((a) => classUid * 100 + a) };

const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $comment: `Generated by scripts/gen-ocsf-schema.mjs from the OCSF schema ${version} (test/fixtures/schemas/ocsf-1.8.0); do not edit.`,
  title: `OCSF ${version} Compliance Finding (class_uid ${classUid})`,
  ...event,
  $defs: Object.fromEntries(Object.keys(defs).sort().map((k) => [k, defs[k]])),
};
const text = `${JSON.stringify(schema, null, 1)}\n`;
writeGenerated(OUT, text, { command: 'node scripts/gen-ocsf-schema.mjs', summary: `wrote ${OUT} (${Object.keys(defs).length} objects: ${Object.keys(defs).sort().join(' ')})` });
