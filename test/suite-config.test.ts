import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ISOLATED_TEST_FILES } from '../vitest.config.js';

const ROOT = join(import.meta.dirname, '..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return testFiles(path);
    return e.name.endsWith('.test.ts') ? [relative(ROOT, path)] : [];
  });
}

describe('the suite configuration', () => {
  // Files share modules unless isolated; a module replaced with vi.mock in a shared worker would stay replaced, or not take.
  it('isolates exactly the files that replace modules', () => {
    const mocking = testFiles(join(ROOT, 'test')).filter((f) => /\bvi\.(do)?mock\(/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(mocking.sort()).toEqual([...ISOLATED_TEST_FILES].sort());
  });
});
