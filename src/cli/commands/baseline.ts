import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Command } from 'commander';
import { InputError } from '../../errors.js';
import { createBaselineFile } from '../../gate/baseline.js';
import { readResultsFile } from '../../gate/results-file.js';

/** `sealcheck baseline create`: freeze the current findings as accepted, for `scan --baseline`. */
export function baselineCommand(): Command {
  const baseline = new Command('baseline').description('Manage baselines: findings accepted for now, ignored by the gate until they change');
  baseline
    .command('create')
    .description('Write a reviewed baseline from a results.json (non-passing, unsuppressed findings by fingerprint)')
    .requiredOption('--results <file>', 'results.json written by sealcheck scan')
    .requiredOption('--out <file>', 'baseline file to write, e.g. baseline.json')
    .action(async (opts: { results: string; out: string }) => {
      const results = await readResultsFile(opts.results);
      const doc = createBaselineFile(results, { source: opts.results });
      const tmp = `${opts.out}.${process.pid}.tmp`;
      try {
        await mkdir(dirname(opts.out), { recursive: true });
        await writeFile(tmp, `${JSON.stringify(doc, null, 2)}\n`, 'utf8');
        await rename(tmp, opts.out);
      } catch (error) {
        throw new InputError(`${opts.out}: cannot write (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      process.stderr.write(`baseline: ${doc.findings.length} finding(s) written to ${opts.out}\n`);
    });
  return baseline;
}
