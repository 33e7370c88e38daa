import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RuleLoadError } from '../../src/errors.js';
import { loadRules } from '../../src/engine/load-rules.js';
import { RULES_DIR } from '../../src/paths.js';

const work = mkdtempSync(join(tmpdir(), 'sealcheck-rules-hostile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A rules folder holding one real rule, plus whatever `plant` adds. */
function folder(name: string, plant: (dir: string) => void): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 's3'), { recursive: true });
  cpSync(join(RULES_DIR, 's3', 's3-account-public-access-block.json'), join(dir, 's3', 's3-account-public-access-block.json'));
  plant(dir);
  return dir;
}

describe('a hostile rules folder is a RuleLoadError, not a crash or a hang', () => {
  it('a dangling symlink', () => {
    const dir = folder('dangling', (d) => symlinkSync(join(d, 'nowhere.json'), join(d, 's3', 's3-x.json')));
    expect(() => loadRules(dir)).toThrow(new RuleLoadError(`${join(dir, 's3', 's3-x.json')}: cannot read (dangling symlink)`));
  });

  it('a symlink loop', () => {
    const dir = folder('loop', (d) => symlinkSync(d, join(d, 's3', 'again')));
    expect(() => loadRules(dir)).toThrow(/symlink loop/);
  });

  it('a FIFO named *.json', () => {
    const dir = folder('fifo', (d) => execFileSync('mkfifo', [join(d, 's3', 's3-fifo.json')]));
    expect(() => loadRules(dir)).toThrow(new RuleLoadError(`${join(dir, 's3', 's3-fifo.json')}: not a regular file`));
  });

  it('a condition nested 20,000 deep', () => {
    const dir = folder('deep', (d) => {
      const rule = JSON.parse(readFileSync(join(d, 's3', 's3-account-public-access-block.json'), 'utf8')) as Record<string, unknown>;
      // Written as text: JSON.stringify of such a value would overflow the stack itself.
      const assert = `${'{"not":'.repeat(20000)}${JSON.stringify(rule.assert)}${'}'.repeat(20000)}`;
      const text = JSON.stringify({ ...rule, assert: 0 }).replace('"assert":0', `"assert":${assert}`);
      writeFileSync(join(d, 's3', 's3-account-public-access-block.json'), text);
    });
    expect(() => loadRules(dir)).toThrow(/s3-account-public-access-block\.json: nested more than 64 levels deep/);
  });
});
