import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { STARTER_CONFIG } from '../../src/config/starter-config.js';

const cli = resolve('bin/sealcheck.js');

describe('sealcheck init', () => {
  it('writes a commented starter config that the loader accepts', () => {
    expect(parseConfig(STARTER_CONFIG, 'sealcheck.config.yaml')).toMatchObject({ version: 1, regions: 'all', gate: { failOn: 'high' } });
    expect(STARTER_CONFIG.split('\n').filter((l) => l.trimStart().startsWith('#')).length).toBeGreaterThan(20);
  });

  it('refuses to overwrite without --force', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sealcheck-init-'));
    expect(spawnSync(process.execPath, [cli, 'init'], { cwd, encoding: 'utf8' }).status).toBe(0);
    expect(readFileSync(join(cwd, 'sealcheck.config.yaml'), 'utf8')).toBe(STARTER_CONFIG);
    writeFileSync(join(cwd, 'sealcheck.config.yaml'), 'regions: all\n');
    const again = spawnSync(process.execPath, [cli, 'init'], { cwd, encoding: 'utf8' });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('sealcheck.config.yaml already exists (use --force to overwrite)');
    expect(readFileSync(join(cwd, 'sealcheck.config.yaml'), 'utf8')).toBe('regions: all\n');
    expect(spawnSync(process.execPath, [cli, 'init', '--force'], { cwd, encoding: 'utf8' }).status).toBe(0);
    expect(readFileSync(join(cwd, 'sealcheck.config.yaml'), 'utf8')).toBe(STARTER_CONFIG);
  });
});
