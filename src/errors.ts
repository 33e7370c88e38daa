/**
 * Typed errors for the CLI boundary. Inside the pipeline failures are data
 * (results, recorded collection errors); these are thrown only when a run
 * cannot go on, and the CLI maps `code` to an exit code. Anything else that
 * reaches the CLI is a bug (exit 70). docs/contributing.md, "Errors".
 */
export type ErrorCode = 'INPUT' | 'USAGE' | 'RULES' | 'COLLECT' | 'CONFIG';

/** The common base; throw one of the classes below, each named for what went wrong. */
export abstract class SealcheckError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = 'SealcheckError';
  }
}

/** Bad input file: names the file and the place (JSON pointer or line:column). */
export class InputError extends SealcheckError {
  constructor(message: string) {
    super('INPUT', message);
  }
}

export class UsageError extends SealcheckError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** An invalid rule file or rule set. */
export class RuleLoadError extends SealcheckError {
  constructor(message: string) {
    super('RULES', message);
  }
}

export class ConfigError extends SealcheckError {
  constructor(message: string) {
    super('CONFIG', message);
  }
}

/**
 * Collection cannot start at all, or read nothing (no credentials, no account answered, every call failed, an
 * Organizations OU that cannot be listed, nothing found without --allow-empty): exit 3, so a blind scan never
 * passes. An AWS failure on one resource while collecting is a recorded collection error instead.
 */
export class CannotCollectError extends SealcheckError {
  constructor(message: string) {
    super('COLLECT', message);
  }
}

/** Shortens hostile or huge values before they go into an error message. */
export function clip(value: string, max = 120): string {
  const printable = value.replace(/[\u0000-\u001f\u007f]/g, '?');
  return printable.length > max ? `${printable.slice(0, max)}… (${printable.length} chars)` : printable;
}
