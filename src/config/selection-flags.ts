import type { Severity } from '../engine/result.js';
import { UsageError } from '../errors.js';
import { own } from '../util/own.js';
import type { CliOverrides } from './merge-options.js';
import { FRAMEWORK_CONTROLS } from './select-rules.js';

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

/** Checks framework names, so a typo is an error rather than a selection of nothing. */
function frameworks(value: string): string[] {
  const specs = listOption('--compliance', value);
  for (const spec of specs) {
    const name = spec.split(':', 1)[0] ?? '';
    if (own(FRAMEWORK_CONTROLS, name) === undefined) {
      throw new UsageError(`--compliance: unknown framework "${name}" (known: ${Object.keys(FRAMEWORK_CONTROLS).join(', ')})`);
    }
  }
  return specs;
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
