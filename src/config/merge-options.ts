import type { Severity } from '../engine/result.js';
import { DEFAULT_GATE_OPTIONS, type FailOn, type GateOptions } from '../gate/threshold.js';
import type { LoadedConfig, OutputFormat, RuleSelection, SealcheckConfig, SeverityOverrides, SourceType } from './config-types.js';
import { expandOutputDir } from './output-dir.js';

/**
 * Options the user typed on the command line. Leave a field undefined when
 * the option was not given (commander: `cmd.getOptionValueSource(name) === 'cli'`),
 * otherwise a commander default would silently beat the config file.
 */
export interface CliOverrides {
  profile?: string;
  accounts?: string[];
  role?: string;
  regions?: string[] | 'all';
  services?: string[];
  /** A snapshot file: switches the source to `snapshot`. */
  snapshot?: string;
  /** An AWS Config aggregator name: switches the source to `config-aggregator`. */
  aggregator?: string;
  out?: string;
  formats?: OutputFormat[];
  /** Rule ids/patterns to run (replaces the file's include filter). */
  rules?: string[];
  /** Rule ids/patterns to skip (added to the file's exclude ids). */
  excludeRules?: string[];
  minSeverity?: Severity;
  /** Frameworks a rule must cite to run (`--compliance`). */
  compliance?: string[];
  failOn?: FailOn;
  failOnUnknown?: boolean;
  strict?: boolean;
  baseline?: string;
  suppressions?: string;
}

/** Everything a scan needs to know, after the file and the command line are combined. */
export interface EffectiveOptions {
  /** The config file used, if any. */
  configFile?: string;
  profile?: string;
  accounts?: string[];
  organization?: SealcheckConfig['organization'];
  role?: NonNullable<SealcheckConfig['role']>;
  regions?: string[] | 'all';
  services?: string[];
  source: { type: SourceType; aggregator?: string; aggregatorRegion?: string; snapshot?: string };
  selection: RuleSelection;
  severityOverrides: SeverityOverrides;
  /** Output folder with placeholders expanded; undefined when neither side set one. */
  outDir?: string;
  formats?: OutputFormat[];
  gate: GateOptions;
  baseline?: string;
  suppressions?: string;
}

const defined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** The source the command line asks for, if it names one: a snapshot beats an aggregator beats the file. */
function cliSource(cli: CliOverrides): EffectiveOptions['source'] | undefined {
  if (cli.snapshot !== undefined) return { type: 'snapshot', snapshot: cli.snapshot };
  if (cli.aggregator !== undefined) return { type: 'config-aggregator', aggregator: cli.aggregator };
  return undefined;
}

/**
 * Combines a loaded config (or none) with command-line options: each option
 * given on the command line replaces the file's value; lists replace, they do
 * not append, except `excludeRules`, which adds to the file's exclusions (a
 * one-off "skip this rule too" should not re-enable what the file excludes).
 */
export function mergeOptions(loaded: LoadedConfig | undefined, cli: CliOverrides = {}, now: Date = new Date()): EffectiveOptions {
  const config: SealcheckConfig = loaded?.config ?? {};
  const configFile = loaded?.file;
  const fileRules = config.rules ?? {};
  const selection: RuleSelection = {
    ...defined({ include: fileRules.include, exclude: fileRules.exclude, minSeverity: fileRules.minSeverity }),
  };
  if (cli.rules !== undefined) selection.include = { ids: cli.rules };
  if (cli.excludeRules !== undefined) {
    selection.exclude = { ...selection.exclude, ids: [...(selection.exclude?.ids ?? []), ...cli.excludeRules] };
  }
  if (cli.minSeverity !== undefined) selection.minSeverity = cli.minSeverity;
  if (cli.compliance !== undefined) selection.compliance = cli.compliance;

  const role = cli.role !== undefined ? { ...config.role, name: cli.role } : config.role;
  const outPattern = cli.out ?? config.output?.dir;
  const gate: GateOptions = {
    failOn: cli.failOn ?? config.gate?.failOn ?? DEFAULT_GATE_OPTIONS.failOn,
    failOnUnknown: cli.failOnUnknown ?? config.gate?.failOnUnknown ?? DEFAULT_GATE_OPTIONS.failOnUnknown,
    strict: cli.strict ?? config.gate?.strict ?? DEFAULT_GATE_OPTIONS.strict,
  };
  // Naming accounts on the command line replaces an organization scope from the file.
  const accounts = cli.accounts ?? config.accounts;
  return {
    ...defined({
      configFile,
      profile: cli.profile ?? config.profile,
      accounts,
      organization: cli.accounts !== undefined ? undefined : config.organization,
      role,
      regions: cli.regions ?? config.regions,
      services: cli.services ?? config.services,
      outDir: outPattern === undefined ? undefined : expandOutputDir(outPattern, now),
      formats: cli.formats ?? config.output?.formats,
      baseline: cli.baseline ?? config.gate?.baseline,
      suppressions: cli.suppressions ?? config.gate?.suppressions,
    }),
    source: cliSource(cli) ?? config.source ?? { type: 'live' },
    selection,
    severityOverrides: fileRules.severityOverrides ?? {},
    gate,
  };
}
