import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { RuleLoadError, clip } from '../errors.js';
import { RULES_DIR } from '../paths.js';
import { describeAjvErrors, schemaValidator } from '../util/ajv.js';
import { NON_FINITE_NUMBER, nonFiniteNumberAt } from '../util/finite-numbers.js';
import { jsonErrorLocation } from '../util/json-location.js';

/**
 * Reading the JSON documents of a rules folder (rule files and case files),
 * which may come from someone the user does not fully trust: every problem is
 * a RuleLoadError naming the file and the line or JSON pointer.
 */

/** A schema's validator, and the schema itself to place errors under its alternatives. */
export interface LoadedSchema {
  validate: ValidateFunction;
  schema: unknown;
}

/** A schema beside the bundled rules (`rules/<name>`), compiled on first use and kept. */
export function lazySchema(name: string): () => LoadedSchema {
  let loaded: LoadedSchema | undefined;
  return () => {
    if (!loaded) {
      const text = readFileSync(join(RULES_DIR, name), 'utf8');
      loaded = { validate: schemaValidator(text), schema: JSON.parse(text) as unknown };
    }
    return loaded;
  };
}

/** Deepest nesting of objects and arrays a rule file may have; far above any real condition tree, far below the stack. */
const MAX_RULE_DEPTH = 64;

/** Whether `value` nests deeper than `max`, measured without recursion (a 20,000-deep file must not overflow the stack here either). */
function nestsDeeper(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Parses a rules-folder document and checks it against `schema`: JSON, nesting depth, finite numbers, then the schema. */
export function readRuleDocument(path: string, label: string, schema: () => LoadedSchema): unknown {
  const text = readFileSync(path, 'utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const { line, column, detail } = jsonErrorLocation(text, error);
    throw new RuleLoadError(`${label}:${line}:${column}: not valid JSON: ${clip(detail)}`);
  }
  if (nestsDeeper(doc, MAX_RULE_DEPTH)) throw new RuleLoadError(`${label}: nested more than ${MAX_RULE_DEPTH} levels deep`);
  const infinite = nonFiniteNumberAt(doc);
  if (infinite !== undefined) throw new RuleLoadError(`${label}: ${infinite}: ${NON_FINITE_NUMBER}`);
  const { validate, schema: document } = schema();
  if (!validate(doc)) throw new RuleLoadError(`${label}: ${describeAjvErrors(validate.errors, '', { data: doc, schema: document })}`);
  return doc;
}
