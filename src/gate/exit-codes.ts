/**
 * The process exit codes, in one table that `--help` and the README both
 * print, so the documented meaning cannot drift from what the CLI does.
 */
export interface ExitCodeEntry {
  code: 0 | 1 | 2 | 3 | 70;
  name: 'clean' | 'gate-failed' | 'usage-or-input' | 'incomplete' | 'internal';
  meaning: string;
}

export const EXIT_CODES: readonly ExitCodeEntry[] = [
  { code: 0, name: 'clean', meaning: 'no finding reached the --fail-on threshold (suppressed and baselined findings do not count)' },
  { code: 1, name: 'gate-failed', meaning: 'at least one new, unsuppressed FAIL at or above --fail-on (or UNKNOWN, with --fail-on-unknown)' },
  { code: 2, name: 'usage-or-input', meaning: 'bad command line, an unreadable / invalid input file (snapshot, config, baseline, suppressions, rules), or an output folder that cannot be written (a file, read-only, full, locked by another run)' },
  { code: 3, name: 'incomplete', meaning: 'the scan could not collect what it needed: with --strict, any recorded collection error (an account that cannot be reached included) or rejected source item; always, when a live collection reads nothing (no credentials, unknown profile, role not assumable, endpoint unreachable, every call failed, an Organizations OU that cannot be listed) or finds no resource without --allow-empty; no report or snapshot is written then' },
  { code: 70, name: 'internal', meaning: 'internal error: a bug in sealcheck (SEALCHECK_DEBUG=1 prints the stack)' },
];

/** Exit code by name, for code that sets it. */
export const EXIT = {
  clean: 0,
  gateFailed: 1,
  usageOrInput: 2,
  incomplete: 3,
  internal: 70,
} as const;

/** The table as `--help` text (commander `addHelpText('after', …)`). */
export function exitCodesHelp(): string {
  return ['', 'Exit codes:', ...EXIT_CODES.map((e) => `  ${e.code}  ${e.meaning}`)].join('\n');
}

/** The table as Markdown, for the README and docs/ci.md (a test keeps docs/ci.md equal to it); options and variables as code. */
export function exitCodesMarkdown(): string {
  const code = (text: string) => text.replace(/(--[a-z-]+|SEALCHECK_DEBUG=1)/g, '`$1`');
  return ['| code | meaning |', '|---|---|', ...EXIT_CODES.map((e) => `| ${e.code} | ${code(e.meaning)} |`)].join('\n');
}
