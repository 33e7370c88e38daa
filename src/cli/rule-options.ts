import { Option, type Command } from 'commander';
import { loadCatalogue } from '../engine/load-rules.js';
import type { LoadedRule } from '../engine/rule-types.js';
import { SEVERITIES } from '../engine/result.js';

/**
 * The options that say which rules a command works with: where they come
 * from (the bundled catalogue, custom folders) and which of them to select,
 * shared by `scan` and `rules list` so both read the same words the same way.
 */

/** Where rules come from. */
export interface RuleSourceFlags {
  /** Custom rule folders, added to the bundled catalogue. */
  rules?: string[];
  /** False with `--no-bundled-rules`: only the custom folders. */
  bundledRules?: boolean;
}

const repeat = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function addRuleSourceOptions(cmd: Command): Command {
  return cmd
    .option('--rules <dir>', 'custom rules folder, added to the bundled catalogue (repeatable); an id already defined is an error', repeat)
    .option('--no-bundled-rules', 'use only the --rules folders, not the bundled catalogue');
}

export function addRuleSelectionOptions(cmd: Command): Command {
  return cmd
    .option('--rules-include <list>', 'comma-separated rule ids or globs (s3-*) to run, instead of all (or of the config file’s include)')
    .option('--rules-exclude <list>', 'comma-separated rule ids or globs to leave out, added to the config file’s exclusions')
    .addOption(new Option('--severity <floor>', 'run only rules of this severity or higher').choices(SEVERITIES as string[]))
    .option('--compliance <list>', 'comma-separated frameworks a rule must cite: a framework id (cis-aws-v3.0.0, cis-aws-v5.0.0, fsbp-v1.0.0, pci-dss-v4.0, nist-800-53-r5, hipaa-security-rule), cis (any version), security-hub or aws-config, optionally with a requirement (cis-aws-v5.0.0:2.1.1, security-hub:S3.5)');
}

/** The rules the source flags name. */
export function catalogueFrom(flags: RuleSourceFlags): LoadedRule[] {
  return loadCatalogue(flags.rules ?? [], flags.bundledRules !== false);
}
