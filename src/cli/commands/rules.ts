import { relative } from 'node:path';
import { Command, Option } from 'commander';
import { selectRules } from '../../config/select-rules.js';
import { listOption, selectionOverrides, type RuleSelectionFlags } from '../../config/selection-flags.js';
import { loadRules } from '../../engine/load-rules.js';
import { snippetFormsOf } from '../../engine/remediation-snippets.js';
import { casesFileOf, readRuleCases, runRuleCases, type CaseVerdict } from '../../engine/rule-cases.js';
import { frameworkRequirements } from '../../engine/references.js';
import type { References } from '../../engine/result.js';
import type { LoadedRule } from '../../engine/rule-types.js';
import { UsageError, terminalSafe } from '../../errors.js';
import { RULES_DIR } from '../../paths.js';
import { escapeMarkdown, markdownCode, markdownCodeBlock } from '../../util/markdown.js';
import { addRuleSelectionOptions, addRuleSourceOptions, catalogueFrom, type RuleSourceFlags } from '../rule-options.js';

/**
 * `sealcheck rules list|show|test|validate`: the catalogue as a table, one
 * rule in full, a rule folder's case files run, and a check of rule files
 * without scanning. Rule text can come from a custom folder: everything shown
 * on a terminal is made terminal-safe, and Markdown escaped.
 */

const LIST_FORMATS = ['table', 'json', 'markdown'] as const;
type ListFormat = (typeof LIST_FORMATS)[number];

function referenceList(r: References): string[] {
  return [r.awsConfig, ...(r.securityHub ?? []).map((s) => `SH ${s}`), ...frameworkRequirements(r).map(({ framework, id }) => `${framework} ${id}`)].filter((x): x is string => Boolean(x));
}

function catalogueEntry({ rule, service, file }: LoadedRule) {
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    category: rule.category,
    service,
    resourceTypes: rule.resourceTypes,
    references: rule.references,
    file: relative(process.cwd(), file) || file,
  };
}

/** Columns padded to their widest cell; the last column runs free. */
function columns(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function textTable(rules: readonly LoadedRule[]): string {
  const rows = rules.map(({ rule }) => [rule.id, rule.severity, rule.category, referenceList(rule.references).join(', ')].map((c) => terminalSafe(c)));
  return `${columns(['RULE', 'SEVERITY', 'CATEGORY', 'REFERENCES'], rows)}\n${rules.length} rules\n`;
}

const cell = (text: string) => escapeMarkdown(text);

function markdownTable(rules: readonly LoadedRule[]): string {
  const rows = rules.map(({ rule }) => `| ${markdownCode(rule.id)} | ${cell(rule.title)} | ${rule.severity} | ${rule.category} | ${cell(referenceList(rule.references).join(', '))} |`);
  return ['| Rule | Title | Severity | Category | References |', '|---|---|---|---|---|', ...rows, '', `${rules.length} rules`, ''].join('\n');
}

/** `rules list` filters: the selection words of `scan`, plus the services of the rules. */
function selected(rules: LoadedRule[], flags: RuleSelectionFlags & { services?: string }): LoadedRule[] {
  const cli = selectionOverrides(flags);
  const services = flags.services === undefined ? undefined : listOption('--services', flags.services);
  const views = rules.map((l) => ({ id: l.rule.id, severity: l.rule.severity, category: l.rule.category, references: l.rule.references, service: l.service, loaded: l }));
  return selectRules(views, {
    ...(cli.rules || services ? { include: { ...(cli.rules ? { ids: cli.rules } : {}), ...(services ? { services } : {}) } } : {}),
    ...(cli.excludeRules ? { exclude: { ids: cli.excludeRules } } : {}),
    ...(cli.minSeverity ? { minSeverity: cli.minSeverity } : {}),
    ...(cli.compliance ? { compliance: cli.compliance } : {}),
  }).map((v) => v.loaded);
}

/** One rule in full, as text for a terminal. */
function showText(loaded: LoadedRule, verdicts: readonly CaseVerdict[] | undefined): string {
  const { rule, service, file } = loaded;
  const safe = (s: string) => terminalSafe(s);
  const lines = [
    `${safe(rule.id)}  ${rule.severity}  ${rule.category}`,
    safe(rule.title),
    '',
    safe(rule.description),
    '',
    `why ${rule.severity}: ${safe(rule.severityReason.text)} (${safe(rule.severityReason.basis)})`,
    '',
    `service:        ${safe(service)}`,
    `resource types: ${rule.resourceTypes.map(safe).join(', ')}`,
    `file:           ${safe(relative(process.cwd(), file) || file)}`,
  ];
  const refs = referenceList(rule.references);
  if (refs.length > 0) lines.push(`references:     ${refs.map(safe).join(', ')}`);
  for (const link of rule.references.links ?? []) lines.push(`                ${safe(link)}`);
  lines.push('', `remediation: ${safe(rule.remediation.text)}`);
  if (rule.remediation.url) lines.push(`             ${safe(rule.remediation.url)}`);
  for (const { kind, code, reason } of snippetFormsOf(rule.remediation)) {
    lines.push('', code === undefined ? `${kind.label}: none. ${safe(reason)}` : `${kind.label}:`, ...(code?.split('\n').map((l) => `  ${safe(l)}`) ?? []));
  }
  const params = Object.entries(rule.parameters ?? {});
  if (params.length > 0) {
    lines.push('', 'parameters:');
    for (const [name, p] of params) lines.push(`  ${safe(name)} (${p.type}, default ${safe(JSON.stringify(p.default))}): ${safe(p.description)}`);
  }
  if (verdicts) {
    lines.push('', `cases (${verdicts.length}):`);
    for (const v of verdicts) lines.push(`  ${v.expect.padEnd(14)} ${safe(v.name)}`);
  }
  return `${lines.join('\n')}\n`;
}

function showMarkdown(loaded: LoadedRule, verdicts: readonly CaseVerdict[] | undefined): string {
  const { rule } = loaded;
  const lines = [
    `## ${markdownCode(rule.id)}: ${cell(rule.title)}`,
    '',
    `Severity: **${rule.severity}** · category: ${rule.category} · resource types: ${rule.resourceTypes.map(markdownCode).join(', ')}`,
    '',
    `Why ${rule.severity}: ${cell(rule.severityReason.text)} (${markdownCode(rule.severityReason.basis)})`,
    '',
    cell(rule.description),
    '',
    `Remediation: ${cell(rule.remediation.text)}`,
  ];
  for (const { kind, code, reason } of snippetFormsOf(rule.remediation)) {
    lines.push('', ...(code === undefined ? [`${kind.label}: none. ${cell(reason)}`] : [`${kind.label}:`, '', ...markdownCodeBlock(code, kind.lang)]));
  }
  const refs = referenceList(rule.references);
  if (refs.length > 0) lines.push('', `References: ${cell(refs.join(', '))}`);
  if (verdicts) lines.push('', '| Case | Expected |', '|---|---|', ...verdicts.map((v) => `| ${cell(v.name)} | ${v.expect} |`));
  return `${lines.join('\n')}\n`;
}

/** Each case's verdict as a line; mismatches say what came instead, and why a case could not run. */
function verdictLines(ruleId: string, verdicts: readonly CaseVerdict[]): string[] {
  return verdicts.map((v) => {
    const mark = v.ok ? 'ok  ' : 'FAIL';
    const outcome = v.ok ? v.expect : v.problem !== undefined ? `could not run: ${v.problem}` : `expected ${v.expect}, got ${v.actual}`;
    return terminalSafe(`${mark}  ${ruleId}  ${v.name}: ${outcome}`);
  });
}

interface TestFlags {
  now?: string;
  format: 'table' | 'json';
}

/** Runs the case files of every rule in the folders; true when every case came out as expected. */
function runRulesTest(dirs: string[], flags: TestFlags): boolean {
  let now: number | undefined;
  if (flags.now !== undefined) {
    now = Date.parse(flags.now);
    if (!Number.isFinite(now)) throw new UsageError(`--now: "${terminalSafe(flags.now)}" is not an ISO date-time`);
  }
  const report: { rule: string; file: string; cases: CaseVerdict[] }[] = [];
  for (const dir of dirs) {
    for (const loaded of loadRules(dir)) {
      const file = casesFileOf(loaded.file);
      const label = relative(process.cwd(), file) || file;
      const cases = readRuleCases(file, loaded.rule.id, label);
      report.push({ rule: loaded.rule.id, file: label, cases: runRuleCases(loaded, cases, { label, ...(now !== undefined ? { now } : {}) }).verdicts });
    }
  }
  const all = report.flatMap((r) => r.cases);
  const failed = all.filter((v) => !v.ok).length;
  if (flags.format === 'json') {
    process.stdout.write(`${JSON.stringify({ rules: report.length, cases: all.length, failed, results: report }, null, 2)}\n`);
  } else {
    for (const r of report) process.stdout.write(`${verdictLines(r.rule, r.cases).join('\n')}\n`);
    process.stdout.write(`${report.length} rules, ${all.length} cases: ${all.length - failed} as expected, ${failed} not\n`);
  }
  return failed === 0;
}

export function rulesCommand(): Command {
  const rules = new Command('rules').description('List, show, test or validate rules');
  addRuleSelectionOptions(addRuleSourceOptions(rules.command('list').description('List the rule catalogue, filtered as scan would select it')))
    .option('--services <list>', 'comma-separated services whose rules to list (s3, kms, …)')
    .addOption(new Option('--format <format>', 'output format').choices(LIST_FORMATS as unknown as string[]).default('table'))
    .option('--json', 'same as --format json')
    .action((opts: RuleSourceFlags & RuleSelectionFlags & { services?: string; format: ListFormat; json?: boolean }) => {
      const list = selected(catalogueFrom(opts), opts);
      const format = opts.json ? 'json' : opts.format;
      process.stdout.write(format === 'json' ? `${JSON.stringify(list.map(catalogueEntry), null, 2)}\n` : format === 'markdown' ? markdownTable(list) : textTable(list));
    });
  addRuleSourceOptions(rules.command('show').description('Show one rule: description, severity, references, remediation, parameters and its cases'))
    .argument('<id>', 'rule id')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .action((id: string, opts: RuleSourceFlags & { format: 'text' | 'json' | 'markdown' }) => {
      const catalogue = catalogueFrom(opts);
      const loaded = catalogue.find((l) => l.rule.id === id);
      if (!loaded) throw new UsageError(`rules show: no rule "${terminalSafe(id)}" (${catalogue.length} rules; see sealcheck rules list)`);
      const file = casesFileOf(loaded.file);
      const cases = readRuleCases(file, id, relative(process.cwd(), file) || file);
      const verdicts = runRuleCases(loaded, cases).verdicts;
      if (opts.format === 'json') process.stdout.write(`${JSON.stringify({ ...loaded.rule, service: loaded.service, cases: cases.cases }, null, 2)}\n`);
      else process.stdout.write(opts.format === 'markdown' ? showMarkdown(loaded, verdicts) : showText(loaded, verdicts));
    });
  rules
    .command('test')
    .description('Run the case files (<rule-id>.cases.json) of every rule in the folders; exit 1 when a case does not come out as expected')
    .argument('[dirs...]', 'rules folders (default: the bundled catalogue)')
    .option('--now <date-time>', 'evaluate every case at this instant (default: each case file’s evaluatedAt, else now)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((dirs: string[], opts: TestFlags) => {
      if (!runRulesTest(dirs.length > 0 ? dirs : [RULES_DIR], opts)) process.exitCode = 1;
    });
  rules
    .command('validate')
    .description('Check rule files and their case files: schema, ids, operators, parameters and every property path')
    .argument('[dir]', 'rules folder', RULES_DIR)
    .action((dir: string) => {
      const loaded = loadRules(dir);
      for (const l of loaded) {
        const file = casesFileOf(l.file);
        readRuleCases(file, l.rule.id, relative(process.cwd(), file) || file);
      }
      process.stdout.write(`${loaded.length} rules valid in ${dir}, each with a case file\n`);
    });
  return rules;
}
