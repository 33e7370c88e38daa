import { Command, CommanderError } from 'commander';
import { SealcheckError, terminalSafe, type ErrorCode } from '../errors.js';
import { EXIT, exitCodesHelp } from '../gate/exit-codes.js';
import { TOOL } from '../tool.js';

/** The commands, in help order, each imported only when needed: some load every AWS SDK client, SQLite or YAML. */
const COMMANDS: readonly { name: string; load: () => Promise<Command> }[] = [
  { name: 'scan', load: async () => (await import('./commands/scan.js')).scanCommand() },
  { name: 'collect', load: async () => (await import('./commands/collect.js')).collectCommand() },
  { name: 'rules', load: async () => (await import('./commands/rules.js')).rulesCommand() },
  { name: 'policy', load: async () => (await import('./commands/policy.js')).policyCommand() },
  { name: 'report', load: async () => (await import('./commands/report.js')).reportCommand() },
  { name: 'baseline', load: async () => (await import('./commands/baseline.js')).baselineCommand() },
  { name: 'diff', load: async () => (await import('./commands/diff.js')).diffCommand() },
  { name: 'history', load: async () => (await import('./commands/history.js')).historyCommand() },
  { name: 'init', load: async () => (await import('./commands/init.js')).initCommand() },
  { name: 'export', load: async () => (await import('./commands/export.js')).exportCommand() },
  { name: 'access', load: async () => (await import('./commands/access.js')).accessCommand() },
];

/**
 * The command the arguments name, alone: a scan does not pay for loading the
 * other ten commands' modules. Anything else (help, an unknown or misspelt
 * command, options first) loads them all, so help lists every command and
 * commander can suggest the one meant.
 */
async function loadCommands(args: readonly string[]): Promise<Command[]> {
  const named = COMMANDS.find((c) => c.name === args[0]);
  if (named) return [await named.load()];
  return Promise.all(COMMANDS.map((c) => c.load()));
}

const EXIT_BY_ERROR: Readonly<Record<ErrorCode, number>> = {
  INPUT: EXIT.usageOrInput,
  USAGE: EXIT.usageOrInput,
  RULES: EXIT.usageOrInput,
  CONFIG: EXIT.usageOrInput,
  COLLECT: EXIT.incomplete,
  OUTPUT: EXIT.usageOrInput,
  EXPORT: EXIT.incomplete,
};

/** Exit code for an error that reached the command line: typed errors by their code, anything else is a bug. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof SealcheckError) return EXIT_BY_ERROR[error.code];
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.clean : EXIT.usageOrInput;
  return EXIT.internal;
}

function buildProgram(commands: Command[]): Command {
  const program = new Command('sealcheck')
    .description('Audits AWS accounts for how well they protect data: encryption at rest and in flight, KMS keys, resource policies.')
    .version(TOOL.version, '-v, --version')
    .addHelpText('after', `\n${exitCodesHelp()}`)
    .showHelpAfterError('(run with --help for usage)');
  for (const command of commands) program.addCommand(command);
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
 * A reader that stops early (`sealcheck rules list | head`) closes standard
 * output: what is left to print is dropped, but the run goes on, so that the
 * reports it writes and its exit code (a gate's decision) are unchanged.
 */
function ignoreClosedStdout(): void {
  if (process.stdout.listenerCount('error') > 0) return;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    process.stderr.write(`sealcheck: standard output: ${error.message}\n`);
    process.exitCode = EXIT.internal;
  });
}

/**
 * Runs the command line and returns the exit code. Typed errors become one
 * line on standard error; nothing reaches the user as a stack trace unless
 * SEALCHECK_DEBUG is set.
 */
export async function main(argv: string[]): Promise<number> {
  const args = argv.slice(2);
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
    process.stdout.write(`${TOOL.version}\n`);
    return 0;
  }
  ignoreClosedStdout();
  const program = buildProgram(await loadCommands(args));
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) return exitCodeOf(error);
    if (process.env.SEALCHECK_DEBUG) console.error(error);
    const message = error instanceof Error ? error.message : String(error);
    const code = exitCodeOf(error);
    // Messages quote input (names, file text): shown, never interpreted by the terminal.
    process.stderr.write(`sealcheck: ${code === EXIT.internal ? 'internal error: ' : ''}${terminalSafe(message, { keepLines: true })}\n`);
    return code;
  }
}
