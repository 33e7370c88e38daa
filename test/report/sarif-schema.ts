import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

/**
 * Validates SARIF against the official OASIS SARIF 2.1.0 schema (JSON Schema
 * draft-04), vendored with its notice in `test/fixtures/schemas/` so that the
 * tests need nothing outside the repository. Reused by every test that writes SARIF.
 */

// Both packages ship CommonJS whose default export NodeNext sees as the module object.
type AjvLike = { compile(schema: object): ValidateFunction };
const Ajv04 = ((AjvDraft04Module as unknown as { default?: unknown }).default ?? AjvDraft04Module) as new (opts: object) => AjvLike;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: AjvLike) => void;

export const SARIF_SCHEMA_FILE = fileURLToPath(new URL('../fixtures/schemas/sarif-schema-2.1.0.json', import.meta.url));

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv04({ allErrors: true, strict: false });
    addFormats(ajv);
    compiled = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA_FILE, 'utf8')) as object);
  }
  return compiled;
}

/** Schema violations of a SARIF log as `pointer: message` lines; empty when valid. */
export function sarifSchemaErrors(log: unknown): string[] {
  const validate = validator();
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'} ${JSON.stringify(e.params)}`);
}

/**
 * The extra rules GitHub code scanning applies on upload beyond the schema:
 * every result has a physical location with a non-empty relative URI and a
 * start line, rule indexes resolve, and the run stays within the limits.
 */
export function codeScanningErrors(log: { runs?: { results?: unknown[]; tool?: { driver?: { rules?: { id: string }[] } } }[] }): string[] {
  const errors: string[] = [];
  for (const [ri, run] of (log.runs ?? []).entries()) {
    const rules = run.tool?.driver?.rules ?? [];
    if ((run.results ?? []).length > 25_000) errors.push(`/runs/${ri}: more than 25000 results`);
    for (const [i, raw] of (run.results ?? []).entries()) {
      const r = raw as { ruleId?: string; ruleIndex?: number; locations?: { physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }[] };
      const where = `/runs/${ri}/results/${i}`;
      const pl = r.locations?.[0]?.physicalLocation;
      const uri = pl?.artifactLocation?.uri;
      if (!uri) errors.push(`${where}: no physicalLocation.artifactLocation.uri`);
      else if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('/')) errors.push(`${where}: uri is not relative: ${uri.slice(0, 80)}`);
      if (!pl?.region?.startLine || pl.region.startLine < 1) errors.push(`${where}: no region.startLine`);
      if (r.ruleIndex === undefined || rules[r.ruleIndex]?.id !== r.ruleId) errors.push(`${where}: ruleIndex does not resolve to ruleId`);
    }
  }
  return errors;
}
