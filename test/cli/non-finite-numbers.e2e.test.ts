import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'sealcheck-infinite-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a number JSON cannot represent as a finite double', () => {
  it('a KMS rotation period of -1e400 (-Infinity once parsed) is exit 2 naming the file and place, never a PASS', () => {
    const demo = readFileSync(join(ROOT, 'fixtures/demo/demo-account.snapshot.json'), 'utf8');
    expect(demo).toContain('"rotationPeriodInDays":365');
    const file = join(work, 'infinite.json');
    writeFileSync(file, demo.replace('"rotationPeriodInDays":365', '"rotationPeriodInDays":-1e400'));
    const out = join(work, 'out');
    const run = runCli(['scan', '--snapshot', file, '--out', out, '-q']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`sealcheck: ${file}: /resources/0/properties/rotationPeriodInDays: number out of range: not a finite double (such as 1e400, .inf or .nan)\n`);
  });
});
