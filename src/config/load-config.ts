import { access } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { ConfigError, clip } from '../errors.js';
import { SCHEMAS_DIR } from '../paths.js';
import { schemaFileValidator } from '../util/ajv.js';
import { isS3Location } from '../util/storage/location.js';
import { LIMIT_VARIABLES, readBoundedText, readLimits } from '../util/bounded-read.js';
import { formatProblem, locateAjvError, pickAjvError, type LocatedProblem } from '../util/ajv-location.js';
import type { LoadedConfig, SealcheckConfig } from './config-types.js';
import { OUTPUT_PLACEHOLDERS, unknownPlaceholders } from './output-dir.js';
import { idMatches } from './select-rules.js';
import { parseSource, type SourceDocument } from '../util/source-document.js';

/** Names looked for in the working directory, in order; finding two is an error rather than a silent pick. */
export const CONFIG_FILE_NAMES = ['sealcheck.config.yaml', 'sealcheck.config.yml', 'sealcheck.config.json'] as const;

let validator: ValidateFunction | undefined;

function validateConfig(): ValidateFunction {
  validator ??= schemaFileValidator(join(SCHEMAS_DIR, 'config.schema.json'));
  return validator;
}

export interface ConfigCheckOptions {
  /** Ids of the rule catalogue; rule ids and patterns in the file must name at least one. Omit to skip the check. */
  knownRuleIds?: Iterable<string>;
}

/** Checks the schema cannot express, each placed on its line. Returns the first problem. */
function checkMeaning(doc: SourceDocument, config: SealcheckConfig, options: ConfigCheckOptions): LocatedProblem | undefined {
  const at = (pointer: string, message: string): LocatedProblem => ({ line: doc.lineOf(pointer), pointer, message });
  if (config.accounts && config.organization) return at('/organization', 'give either "accounts" or "organization", not both');
  if (config.organization && !config.role) return at('/organization', '"organization" needs "role": the role to assume in each member account');
  const dir = config.output?.dir;
  if (dir !== undefined) {
    const unknown = unknownPlaceholders(dir)[0];
    if (unknown !== undefined) return at('/output/dir', `unknown placeholder {${clip(unknown, 40)}} (known: ${OUTPUT_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`);
  }
  if (config.source?.type !== 'snapshot' && config.source?.snapshot !== undefined) return at('/source/snapshot', '"snapshot" only applies with type: snapshot');
  if (config.source?.type !== 'config-aggregator' && config.source?.aggregator !== undefined) {
    return at('/source/aggregator', '"aggregator" only applies with type: config-aggregator');
  }
  if (options.knownRuleIds) {
    const known = [...options.knownRuleIds];
    const knownSet = new Set(known);
    for (const part of ['include', 'exclude'] as const) {
      const ids = config.rules?.[part]?.ids ?? [];
      const i = ids.findIndex((p) => !known.some((id) => idMatches(id, [p])));
      if (i >= 0) return at(`/rules/${part}/ids/${i}`, `"${clip(ids[i]!, 80)}" matches no rule id`);
    }
    const unknownOverride = Object.keys(config.rules?.severityOverrides ?? {}).find((id) => !knownSet.has(id));
    if (unknownOverride !== undefined) {
      return { line: doc.keyLineOf('/rules/severityOverrides', unknownOverride), pointer: `/rules/severityOverrides/${unknownOverride}`, message: `unknown rule id "${clip(unknownOverride, 80)}"` };
    }
  }
  return undefined;
}

/** Makes the file's relative paths absolute against its folder, so the config means the same from any working directory. */
function resolvePaths(config: SealcheckConfig, base: string): SealcheckConfig {
  // An s3:// location is not a path: it stays as written.
  const r = (p: string | undefined) => (p === undefined ? undefined : isS3Location(p) ? p : resolve(base, p));
  const out = structuredClone(config);
  if (out.source?.snapshot !== undefined) out.source.snapshot = r(out.source.snapshot);
  if (out.output?.dir !== undefined) out.output.dir = r(out.output.dir);
  if (out.gate?.baseline !== undefined) out.gate.baseline = r(out.gate.baseline);
  if (out.gate?.suppressions !== undefined) out.gate.suppressions = r(out.gate.suppressions);
  if (out.history !== undefined) out.history = r(out.history);
  return out;
}

/**
 * Parses and checks config text. Throws one ConfigError, `file:line: pointer: message`,
 * for the first mistake (syntax, schema, or meaning). Paths stay as written.
 */
export function parseConfig(text: string, file: string, options: ConfigCheckOptions = {}): SealcheckConfig {
  const parsed = parseSource(text, file);
  if (!parsed.ok) throw new ConfigError(`${file}:${parsed.problem.line}:${parsed.problem.column}: ${parsed.problem.message}`);
  const doc = parsed.document;
  if (doc.value === null || doc.value === undefined) return {};
  const validate = validateConfig();
  if (!validate(doc.value)) throw new ConfigError(formatProblem(file, locateAjvError(doc, pickAjvError(validate.errors!)!)));
  const config = doc.value as SealcheckConfig;
  const problem = checkMeaning(doc, config, options);
  if (problem) throw new ConfigError(formatProblem(file, problem));
  return config;
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

/** The config file in `cwd`, if there is exactly one; two candidates are an error. */
export async function findConfigFile(cwd: string = process.cwd()): Promise<string | undefined> {
  const found: string[] = [];
  for (const name of CONFIG_FILE_NAMES) if (await exists(join(cwd, name))) found.push(join(cwd, name));
  if (found.length > 1) throw new ConfigError(`${cwd}: found ${found.length} config files (${found.map((f) => f.slice(cwd.length + 1)).join(', ')}): keep one or pass --config`);
  return found[0];
}

/**
 * Loads `path`, or the config file in `cwd` when no path is given.
 * Returns undefined when no path was given and none exists: a config file is optional.
 */
export async function loadConfig(path?: string, options: ConfigCheckOptions & { cwd?: string } = {}): Promise<LoadedConfig | undefined> {
  const file = path ?? (await findConfigFile(options.cwd));
  if (file === undefined) return undefined;
  // Capped: YAML parsing time and memory grow far faster than the file (25 MB took 30 s and 2 GB).
  const text = await readBoundedText(file, readLimits().settingsBytes, LIMIT_VARIABLES.settingsBytes);
  const config = parseConfig(text, file, options);
  return { file, config: resolvePaths(config, dirname(resolve(file))) };
}
