import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { RuleLoadError, clip } from '../errors.js';
import { RULES_DIR } from '../paths.js';
import { describeAjvErrors, schemaFileValidator } from '../util/ajv.js';
import { jsonErrorLocation } from '../util/json-location.js';
import { compileRule } from './compile-rule.js';
import type { LoadedRule, RuleFile } from './rule-types.js';

let validateRuleFile: ValidateFunction | undefined;

function ruleValidator(): ValidateFunction {
  if (!validateRuleFile) {
    validateRuleFile = schemaFileValidator(join(RULES_DIR, 'rule.schema.json'));
  }
  return validateRuleFile;
}

/** Rule files under `dir`: `<service>/<rule-id>.json`, leaving out case files and the schema. */
export function ruleFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    throw new RuleLoadError(`${dir}: cannot read the rules folder`);
  }
  const files: string[] = [];
  for (const entry of entries.sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) files.push(...ruleFiles(path));
    else if (entry.endsWith('.json') && !entry.endsWith('.cases.json') && entry !== 'rule.schema.json') files.push(path);
  }
  return files;
}

/** Reads and checks one rule file: JSON, the rule schema, id = file name = service prefix, and a full compile (paths against schemas). */
export function loadRuleFile(path: string, service: string, label = path): LoadedRule {
  const text = readFileSync(path, 'utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const { line, column, detail } = jsonErrorLocation(text, error);
    throw new RuleLoadError(`${label}:${line}:${column}: not valid JSON: ${clip(detail)}`);
  }
  const validate = ruleValidator();
  if (!validate(doc)) throw new RuleLoadError(`${label}: ${describeAjvErrors(validate.errors)}`);
  const rule = doc as RuleFile;
  const expectedId = basename(path, '.json');
  if (rule.id !== expectedId) throw new RuleLoadError(`${label}: /id: "${clip(rule.id)}" must equal the file name "${expectedId}"`);
  if (!rule.id.startsWith(`${service}-`)) throw new RuleLoadError(`${label}: /id: "${rule.id}" must start with its service folder "${service}-"`);
  const loaded = { file: path, service, rule };
  compileRule(loaded, { now: Date.now(), label });
  return loaded;
}

/** Loads every rule under `dir` (default: the bundled catalogue), failing closed on the first bad file. */
export function loadRules(dir: string = RULES_DIR): LoadedRule[] {
  const seen = new Map<string, string>();
  const rules: LoadedRule[] = [];
  for (const file of ruleFiles(dir)) {
    const rel = relative(dir, file);
    const service = rel.includes('/') ? rel.split('/')[0]! : basename(dir);
    const label = relative(process.cwd(), file) || file;
    const loaded = loadRuleFile(file, service, label);
    const previous = seen.get(loaded.rule.id);
    if (previous) throw new RuleLoadError(`${label}: /id: "${loaded.rule.id}" is already defined in ${previous}`);
    seen.set(loaded.rule.id, label);
    rules.push(loaded);
  }
  if (rules.length === 0) throw new RuleLoadError(`${dir}: no rule files found`);
  return rules;
}
