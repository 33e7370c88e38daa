import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { clip } from '../errors.js';

const requireModule = createRequire(import.meta.url);

/**
 * ajv itself loads when a run compiles a schema (one edited since the build, a
 * rule file's own schema); a run served by the build's compiled validators
 * never loads it.
 */
function loadAjv(): { Ajv: new (options: object) => Ajv; addFormats: (ajv: Ajv) => Ajv } {
  const { Ajv: AjvClass } = requireModule('ajv') as { Ajv: new (options: object) => Ajv };
  // ajv-formats is CommonJS whose default export is the function.
  const formats = requireModule('ajv-formats') as { default: (ajv: Ajv) => Ajv };
  return { Ajv: AjvClass, addFormats: formats.default };
}

/** A fresh ajv instance for JSON Schema draft-07 / 2019 style schemas, with formats. Each owner compiles its schemas once. */
export function createAjv(): Ajv {
  const { Ajv: AjvClass, addFormats } = loadAjv();
  const ajv = new AjvClass({ allErrors: false, strict: false, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

/** Where the build puts the schemas compiled to JavaScript (scripts/compile-validators.mjs): dist/validators, beside dist/util. */
const PRECOMPILED = fileURLToPath(new URL('../validators/', import.meta.url));

/**
 * The validator of a schema file's text, or of one of its top-level
 * definitions (`definitions/header`). Taken from the build's compiled
 * validators when one matches the text (by hash), which spares a run the
 * ajv compilation of every schema it uses; compiled here otherwise (a schema
 * edited since the build, a run from source), with the same options and so
 * the same errors.
 */
export function schemaValidator(text: string, part: 'root' | `definitions/${string}` | `$defs/${string}` = 'root'): ValidateFunction {
  const module = `${PRECOMPILED}${createHash('sha256').update(text).digest('hex').slice(0, 16)}.cjs`;
  if (existsSync(module)) {
    const compiled = (requireModule(module) as Record<string, ValidateFunction | undefined>)[part];
    if (compiled) return compiled;
  }
  const ajv = createAjv();
  const schema = JSON.parse(text) as object;
  if (part === 'root') return ajv.compile(schema);
  ajv.addSchema(schema, 'schema');
  const validate = ajv.getSchema(`schema#/${part}`);
  if (!validate) throw new Error(`schema has no ${part}`);
  return validate;
}

/** The validator of a schema file (see {@link schemaValidator}). */
export function schemaFileValidator(file: string, part?: Parameters<typeof schemaValidator>[1]): ValidateFunction {
  return schemaValidator(readFileSync(file, 'utf8'), part);
}

/** The document and schema that were validated, so an error under `oneOf`/`anyOf` can be placed in the branch that was meant. */
export interface ValidatedDocument {
  data: unknown;
  schema: unknown;
}

/**
 * One line for ajv's errors: `JSON pointer: message`, the pointer rooted at `base`.
 * Without the document, the first error; with it, the error of the branch meant (see {@link pickBranchError}).
 */
export function describeAjvErrors(errors: ErrorObject[] | null | undefined, base = '', validated?: ValidatedDocument): string {
  if (!errors || errors.length === 0) return `${base || '/'}: invalid`;
  const chosen = validated ? pickBranchError(errors, validated) : { error: errors[0]!, unknownKey: undefined };
  const { error, unknownKey } = chosen;
  let where = `${base}${error.instancePath}` || '/';
  let detail = error.message ?? 'invalid';
  if (error.keyword === 'additionalProperties') detail = `unknown property "${String((error.params as { additionalProperty?: string }).additionalProperty)}"`;
  if (error.keyword === 'enum') detail = `must be one of ${JSON.stringify((error.params as { allowedValues?: unknown[] }).allowedValues)}`;
  if (unknownKey !== undefined) {
    // The typo's own pointer, so an editor's "go to pointer" lands on it.
    where = `${base}${error.instancePath}/${unknownKey.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    detail = `unknown property "${clip(unknownKey, 60)}"`;
  }
  return `${where}: ${detail}`;
}

const COMBINATORS = new Set(['oneOf', 'anyOf', 'allOf', 'if', 'not']);

/**
 * The error a person should see among ajv's errors for a schema of alternatives
 * (a rule condition is one of `all`, `any`, `not`, a leaf test, …): every branch
 * reports, and the first report is rarely the branch meant. A branch that
 * recognised its keys goes deeper into the document, so the deepest error wins;
 * among errors at one place, the branch that knows most of the object's keys.
 * When that branch only misses a key and the object has one it does not know,
 * the unknown key is the typo to name.
 */
export function pickBranchError(errors: readonly ErrorObject[], validated: ValidatedDocument): { error: ErrorObject; unknownKey: string | undefined } {
  const concrete = errors.filter((e) => !COMBINATORS.has(e.keyword));
  if (concrete.length === 0) return { error: errors[0]!, unknownKey: undefined };
  const depth = (e: ErrorObject) => pointerSegments(e.instancePath).length;
  const deepest = Math.max(...concrete.map(depth));
  let best: { error: ErrorObject; score: number; branch: unknown } | undefined;
  for (const error of concrete) {
    if (depth(error) !== deepest) continue;
    const branch = schemaOf(error, validated.schema);
    const data = valueAtPointer(validated.data, pointerSegments(error.instancePath));
    // A type error is a branch for another kind of value: least likely the one meant.
    const score = knownKeys(branch, data).length * 2 + (error.keyword === 'type' ? 0 : 1);
    if (!best || score > best.score) best = { error, score, branch };
  }
  const { error, branch } = best!;
  if (error.keyword !== 'required') return { error, unknownKey: undefined };
  const data = valueAtPointer(validated.data, pointerSegments(error.instancePath));
  const known = new Set(knownKeys(branch, data));
  const unknownKey = isObject(data) && isObject(branch) && branch.additionalProperties === false ? Object.keys(data).find((k) => !known.has(k)) : undefined;
  return { error, unknownKey };
}

/**
 * The schema object holding the keyword that failed. ajv writes `schemaPath`
 * from the root of the definition a `$ref` entered (`#/oneOf/3/required`), so
 * the root and each definition are tried, and the one holding that keyword
 * (for `required`, naming the missing key) is taken.
 */
function schemaOf(error: ErrorObject, schema: unknown): unknown {
  const segments = pointerSegments(error.schemaPath.replace(/^#/, ''));
  const keyword = segments.at(-1);
  if (keyword === undefined || !isObject(schema)) return undefined;
  const definitions = [schema.definitions, schema.$defs].flatMap((d) => (isObject(d) ? Object.values(d) : []));
  const missing = (error.params as { missingProperty?: unknown }).missingProperty;
  for (const root of [schema, ...definitions]) {
    const node = valueAtPointer(root, segments.slice(0, -1));
    if (!isObject(node) || !Object.hasOwn(node, keyword)) continue;
    if (error.keyword === 'required' && !(Array.isArray(node.required) && node.required.includes(missing))) continue;
    return node;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The keys of `data` that `schema` declares under `properties`. */
function knownKeys(schema: unknown, data: unknown): string[] {
  if (!isObject(schema) || !isObject(schema.properties) || !isObject(data)) return [];
  const properties = schema.properties;
  return Object.keys(data).filter((k) => Object.hasOwn(properties, k));
}

function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAtPointer(value: unknown, segments: readonly string[]): unknown {
  let node = value;
  for (const key of segments) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
