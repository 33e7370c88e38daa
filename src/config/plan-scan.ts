import type { CollectInventoryOptions } from '../collect/collect.js';
import { SERVICES, isServiceName, type ServiceName } from '../collect/services.js';
import type { InventoryScope } from '../inventory/scope.js';
import type { LoadedConfig, SeverityOverrides } from './config-types.js';
import { loadConfig } from './load-config.js';
import { mergeOptions, type CliOverrides } from './merge-options.js';
import { applySeverityOverrides, selectRules } from './select-rules.js';
import { listOption, mappedFrameworks, selectionOverrides, type RuleSelectionFlags } from './selection-flags.js';
import type { EvidenceMode } from '../engine/compile-rule.js';
import type { RuleOverrides } from '../engine/evaluate.js';
import type { LoadedRule } from '../engine/rule-types.js';
import type { RunInfo, Severity } from '../engine/result.js';
import { ConfigError, UsageError } from '../errors.js';
import { parseFailOn, type GateOptions } from '../gate/threshold.js';
import { parseReportFormats, type ReportFormat } from '../report/write.js';

/**
 * Scan planning: what a scan reads, which rules run, where and in which
 * formats it writes, and what the gate enforces, from the config file and the
 * command line. Everything here can reject the input before anything is written.
 */

/** The collection flags as commander parses them (shared by `collect` and `scan`). */
export interface CollectFlags {
  profile?: string;
  regions?: string;
  services?: string;
  roleArn?: string;
  accounts?: string;
  organizationalUnits?: string;
  excludeAccounts?: string;
  externalId?: string;
  sessionName?: string;
  endpointUrl?: string;
  concurrency?: string;
  source?: 'api' | 'config';
  aggregator?: string;
  allowEmpty?: boolean;
  quiet?: boolean;
}

/** The scan flags a plan reads, as commander parsed them; the collection scope is `collect`'s own flags (their names as there). */
export interface ScanFlags extends Omit<CollectFlags, 'quiet'>, RuleSelectionFlags {
  config?: string;
  snapshot?: string;
  saveSnapshot?: string;
  out: string;
  format: string;
  failOn: string;
  failOnUnknown?: boolean;
  strict?: boolean;
  baseline?: string;
  suppressions?: string;
  history?: string;
  sarifUnknown?: boolean;
  evidence?: EvidenceMode;
}

/** Whether the user typed an option (commander: `cmd.getOptionValueSource(name) === 'cli'`), so commander defaults never beat the file. */
export type TypedOption = (name: keyof ScanFlags) => boolean;

/** One severity change the config made, as results.json records it under `run.config`. */
export interface AppliedOverride {
  ruleId: string;
  from: Severity;
  severity: Severity;
  reason: string;
}

/** What a scan does, once the config file and the command line are combined. */
export interface ScanPlan {
  /** The config file used, if any. */
  configFile?: string;
  /** The rules that run, in catalogue order. */
  rules: LoadedRule[];
  overrides: RuleOverrides;
  appliedOverrides: AppliedOverride[];
  /** Size of the catalogue before selection. */
  ruleCatalogueSize: number;
  formats: ReportFormat[];
  outDir: string;
  gate: GateOptions;
  baseline?: string;
  suppressions?: string;
  /** History database to record the run in. */
  history?: string;
  /** Snapshot file to scan; undefined means collect live. */
  snapshot?: string;
  /** Collection settings from the file for what the command line left unset; applied over the flags' own. */
  collectScope: Partial<CollectInventoryOptions>;
  /** Which results carry evidence; `all` makes every PASS a full record in results.json. */
  evidence: EvidenceMode;
  /** With a snapshot: only its resources of these services and regions are evaluated (`--services`, `--regions`). */
  snapshotScope?: SnapshotScope;
  /** Report UNKNOWN results in SARIF too. */
  sarifUnknown: boolean;
  /** Framework ids (mapping files) named by the compliance selection: report.html gains their compliance section. */
  compliance: string[];
}

/** The part of a snapshot a scan evaluates (see {@link InventoryScope}). */
export interface SnapshotScope extends InventoryScope {
  services?: ServiceName[];
  regions?: string[];
}

/** Collection options that mean nothing when the inventory is a file: given with --snapshot they are a usage error, never ignored. */
const LIVE_ONLY: readonly [keyof ScanFlags, string][] = [
  ['profile', '--profile'],
  ['roleArn', '--role-arn'],
  ['accounts', '--accounts'],
  ['organizationalUnits', '--organizational-units'],
  ['excludeAccounts', '--exclude-accounts'],
  ['externalId', '--external-id'],
  ['sessionName', '--session-name'],
  ['endpointUrl', '--endpoint-url'],
  ['concurrency', '--concurrency'],
  ['source', '--source'],
  ['aggregator', '--aggregator'],
  ['allowEmpty', '--allow-empty'],
];

/** `--services` and `--regions` given with a snapshot, checked. */
function snapshotScopeFrom(flags: ScanFlags, typed: TypedOption): SnapshotScope | undefined {
  const live = LIVE_ONLY.filter(([name]) => typed(name)).map(([, option]) => option);
  if (live.length > 0) throw new UsageError(`${live.join(', ')}: ${live.length === 1 ? 'applies' : 'apply'} to live collection, not to --snapshot`);
  const scope: SnapshotScope = {};
  if (typed('services') && flags.services !== undefined) {
    const services = listOption('--services', flags.services);
    const unknown = services.filter((s) => !isServiceName(s));
    if (unknown.length > 0) throw new UsageError(`--services: unknown service ${unknown.map((s) => `"${s}"`).join(', ')} (known: ${SERVICES.join(', ')})`);
    scope.services = services as ServiceName[];
  }
  if (typed('regions') && flags.regions !== undefined) {
    const regions = listOption('--regions', flags.regions);
    if (regions.includes('all')) throw new UsageError('--regions all: a snapshot holds the regions it was collected from; name the ones to scan, or leave --regions out');
    scope.regions = regions;
  }
  return scope.services || scope.regions ? scope : undefined;
}

/** The collection settings the file gives and the command line did not. */
function collectScopeFrom(loaded: LoadedConfig | undefined, typed: TypedOption): Partial<CollectInventoryOptions> {
  const config = loaded?.config;
  if (!config) return {};
  const scope: Partial<CollectInventoryOptions> = {};
  const where = loaded.file;
  if (config.profile !== undefined && !typed('profile')) scope.profile = config.profile;
  if (config.regions !== undefined && !typed('regions')) scope.regions = config.regions;
  if (config.services !== undefined && !typed('services')) scope.services = config.services as ServiceName[];
  const viaAggregator = typed('source') || typed('aggregator') ? Boolean(typed('aggregator')) : config.source?.type === 'config-aggregator';
  if (!typed('roleArn') && !typed('accounts') && !typed('organizationalUnits') && !viaAggregator) {
    if (config.role && !config.accounts && !config.organization) {
      throw new ConfigError(`${where}: /role: "role" needs "accounts" or "organization": the accounts to assume it in`);
    }
    if (config.role) {
      // The collector puts in the partition of the caller's region (one partition per run), known only once collection starts.
      scope.roleArn = `arn:{partition}:iam::{accountId}:role/${config.role.name.replace(/^\/+/, '')}`;
      // Organizations OUs become account ids when the collection starts, read with the caller's credentials.
      if (config.organization) {
        scope.organizationalUnits = config.organization.organizationalUnits;
        if (config.organization.excludeAccounts?.length) scope.excludeAccounts = config.organization.excludeAccounts;
      } else scope.accountIds = config.accounts ?? [];
      if (config.role.externalId !== undefined) scope.externalId = config.role.externalId;
      if (config.role.sessionName !== undefined) scope.sessionName = config.role.sessionName;
    }
  }
  if (!typed('source') && !typed('aggregator')) {
    const source = config.source;
    if (source?.type === 'config-aggregator') {
      scope.source = 'config';
      if (source.aggregator !== undefined) scope.aggregator = source.aggregator;
      if (source.aggregatorRegion !== undefined) scope.homeRegion = source.aggregatorRegion;
    } else if (source?.type === 'live') scope.source = 'api';
  }
  return scope;
}

/** The file's severity overrides as the engine takes them, with what each changed. */
function severityChanges(rules: readonly LoadedRule[], overrides: SeverityOverrides): { overrides: RuleOverrides; applied: AppliedOverride[] } {
  const severity: Record<string, Severity> = {};
  const applied: AppliedOverride[] = [];
  for (const { rule } of rules) {
    const o = Object.hasOwn(overrides, rule.id) ? overrides[rule.id] : undefined;
    if (!o) continue;
    severity[rule.id] = o.severity;
    applied.push({ ruleId: rule.id, from: rule.severity, severity: o.severity, reason: o.reason });
  }
  return { overrides: applied.length > 0 ? { severity } : {}, applied };
}

/**
 * Loads the config file (`--config`, else `sealcheck.config.yaml|yml|json` in
 * the working directory, else none) against the loaded catalogue, combines it
 * with the options the user typed, and selects the rules. Throws ConfigError
 * (exit 2, with the file and line) or UsageError before anything is written.
 */
export async function planScan(flags: ScanFlags, typed: TypedOption, catalogue: LoadedRule[], cwd: string = process.cwd()): Promise<ScanPlan> {
  const loaded = await loadConfig(flags.config, { knownRuleIds: catalogue.map((l) => l.rule.id), cwd });
  const cli: CliOverrides = {};
  if (typed('out')) cli.out = flags.out;
  if (typed('format')) cli.formats = parseReportFormats(flags.format);
  if (typed('failOn')) cli.failOn = parseFailOn(flags.failOn);
  if (typed('failOnUnknown')) cli.failOnUnknown = Boolean(flags.failOnUnknown);
  if (typed('strict')) cli.strict = Boolean(flags.strict);
  if (typed('baseline') && flags.baseline !== undefined) cli.baseline = flags.baseline;
  if (typed('suppressions') && flags.suppressions !== undefined) cli.suppressions = flags.suppressions;
  if (typed('history') && flags.history !== undefined) cli.history = flags.history;
  if (typed('snapshot') && flags.snapshot !== undefined) cli.snapshot = flags.snapshot;
  Object.assign(cli, selectionOverrides(flags));
  const effective = mergeOptions(loaded, cli);

  // Asking for live collection on the command line (--source, --aggregator) beats a snapshot source in the file.
  const askedLive = typed('source') || typed('aggregator');
  const snapshot = typed('snapshot') ? flags.snapshot : askedLive ? undefined : effective.source.snapshot;
  if (snapshot !== undefined && flags.saveSnapshot) throw new UsageError('--save-snapshot goes with live collection, not with --snapshot');
  const snapshotScope = snapshot !== undefined ? snapshotScopeFrom(flags, typed) : undefined;

  const { overrides, applied } = severityChanges(catalogue, effective.severityOverrides);
  // Selection reads the overridden severity, so minSeverity applies to what the run will report.
  const views = applySeverityOverrides(
    catalogue.map((l) => ({ id: l.rule.id, severity: l.rule.severity, category: l.rule.category, references: l.rule.references, service: l.service, loaded: l })),
    effective.severityOverrides,
  );
  const rules = selectRules(views, effective.selection).map((v) => v.loaded);
  if (rules.length === 0) {
    throw new ConfigError(`${loaded?.file ?? 'config'}: /rules: the rule selection leaves no rule to run (${catalogue.length} in the catalogue)`);
  }
  const selectedIds = new Set(rules.map((l) => l.rule.id));

  const plan: ScanPlan = {
    rules,
    overrides,
    appliedOverrides: applied.filter((a) => selectedIds.has(a.ruleId)),
    ruleCatalogueSize: catalogue.length,
    formats: effective.formats ?? parseReportFormats(flags.format),
    outDir: effective.outDir ?? flags.out,
    gate: effective.gate,
    collectScope: snapshot === undefined ? collectScopeFrom(loaded, typed) : {},
    evidence: flags.evidence ?? 'failures',
    sarifUnknown: Boolean(flags.sarifUnknown),
    // The names as given: the selection itself has FSBP expanded into Security Hub controls.
    compliance: mappedFrameworks(flags.compliance !== undefined ? listOption('--compliance', flags.compliance) : effective.selection.compliance),
  };
  if (loaded) plan.configFile = loaded.file;
  if (effective.baseline !== undefined) plan.baseline = effective.baseline;
  if (effective.suppressions !== undefined) plan.suppressions = effective.suppressions;
  if (effective.history !== undefined) plan.history = effective.history;
  if (snapshot !== undefined) plan.snapshot = snapshot;
  if (snapshotScope) plan.snapshotScope = snapshotScope;
  return plan;
}

/** A line for standard error saying which config was used and what it changed, so a file found in the working directory is never a surprise. */
export function planNote(plan: ScanPlan): string | undefined {
  if (!plan.configFile) return undefined;
  const changes = plan.appliedOverrides.map((a) => `${a.ruleId} ${a.from}→${a.severity}`);
  return `config ${plan.configFile}: ${plan.rules.length} of ${plan.ruleCatalogueSize} rules${changes.length ? `, severity overrides: ${changes.join(', ')}` : ''}`;
}

/** Records the config file and its severity overrides (with their reasons) under `run.config`, so a report says why a severity differs from the catalogue. */
export function withConfigRecord<T extends { run: RunInfo }>(results: T, plan: ScanPlan): T {
  if (!plan.configFile) return results;
  return { ...results, run: { ...results.run, config: { file: plan.configFile, severityOverrides: plan.appliedOverrides } } as RunInfo };
}
