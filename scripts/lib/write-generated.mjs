import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Writes a generated file, or with `--check` on the command line only compares
 * it: a stale or missing file exits 1 naming the command that regenerates it,
 * so a test can hold generated files to their sources.
 * @param {string} out the generated file
 * @param {string} text its content as generated now
 * @param {{ command: string, summary?: string }} how the command that regenerates it, and what to print after writing
 */
export function writeGenerated(out, text, { command, summary }) {
  if (!process.argv.includes('--check')) {
    writeFileSync(out, text);
    if (summary) process.stdout.write(`${summary}\n`);
    return;
  }
  let current = '';
  try {
    current = readFileSync(out, 'utf8');
  } catch {
    // A missing file differs.
  }
  if (current !== text) {
    process.stderr.write(`${out} is stale: run ${command}\n`);
    process.exit(1);
  }
}
