import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats ships CommonJS with a default export that NodeNext sees as the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** A fresh ajv instance for JSON Schema draft-07 / 2019 style schemas, with formats. Each owner compiles its schemas once. */
export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: false, strict: false, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
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
