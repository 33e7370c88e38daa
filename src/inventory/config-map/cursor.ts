import { InputError, clip } from '../../errors.js';

/**
 * A typed, pointer-carrying view of one value inside an AWS Config item.
 *
 * Every read says where it came from, so a malformed item fails with
 * `file: /configurationItems/12/configuration/keyState: expected string, got number`.
 * Reads return `undefined` when the value is missing, `null` when Config wrote null.
 */
export class Cursor {
  /**
   * `base` is a pointer, or the cursor this one was reached from, and `path`
   * the dotted path (or array index) from there; the pointer is spelled out
   * only when something asks for it (an error), because mapping reads
   * thousands of values per error.
   */
  constructor(
    readonly value: unknown,
    private readonly base: string | Cursor,
    private readonly file: string,
    private readonly path?: string | number,
  ) {}

  get pointer(): string {
    const base = typeof this.base === 'string' ? this.base : this.base.pointer;
    if (this.path === undefined) return base;
    if (typeof this.path === 'number') return `${base}/${this.path}`;
    return base + this.path.split('.').map((key) => `/${escapePointer(key)}`).join('');
  }

  /** Walks a dotted path; anything missing or not an object on the way yields an undefined value. */
  at(path: string): Cursor {
    let value: unknown = this.value;
    if (path.includes('.')) {
      for (const key of path.split('.')) value = isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
    } else {
      value = isRecord(value) && Object.hasOwn(value, path) ? value[path] : undefined;
    }
    return new Cursor(value, this, this.file, path);
  }

  /** The first of several spellings that is present: Config's casing changed between item versions. */
  first(...paths: string[]): Cursor {
    for (const path of paths) {
      const c = this.at(path);
      if (c.value !== undefined) return c;
    }
    return this.at(paths[0]!);
  }

  get missing(): boolean {
    return this.value === undefined;
  }

  str(): string | null | undefined {
    const v = this.value;
    if (v === undefined || v === null || typeof v === 'string') return v;
    return this.wrong('a string');
  }

  /** Booleans, which Config writes as `true` or, for attribute maps (SQS, SNS), as `"true"`. */
  bool(): boolean | null | undefined {
    const v = this.value;
    if (v === undefined || v === null || typeof v === 'boolean') return v;
    if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
    return this.wrong('a boolean');
  }

  /** Integers, written as numbers or, in attribute maps, as decimal strings. */
  int(): number | null | undefined {
    const v = this.value;
    if (v === undefined || v === null) return v;
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    if (typeof v === 'string' && /^-?\d{1,15}$/.test(v)) return Number(v);
    return this.wrong('an integer');
  }

  /** Dates as ISO strings: Config writes strings, epoch milliseconds or epoch seconds depending on the item version. */
  date(): string | null | undefined {
    const v = this.value;
    if (v === undefined || v === null) return v;
    if (typeof v === 'string') {
      if (Number.isNaN(Date.parse(v))) return this.wrong('a date');
      return v;
    }
    if (typeof v === 'number' && Number.isFinite(v)) return new Date(v > 1e11 ? v : v * 1000).toISOString();
    return this.wrong('a date');
  }

  list(): Cursor[] | null | undefined {
    const v = this.value;
    if (v === undefined || v === null) return v;
    if (!Array.isArray(v)) return this.wrong('an array');
    return v.map((item, i) => new Cursor(item, this, this.file, i));
  }

  /** An array of strings (Config sometimes writes a single string where the API has a list). */
  strings(): string[] | null | undefined {
    const v = this.value;
    if (typeof v === 'string') return [v];
    const items = this.list();
    if (!items) return items;
    return items.map((c) => c.str() ?? c.wrong('a string'));
  }

  object(): Record<string, unknown> | null | undefined {
    const v = this.value;
    if (v === undefined || v === null) return v;
    if (isRecord(v)) return v;
    return this.wrong('an object');
  }

  /** The entries of an object whose keys are data (not dotted paths), each with its own cursor. */
  entries(): [string, Cursor][] | null | undefined {
    const v = this.object();
    if (!v) return v;
    // A data key may hold dots: its pointer is spelled here, not split as a path.
    return Object.keys(v).map((k) => [k, new Cursor(v[k], `${this.pointer}/${escapePointer(k)}`, this.file)]);
  }

  /** Throws the InputError for a value of the wrong type at this cursor. */
  wrong(expected: string): never {
    throw new InputError(`${this.file}: ${this.pointer}: expected ${expected}, got ${describe(this.value)}`);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A short, safe description of a value for an error message; hostile strings are clipped and stripped of control characters. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `string "${clip(value, 40)}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${clip(String(value), 40)}`;
}
