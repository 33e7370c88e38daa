import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ScanResults } from '../../src/engine/result.js';

/** Path of a file in fixtures/results/. */
export function resultsFixture(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/results/${name}`, import.meta.url));
}

export function loadResults(name: 'small' | 'hostile' | 'empty'): ScanResults {
  return JSON.parse(readFileSync(resultsFixture(`${name}.results.json`), 'utf8')) as ScanResults;
}

/** The strings planted in the hostile fixture. */
export const HOSTILE = {
  xss: '<img src=x onerror=alert(1)>',
  scriptBreak: '</script><script>alert(1)</script>',
  jsUrl: 'javascript:alert(1)',
  lineSeparator: 'line\u2028separator\u2029para',
};
