import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ScanResults } from '../../src/engine/result.js';
import { asScanResults } from '../../src/gate/results-file.js';

/** Path of a file in fixtures/results/. */
export function resultsFixture(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/results/${name}`, import.meta.url));
}

/** A results fixture (version 1 files) as the one reader makes it: findings and passes. */
export function loadResults(name: 'small' | 'hostile' | 'empty'): ScanResults {
  const file = resultsFixture(`${name}.results.json`);
  return asScanResults(JSON.parse(readFileSync(file, 'utf8')), file);
}

/** The strings planted in the hostile fixture. */
export const HOSTILE = {
  xss: '<img src=x onerror=alert(1)>',
  scriptBreak: '</script><script>alert(1)</script>',
  jsUrl: 'javascript:alert(1)',
  lineSeparator: 'line\u2028separator\u2029para',
};
