import { Command, CommanderError } from 'commander';
import { SealcheckError } from '../errors.js';
import { exitCodesHelp } from '../gate/exit-codes.js';
import { TOOL } from '../tool.js';
import { baselineCommand } from './commands/baseline.js';
import { collectCommand } from './commands/collect.js';
import { diffCommand } from './commands/diff.js';
import { initCommand } from './commands/init.js';
import { policyCommand } from './commands/policy.js';
import { reportCommand } from './commands/report.js';
import { rulesCommand } from './commands/rules.js';
import { scanCommand } from './commands/scan.js';

/** Exit code for an error that reached the command line. */
function exitCodeOf(error: unknown): number {
  if (error instanceof SealcheckError) return error.code === 'COLLECT' ? 3 : 2;
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  const code = (error as { exitCode?: unknown } | null)?.exitCode;
  return typeof code === 'number' ? code : 2;
}

function buildProgram(): Command {
  const program = new Command('sealcheck')
    .description('Audits AWS accounts for how well they protect data: encryption at rest and in flight, KMS keys, resource policies.')
    .version(TOOL.version, '-v, --version')
    .addHelpText('after', `\n${exitCodesHelp()}`)
    .showHelpAfterError('(run with --help for usage)');
  program.addCommand(scanCommand());
  program.addCommand(collectCommand());
  program.addCommand(rulesCommand());
  program.addCommand(policyCommand());
  program.addCommand(reportCommand());
  program.addCommand(baselineCommand());
  program.addCommand(diffCommand());
  program.addCommand(initCommand());
  // Subcommands inherit the same error handling, so usage errors exit 2 everywhere.
  const configure = (cmd: Command) => {
    cmd.exitOverride();
    cmd.configureOutput({ writeErr: (s) => process.stderr.write(s) });
    cmd.commands.forEach(configure);
  };
  configure(program);
  return program;
}

/**
 * Runs the command line and returns the exit code. Typed errors become one
 * line on standard error; nothing reaches the user as a stack trace unless
 * SEALCHECK_DEBUG is set.
 */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) return exitCodeOf(error);
    if (process.env.SEALCHECK_DEBUG) console.error(error);
    const message = error instanceof Error ? error.message : String(error);
    const known = error instanceof SealcheckError || (error as { exitCode?: unknown } | null)?.exitCode !== undefined;
    process.stderr.write(`sealcheck: ${known ? '' : 'internal error: '}${message}\n`);
    return known ? exitCodeOf(error) : 70;
  }
}
