import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface DocRule {
  id?: unknown;
  remediation: Partial<Record<'cli' | 'terraform' | 'cloudformation', string>> & { noSnippet?: Partial<Record<'cli' | 'terraform' | 'cloudformation', string>> };
}

/** The rule files under `dir`, parsed. */
function rules(dir: string): DocRule[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return rules(path);
    if (!e.name.endsWith('.json') || e.name.endsWith('.cases.json') || e.name.endsWith('.schema.json')) return [];
    return [JSON.parse(readFileSync(path, 'utf8')) as DocRule];
  });
}

function ruleIds(dir: string): string[] {
  return rules(dir).flatMap((r) => (typeof r.id === 'string' ? [r.id] : []));
}

describe('docs/rules.md', () => {
  it('is up to date with rules/ (run `node scripts/gen-rules-doc.mjs` to fix)', () => {
    const r = spawnSync(process.execPath, ['scripts/gen-rules-doc.mjs', '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('lists every rule id with its severity', () => {
    const doc = readFileSync('docs/rules.md', 'utf8');
    const ids = ruleIds('rules');
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(doc).toMatch(new RegExp(`^\\| \`${id}\` \\| .+ \\| (critical|high|medium|low|info) \\|`, 'm'));
    expect(doc).toContain(`${ids.length} rules.`);
  });

  it("shows each rule's remediation snippets in full and the reason where a form has none", () => {
    const doc = readFileSync('docs/rules.md', 'utf8');
    const forms = [['cli', 'AWS CLI', 'sh'], ['terraform', 'Terraform', 'hcl'], ['cloudformation', 'CloudFormation', 'yaml']] as const;
    let shown = 0;
    for (const r of rules('rules')) {
      for (const [key, name, lang] of forms) {
        const code = r.remediation[key];
        const reason = r.remediation.noSnippet?.[key];
        if (code !== undefined) expect(doc, `${String(r.id)} ${key}`).toContain(`${name}:\n\n\`\`\`${lang}\n${code}\n\`\`\``);
        if (reason !== undefined) expect(doc, `${String(r.id)} ${key}`).toContain(`${name}: none. ${reason}\n`);
        if (code !== undefined || reason !== undefined) shown++;
      }
    }
    expect(shown).toBeGreaterThan(0);
  });
});
