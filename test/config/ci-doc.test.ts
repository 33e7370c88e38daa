import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { baselineCommand } from '../../src/cli/commands/baseline.js';
import { collectCommand } from '../../src/cli/commands/collect.js';
import { diffCommand } from '../../src/cli/commands/diff.js';
import { initCommand } from '../../src/cli/commands/init.js';
import { scanCommand } from '../../src/cli/commands/scan.js';

/** Actions the docs may name, with the major versions that exist. */
const ALLOWED_USES = new Set([
  'actions/checkout@v4',
  'actions/setup-node@v4',
  'actions/upload-artifact@v4',
  'aws-actions/configure-aws-credentials@v4',
  'github/codeql-action/upload-sarif@v3',
]);

const doc = readFileSync('docs/ci.md', 'utf8');
const blocks = (lang: string) => [...doc.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);

/** Every command path the docs may use, with its long options, read from the real command definitions. */
function commandTable(): Map<string, Set<string>> {
  const table = new Map<string, Set<string>>();
  const add = (cmd: Command, prefix: string) => {
    const name = prefix ? `${prefix} ${cmd.name()}` : cmd.name();
    table.set(name, new Set(cmd.options.map((o) => o.long).filter((l): l is string => Boolean(l))));
    for (const sub of cmd.commands) add(sub, name);
  };
  for (const cmd of [scanCommand(), collectCommand(), baselineCommand(), diffCommand(), initCommand()]) add(cmd, '');
  return table;
}

/** `sealcheck …` invocations in a shell script, with line continuations joined. */
function invocations(script: string): string[][] {
  return script
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    // A command word follows: `cd sealcheck && …` or `docker build -t sealcheck .` name the folder or image, not the CLI.
    .flatMap((line) => [...line.matchAll(/sealcheck\s+([a-z-][^|;&#]*)/g)].map((m) => m[1]!.trim().split(/\s+/)));
}

function check(words: string[], table: Map<string, Set<string>>): string[] {
  const problems: string[] = [];
  let path = words[0] ?? '';
  let i = 1;
  if (!table.has(path)) return [`unknown command "${path}"`];
  while (i < words.length && table.has(`${path} ${words[i]}`)) path = `${path} ${words[i++]}`;
  const options = table.get(path)!;
  for (const w of words.slice(i)) {
    if (!w.startsWith('--')) continue;
    const option = w.split('=')[0]!;
    if (!options.has(option)) problems.push(`${path}: unknown option ${option}`);
  }
  return problems;
}

describe('docs/ci.md', () => {
  const workflows = blocks('yaml')
    .map((text) => parse(text) as { jobs?: Record<string, { steps: { uses?: string; run?: string }[] }> })
    .filter((w) => w.jobs);

  it('has two workflows that parse as YAML', () => {
    expect(workflows).toHaveLength(2);
  });

  it('names only real actions', () => {
    const uses = workflows.flatMap((w) => Object.values(w.jobs!).flatMap((j) => j.steps.map((s) => s.uses).filter((u): u is string => Boolean(u))));
    expect(uses.length).toBeGreaterThanOrEqual(7);
    expect(uses.filter((u) => !ALLOWED_USES.has(u))).toEqual([]);
    expect(uses).toContain('aws-actions/configure-aws-credentials@v4');
    expect(uses).toContain('github/codeql-action/upload-sarif@v3');
  });

  it('uses only real sealcheck commands and options, in workflows and shell examples', () => {
    const table = commandTable();
    const scripts = [
      ...workflows.flatMap((w) => Object.values(w.jobs!).flatMap((j) => j.steps.map((s) => s.run ?? ''))),
      ...blocks('sh'),
    ];
    const calls = scripts.flatMap(invocations);
    expect(calls.map((c) => c[0])).toEqual(expect.arrayContaining(['collect', 'scan', 'baseline', 'diff']));
    expect(calls.flatMap((c) => check(c, table))).toEqual([]);
    // The checker itself notices mistakes.
    expect(check(['scan', '--snapshot', 'x', '--fail-on-new'], table)).toEqual(['scan: unknown option --fail-on-new']);
    expect(check(['audit'], table)).toEqual(['unknown command "audit"']);
  });

  it('asks for OIDC and SARIF upload permissions in the audit', () => {
    const audit = blocks('yaml')
      .map((text) => parse(text) as { name?: string; permissions?: Record<string, string> })
      .find((w) => w.name === 'sealcheck audit');
    expect(audit?.permissions).toMatchObject({ 'id-token': 'write', 'security-events': 'write' });
  });

  it('parses its suppression example with the real loader', async () => {
    const { parseSuppressions } = await import('../../src/gate/suppressions.js');
    const example = blocks('yaml').find((b) => b.includes('suppressions:') && !b.includes('jobs:'))!;
    expect(parseSuppressions(example, 'example.yaml')).toMatchObject({ ok: true, set: { entries: [{ rule: 's3-bucket-public-access-block' }, { rule: '*', account: ['444455556666'], tags: { env: 'sandbox*' } }] } });
  });
});
