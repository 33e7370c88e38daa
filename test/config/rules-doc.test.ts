import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function ruleIds(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return ruleIds(path);
    if (!e.name.endsWith('.json') || e.name.endsWith('.cases.json') || e.name.endsWith('.schema.json')) return [];
    const id = (JSON.parse(readFileSync(path, 'utf8')) as { id?: unknown }).id;
    return typeof id === 'string' ? [id] : [];
  });
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
});
