import { Command, Option } from 'commander';
import { terminalSafe } from '../../errors.js';
import { diffResults, diffToConsole, diffToHtml, diffToJson } from '../../gate/diff.js';
import { readResultsFile } from '../../gate/results-file.js';
import { writeTextWhole } from '../../util/storage/write-text.js';

const DIFF_FORMATS = ['console', 'json', 'html'] as const;
type DiffFormat = (typeof DIFF_FORMATS)[number];

const RENDER: Record<DiffFormat, typeof diffToJson> = { console: diffToConsole, json: diffToJson, html: diffToHtml };

/** `sealcheck diff OLD NEW`: what changed between two results files, by fingerprint. */
export function diffCommand(): Command {
  return new Command('diff')
    .description('Compare two results.json files: new, fixed, changed-severity and unchanged findings, by fingerprint')
    .argument('<old>', 'earlier results.json')
    .argument('<new>', 'later results.json')
    .addOption(new Option('--format <format>', 'output format').choices(DIFF_FORMATS as unknown as string[]).default('console'))
    .option('-o, --output <file>', 'write to a file (or s3://bucket/key) instead of standard output')
    .action(async (oldFile: string, newFile: string, opts: { format: DiffFormat; output?: string }) => {
      const [before, after] = await Promise.all([readResultsFile(oldFile), readResultsFile(newFile)]);
      const text = RENDER[opts.format](diffResults(before, after, { old: oldFile, new: newFile }));
      if (opts.output === undefined) {
        // Names and messages in the results are data: the console listing shows control characters, never sends them.
        process.stdout.write(opts.format === 'console' ? terminalSafe(text, { keepLines: true }) : text);
        return;
      }
      await writeTextWhole(opts.output, text);
    });
}
