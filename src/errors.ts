/**
 * Typed errors for the CLI boundary. Inside the pipeline failures are data
 * (results, recorded collection errors); these are thrown only when a run
 * cannot go on, and the CLI maps `code` to an exit code.
 */
export type ErrorCode = 'INPUT' | 'USAGE' | 'RULES' | 'COLLECT' | 'CONFIG';

export class SealcheckError extends Error {
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

/** Shortens hostile or huge values before they go into an error message. */
export function clip(value: string, max = 120): string {
  const printable = value.replace(/[\u0000-\u001f\u007f]/g, '?');
  return printable.length > max ? `${printable.slice(0, max)}… (${printable.length} chars)` : printable;
}

/** A live collection that could not read the account (no credentials, nothing answered, nothing found): exit 3. */
export class CollectError extends SealcheckError {
  constructor(message: string) {
    super('COLLECT', message);
  }
}
