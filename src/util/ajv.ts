import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats ships CommonJS with a default export that NodeNext sees as the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** A fresh ajv instance for JSON Schema draft-07 / 2019 style schemas, with formats. Each owner compiles its schemas once. */
export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: false, strict: false, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

/** Where the build puts the schemas compiled to JavaScript (scripts/compile-validators.mjs): dist/validators, beside dist/util. */
const PRECOMPILED = fileURLToPath(new URL('../validators/', import.meta.url));
const requireModule = createRequire(import.meta.url);

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

/** One line per ajv error: `JSON pointer: message`, the pointer rooted at `base`. */
export function describeAjvErrors(errors: ErrorObject[] | null | undefined, base = ''): string {
  if (!errors || errors.length === 0) return `${base || '/'}: invalid`;
  const first = errors[0]!;
  const where = `${base}${first.instancePath}` || '/';
  let detail = first.message ?? 'invalid';
  if (first.keyword === 'additionalProperties') detail = `unknown property "${String((first.params as { additionalProperty?: string }).additionalProperty)}"`;
  if (first.keyword === 'enum') detail = `must be one of ${JSON.stringify((first.params as { allowedValues?: unknown[] }).allowedValues)}`;
  return `${where}: ${detail}`;
}
