import type { Severity } from '../engine/result.js';
import { UsageError } from '../errors.js';
import type { CliOverrides } from './merge-options.js';
import { frameworkIds, loadFramework } from '../report/frameworks.js';
import { FRAMEWORK_ALIASES } from './select-rules.js';

/** The command line's rule selection (`--rules-include`, `--rules-exclude`, `--severity`, `--compliance`), read into overrides of the config file's. */

/** Which rules to select. */
export interface RuleSelectionFlags {
  rulesInclude?: string;
  rulesExclude?: string;
  severity?: Severity;
  compliance?: string;
}

/** A comma-separated option as a list; an empty one is a usage error naming the option. */
export function listOption(name: string, value: string): string[] {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new UsageError(`${name}: give at least one value`);
  return items;
}

/** The framework names `--compliance` and the config file accept: the mapping files' ids (frameworks/) and the aliases. */
export function knownFrameworks(): string[] {
  return [...frameworkIds(), ...Object.keys(FRAMEWORK_ALIASES)];
}

/**
 * Checks framework names, so a typo is an error rather than a selection of
 * nothing. A framework whose rules cite it through their Security Hub
 * controls (FSBP) becomes the `security-hub:<control>` specs of its requirements.
 */
function frameworks(value: string): string[] {
  const specs = listOption('--compliance', value);
  const known = knownFrameworks();
  return specs.flatMap((spec) => {
    const [name = '', requirement] = spec.split(':', 2);
    if (!known.includes(name)) throw new UsageError(`--compliance: unknown framework "${name}" (known: ${known.join(', ')})`);
    if (!frameworkIds().includes(name)) return [spec];
    const mapping = loadFramework(name);
    if (mapping.citedBy !== 'securityHub') return [spec];
    const ids = mapping.requirements.map((r) => r.id).filter((id) => requirement === undefined || id === requirement);
    return ids.length > 0 ? ids.map((id) => `security-hub:${id}`) : [spec];
  });
}

/** The framework ids of `--compliance` that have a mapping file: the frameworks a report's compliance section shows. */
export function mappedFrameworks(specs: readonly string[] | undefined): string[] {
  const ids = frameworkIds();
  return [...new Set((specs ?? []).map((s) => s.split(':', 1)[0] ?? ''))].filter((name) => ids.includes(name));
}

/** The selection flags as command-line overrides of the config file's selection. */
export function selectionOverrides(flags: RuleSelectionFlags): Pick<CliOverrides, 'rules' | 'excludeRules' | 'minSeverity' | 'compliance'> {
  const cli: Pick<CliOverrides, 'rules' | 'excludeRules' | 'minSeverity' | 'compliance'> = {};
  if (flags.rulesInclude !== undefined) cli.rules = listOption('--rules-include', flags.rulesInclude);
  if (flags.rulesExclude !== undefined) cli.excludeRules = listOption('--rules-exclude', flags.rulesExclude);
  if (flags.severity !== undefined) cli.minSeverity = flags.severity;
  if (flags.compliance !== undefined) cli.compliance = frameworks(flags.compliance);
  return cli;
}
