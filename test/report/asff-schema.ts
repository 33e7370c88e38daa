import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

/**
 * Validates ASFF findings against the schema generated from the Security Hub
 * API model (scripts/gen-asff-schema.mjs, from the SDK's AwsSecurityFinding).
 */

// Both packages ship CommonJS whose default export NodeNext sees as the module object.
type AjvLike = { compile(schema: object): ValidateFunction };
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as new (opts: object) => AjvLike;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: AjvLike) => void;

export const ASFF_SCHEMA_FILE = fileURLToPath(new URL('../fixtures/schemas/asff-finding.schema.json', import.meta.url));

let compiled: ValidateFunction | undefined;

/** The schema's complaints about each finding, as `<index><path>: <message>`; empty when all are valid. */
export function asffSchemaErrors(findings: readonly unknown[]): string[] {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    compiled = ajv.compile(JSON.parse(readFileSync(ASFF_SCHEMA_FILE, 'utf8')) as object);
  }
  const validate = compiled;
  return findings.flatMap((f, i) => (validate(f) ? [] : (validate.errors ?? []).map((e) => `${i}${e.instancePath}: ${e.message ?? ''}`)));
}
