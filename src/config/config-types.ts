import type { Category, Severity } from '../engine/result.js';
import type { FailOn } from '../gate/threshold.js';

/** Matches rules by any of the listed values (`schemas/config.schema.json#/definitions/ruleFilter`). */
export interface RuleFilter {
  /** Rule ids, with `*`/`?` wildcards. */
  ids?: string[];
  services?: string[];
  categories?: Category[];
  /** `cis`, `security-hub`, `aws-config`, optionally `:control` (`security-hub:S3.5`). */
  frameworks?: string[];
}

/** Which rules run. See {@link selectRules} for the order the parts apply in. */
export interface RuleSelection {
  include?: RuleFilter;
  exclude?: RuleFilter;
  /** Rules whose (overridden) severity is below this do not run. */
  minSeverity?: Severity;
  /** Only rules that cite one of these frameworks (`cis`, `security-hub:S3.5`, …) run; narrows whatever `include` kept. */
  compliance?: string[];
}

/** A severity change for one rule, with the reason reports show. */
export interface SeverityOverride {
  severity: Severity;
  reason: string;
}

export type SeverityOverrides = Record<string, SeverityOverride>;

export type SourceType = 'live' | 'config-aggregator' | 'snapshot';

export type OutputFormat = 'json' | 'sarif' | 'html' | 'junit' | 'csv' | 'markdown' | 'console';

/** `sealcheck.config.yaml` as written (`schemas/config.schema.json`). */
export interface SealcheckConfig {
  version?: 1;
  profile?: string;
  accounts?: string[];
  organization?: { organizationalUnits: string[]; excludeAccounts?: string[] };
  role?: { name: string; externalId?: string; sessionName?: string };
  regions?: string[] | 'all';
  services?: string[];
  source?: { type: SourceType; aggregator?: string; aggregatorRegion?: string; snapshot?: string };
  rules?: RuleSelection & { severityOverrides?: SeverityOverrides };
  output?: { dir?: string; formats?: OutputFormat[] };
  gate?: { failOn?: FailOn; failOnUnknown?: boolean; strict?: boolean; baseline?: string; suppressions?: string };
}

/** A config file read and checked, its relative paths made absolute against the file's folder. */
export interface LoadedConfig {
  file: string;
  config: SealcheckConfig;
}
