import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

/**
 * Validates ASFF findings against the schema generated from the Security Hub
 * API model (scripts/gen-asff-schema.mjs, from the SDK's AwsSecurityFinding),
 * and OCSF events against the one compiled from the vendored OCSF schema
 * (scripts/gen-ocsf-schema.mjs). Both are JSON Schema 2020-12.
 */

// Both packages ship CommonJS whose default export NodeNext sees as the module object.
type AjvLike = { compile(schema: object): ValidateFunction };
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as new (opts: object) => AjvLike;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: AjvLike) => void;

export const ASFF_SCHEMA_FILE = fileURLToPath(new URL('../fixtures/schemas/asff-finding.schema.json', import.meta.url));
export const OCSF_SCHEMA_FILE = fileURLToPath(new URL('../fixtures/schemas/ocsf-compliance-finding.schema.json', import.meta.url));

const compiled = new Map<string, ValidateFunction>();

/** The complaints of the schema in `file` about each item, as `<index><path>: <message>`; empty when all are valid. */
function schemaErrors(file: string, items: readonly unknown[]): string[] {
  let validate = compiled.get(file);
  if (!validate) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(file, 'utf8')) as object);
    compiled.set(file, validate);
  }
  const check = validate;
  return items.flatMap((f, i) => (check(f) ? [] : (check.errors ?? []).map((e) => `${i}${e.instancePath}: ${e.message ?? ''}`)));
}

/** The ASFF schema's complaints about each finding. */
export const asffSchemaErrors = (findings: readonly unknown[]): string[] => schemaErrors(ASFF_SCHEMA_FILE, findings);

/** The OCSF Compliance Finding schema's complaints about each event. */
export const ocsfSchemaErrors = (events: readonly unknown[]): string[] => schemaErrors(OCSF_SCHEMA_FILE, events);
