/**
 * Errors the command line maps to exit codes. Everything inside the pipeline
 * reports problems as data; these are thrown only at the CLI boundary.
 */

/** Machine-readable kinds of CLI failure. */
export type CliErrorCode = 'USAGE';

/** Bad input from the user (a missing file, an unreadable policy, a malformed flag): exit code 2. */
export class UsageError extends Error {
  readonly code: CliErrorCode = 'USAGE';
  /** Exit code the CLI should use. */
  readonly exitCode = 2;

  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
