import { Command } from 'commander';
import { createBaselineFile } from '../../gate/baseline.js';
import { readResultsFile } from '../../gate/results-file.js';
import { writeTextWhole } from '../../util/storage/write-text.js';

/** `sealcheck baseline create`: freeze the current findings as accepted, for `scan --baseline`. */
export function baselineCommand(): Command {
  const baseline = new Command('baseline').description('Manage baselines: findings accepted for now, ignored by the gate until they change');
  baseline
    .command('create')
    .description('Write a reviewed baseline from a results.json (non-passing, unsuppressed findings by fingerprint)')
    .requiredOption('--results <file>', 'results.json written by sealcheck scan (a path or s3://bucket/key)')
    .requiredOption('--out <file>', 'baseline file to write, e.g. baseline.json or s3://bucket/baseline.json')
    .action(async (opts: { results: string; out: string }) => {
      const results = await readResultsFile(opts.results);
      const doc = createBaselineFile(results, { source: opts.results });
      await writeTextWhole(opts.out, `${JSON.stringify(doc, null, 2)}\n`, 'application/json');
      process.stderr.write(`baseline: ${doc.findings.length} finding(s) written to ${opts.out}\n`);
    });
  return baseline;
}
