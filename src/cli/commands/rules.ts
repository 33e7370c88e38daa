import { Command } from 'commander';
import { loadRules } from '../../engine/load-rules.js';
import type { LoadedRule } from '../../engine/rule-types.js';
import { RULES_DIR } from '../../paths.js';

function catalogueEntry({ rule, service }: LoadedRule) {
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    category: rule.category,
    service,
    resourceTypes: rule.resourceTypes,
    references: rule.references,
  };
}

function textTable(rules: LoadedRule[]): string {
  const rows = rules.map(({ rule }) => [
    rule.id,
    rule.severity,
    rule.category,
    [rule.references.awsConfig, ...(rule.references.securityHub ?? []).map((s) => `SH ${s}`), ...(rule.references.cis ?? []).map((c) => `CIS ${c}`)]
      .filter(Boolean)
      .join(', '),
  ]);
  const header = ['RULE', 'SEVERITY', 'CATEGORY', 'REFERENCES'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return `${[line(header), ...rows.map(line)].join('\n')}\n${rules.length} rules\n`;
}

/** `sealcheck rules list|validate`: the catalogue, and a check of rule files without scanning. */
export function rulesCommand(): Command {
  const rules = new Command('rules').description('List or validate rules');
  rules
    .command('list')
    .description('List the rule catalogue')
    .option('--rules <dir>', 'rules folder', RULES_DIR)
    .option('--json', 'machine-readable output')
    .action((opts: { rules: string; json?: boolean }) => {
      const loaded = loadRules(opts.rules);
      process.stdout.write(opts.json ? `${JSON.stringify(loaded.map(catalogueEntry), null, 2)}\n` : textTable(loaded));
    });
  rules
    .command('validate')
    .description('Check rule files: schema, ids, operators, parameters and every property path')
    .argument('[dir]', 'rules folder', RULES_DIR)
    .action((dir: string) => {
      const loaded = loadRules(dir);
      process.stdout.write(`${loaded.length} rules valid in ${dir}\n`);
    });
  return rules;
}
