import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { InputError, UsageError } from '../../errors.js';
import { STARTER_CONFIG } from '../../config/starter-config.js';

/** `sealcheck init`: write a commented starter config. */
export function initCommand(): Command {
  return new Command('init')
    .description('Write a commented starter sealcheck.config.yaml')
    .option('--path <file>', 'where to write it', 'sealcheck.config.yaml')
    .option('--force', 'overwrite an existing file')
    .action(async (opts: { path: string; force?: boolean }) => {
      try {
        // 'wx' fails when the file exists, with no window between a check and the write.
        await writeFile(opts.path, STARTER_CONFIG, { encoding: 'utf8', flag: opts.force ? 'w' : 'wx' });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw new UsageError(`${opts.path} already exists (use --force to overwrite)`);
        throw new InputError(`${opts.path}: cannot write (${code ?? 'error'})`);
      }
      process.stderr.write(`wrote ${opts.path}\n`);
    });
}
