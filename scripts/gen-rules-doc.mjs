#!/usr/bin/env node
// Writes docs/rules.md from the rule catalogue (rules/<service>/<id>.json).
// `--check` exits 1 when docs/rules.md differs from what would be written.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'];

/** Rule files: JSON with an id, skipping test cases (`*.cases.json`) and schemas. */
function ruleFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return ruleFiles(path);
      return entry.name.endsWith('.json') && !entry.name.endsWith('.cases.json') && !entry.name.endsWith('.schema.json') ? [path] : [];
    })
    .sort();
}

const cell = (text) => String(text ?? '').replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
const byText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

const SNIPPET_FORMS = [
  ['cli', 'AWS CLI', 'sh'],
  ['terraform', 'Terraform', 'hcl'],
  ['cloudformation', 'CloudFormation', 'yaml'],
];

/** Which remediation snippets a rule has, and which forms it says have none (`no Terraform`). */
function snippets(r = {}) {
  return SNIPPET_FORMS.flatMap(([key, name]) => (r[key] ? [name] : r.noSnippet?.[key] ? [`no ${name}`] : [])).join(', ') || '—';
}

/** A fenced code block whose fence is longer than any run of backticks in the code. */
function codeBlock(code, lang) {
  const longest = Math.max(0, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${lang}`, ...code.split('\n'), fence];
}

/** The snippets of a service's rules in full, and the reason where a form has none, folded under the table. */
function snippetSection(list) {
  const withForms = list.filter((r) => SNIPPET_FORMS.some(([key]) => r.remediation?.[key] || r.remediation?.noSnippet?.[key]));
  if (withForms.length === 0) return [];
  const lines = ['', '<details><summary>Remediation snippets</summary>'];
  for (const r of withForms) {
    lines.push('', `**\`${cell(r.id)}\`**: ${cell(r.remediation.text)}`);
    for (const [key, name, lang] of SNIPPET_FORMS) {
      const code = r.remediation[key];
      const reason = r.remediation.noSnippet?.[key];
      if (code) lines.push('', `${name}:`, '', ...codeBlock(code, lang));
      else if (reason) lines.push('', `${name}: none. ${cell(reason)}`);
    }
  }
  lines.push('', '</details>');
  return lines;
}

function references(r = {}) {
  const parts = [];
  if (r.awsConfig) parts.push(`AWS Config \`${r.awsConfig}\``);
  for (const id of r.securityHub ?? []) parts.push(`Security Hub ${id}`);
  for (const [framework, ids] of Object.entries(r.frameworks ?? {}).sort(([a], [b]) => byText(a, b))) parts.push(`${framework} ${ids.join(' ')}`);
  return parts.join(', ') || '—';
}

/** The framework mapping files (frameworks/<id>.json): what each maps, for the closing section. */
function frameworkSection(frameworksDir) {
  const files = readdirSync(frameworksDir)
    .filter((n) => n.endsWith('.json') && !n.endsWith('.schema.json') && n !== 'security-hub-controls.json' && n !== 'case-mirrors.json')
    .sort();
  const lines = [
    '',
    '## Frameworks',
    '',
    'A rule names the requirements it evidences per framework and version under `references.frameworks` (the key is a file of `frameworks/`: a CIS number means different things in CIS AWS Foundations v1.4, v3.0 and v5.0). FSBP requirements are the Security Hub controls under `references.securityHub`; `frameworks/security-hub-controls.json` is the catalogue they are checked against (no retired control is cited). `sealcheck report --compliance <id>` gives the per-requirement view; see docs/reports.md.',
    '',
    '| framework | name | version | requirements | evidenced by a rule |',
    '|---|---|---|---|---|',
  ];
  for (const file of files) {
    const f = JSON.parse(readFileSync(join(frameworksDir, file), 'utf8'));
    const evidenced = f.requirements.filter((q) => q.rules.length > 0).length;
    lines.push(`| \`${cell(f.id)}\` | ${cell(f.name)} | ${cell(f.version)} | ${f.requirements.length} | ${evidenced} |`);
  }
  return lines;
}

/**
 * Security Hub's data-protection controls (frameworks/security-hub-controls.json)
 * against the rules that cite them: the coverage a reader compares with other tools.
 */
function securityHubSection(rules, frameworksDir) {
  const catalogue = JSON.parse(readFileSync(join(frameworksDir, 'security-hub-controls.json'), 'utf8'));
  const citing = new Map();
  for (const r of rules) for (const id of r.references?.securityHub ?? []) citing.set(id, [...(citing.get(id) ?? []), r.id]);
  const active = catalogue.controls.filter((c) => c.status === 'active');
  const covered = active.filter((c) => citing.has(c.id)).length;
  const lines = [
    '',
    '## Security Hub controls',
    '',
    `${covered} of the ${active.length} active controls in \`frameworks/security-hub-controls.json\` are evidenced by a rule. ${cell(catalogue.scope)} A rule cites a control only when a case mirrors the control's documented pass and fail condition (\`frameworks/case-mirrors.json\`).`,
    '',
    '| control | title | standards | status | rules |',
    '|---|---|---|---|---|',
  ];
  for (const c of [...catalogue.controls].sort((a, b) => byText(a.id, b.id))) {
    const by = (citing.get(c.id) ?? []).sort(byText).map((id) => `\`${cell(id)}\``).join(', ') || (c.status === 'active' ? 'none' : '—');
    lines.push(`| ${cell(c.id)} | ${cell(c.title)} | ${cell((c.standards ?? []).join(', '))} | ${cell(c.status)} | ${by} |`);
  }
  return lines;
}

/** The severity rubric (schemas/severity-rubric.json) as Markdown: the levels, the bases rules cite, and the kinds of rules that must agree. */
export function renderRubric(rubric = JSON.parse(readFileSync(join(ROOT, 'schemas', 'severity-rubric.json'), 'utf8'))) {
  const lines = ['## Severity rubric', '', 'Each rule names a basis in `severityReason`; the basis decides the severity. Data: `schemas/severity-rubric.json`.', ''];
  for (const level of SEVERITY_ORDER) lines.push(`- **${level}**: ${cell(rubric.levels[level])}`);
  lines.push('', '| basis | severity | when |', '|---|---|---|');
  for (const b of rubric.bases) lines.push(`| \`${cell(b.id)}\` | ${cell(b.severity)} | ${cell(b.when)} |`);
  lines.push('', 'Rules of the same kind share a basis (ids matched as globs):', '', '| kind | basis | rules |', '|---|---|---|');
  for (const k of rubric.kinds) {
    const except = (k.except ?? []).length > 0 ? ` (not ${k.except.map((g) => `\`${cell(g)}\``).join(', ')})` : '';
    lines.push(`| ${cell(k.name)} | \`${cell(k.basis)}\` | ${k.rules.map((g) => `\`${cell(g)}\``).join(', ')}${except} |`);
  }
  return lines;
}

/** The Markdown for the rules under `rulesDir`. Pure apart from reading files, so a test can compare it. */
export function renderRulesDoc(rulesDir = join(ROOT, 'rules'), frameworksDir = join(ROOT, 'frameworks')) {
  const rules = ruleFiles(rulesDir)
    .map((file) => ({ file: relative(rulesDir, file), rule: JSON.parse(readFileSync(file, 'utf8')) }))
    .filter(({ rule }) => typeof rule.id === 'string')
    .map(({ file, rule }) => ({ ...rule, service: file.split(/[\\/]/)[0] }));
  const services = [...new Set(rules.map((r) => r.service))].sort(byText);
  const lines = [
    '# Rules',
    '',
    '<!-- Generated by scripts/gen-rules-doc.mjs from rules/**/*.json. Do not edit: run `node scripts/gen-rules-doc.mjs`. -->',
    '',
    `${rules.length} rules. Severity counts: ${SEVERITY_ORDER.map((s) => `${s} ${rules.filter((r) => r.severity === s).length}`).join(', ')}.`,
    '',
    ...renderRubric(),
  ];
  for (const service of services) {
    const list = rules
      .filter((r) => r.service === service)
      .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || byText(a.id, b.id));
    lines.push('', `## ${service}`, '', '| id | title | severity | why | category | references | fix |', '|---|---|---|---|---|---|---|');
    for (const r of list) {
      const why = r.severityReason ? `${r.severityReason.text} (\`${r.severityReason.basis}\`)` : '';
      lines.push(`| \`${cell(r.id)}\` | ${cell(r.title)} | ${cell(r.severity)} | ${cell(why)} | ${cell(r.category)} | ${cell(references(r.references))} | ${cell(snippets(r.remediation))} |`);
    }
    lines.push(...snippetSection(list));
  }
  lines.push(...securityHubSection(rules, frameworksDir));
  lines.push(...frameworkSection(frameworksDir));
  return `${lines.join('\n')}\n`;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const target = join(ROOT, 'docs', 'rules.md');
  const text = renderRulesDoc();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {}
    if (current !== text) {
      process.stderr.write('docs/rules.md is out of date: run `node scripts/gen-rules-doc.mjs`\n');
      process.exit(1);
    }
  } else {
    writeFileSync(target, text);
    process.stderr.write(`wrote docs/rules.md\n`);
  }
}
