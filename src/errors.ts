/**
 * Typed errors for the CLI boundary. Inside the pipeline failures are data
 * (results, recorded collection errors); these are thrown only when a run
 * cannot go on, and the CLI maps `code` to an exit code. Anything else that
 * reaches the CLI is a bug (exit 70). docs/contributing.md, "Errors".
 */
export type ErrorCode = 'INPUT' | 'USAGE' | 'RULES' | 'COLLECT' | 'CONFIG' | 'OUTPUT' | 'EXPORT';

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

/** Shortens hostile or huge values before they go into an error message; control characters are shown as escapes (see {@link terminalSafe}). */
export function clip(value: string, max = 120): string {
  const printable = terminalSafe(value);
  return printable.length > max ? `${printable.slice(0, max)}… (${printable.length} chars)` : printable;
}

// C0 and C1 controls, DEL, bidi controls (U+061C, U+200E/F, U+202A–E, U+2066–9), line/paragraph separators, and surrogates without their pair.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const UNSAFE_KEEPING_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const visible = (c: string): string => {
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/**
 * Text from inputs (names, tags, policy text, file contents) made safe for a
 * terminal or log line: control characters (ESC, OSC 52 sequences, C1),
 * bidirectional overrides such as U+202E and lone surrogates are shown as
 * visible escapes (`\x1b`, `\u202e`), never emitted. `keepLines` keeps
 * newlines and tabs, for multi-line output the program itself lays out.
 */
export function terminalSafe(text: string, options: { keepLines?: boolean } = {}): string {
  return text.replace(options.keepLines ? UNSAFE_KEEPING_LINES : UNSAFE, visible);
}

/** An output that cannot be written (the folder is a file, read-only, permission denied, disk full, locked by another run): names the path and cause. */
export class OutputError extends SealcheckError {
  constructor(message: string) {
    super('OUTPUT', message);
  }
}

/** An export to another service did not complete (`sealcheck export`): some findings were not taken. Exit 3, like a scan that is incomplete. */
export class ExportError extends SealcheckError {
  constructor(message: string) {
    super('EXPORT', message);
  }
}
