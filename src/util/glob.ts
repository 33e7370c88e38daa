/**
 * Glob matching for IAM patterns: `*` matches any run of characters (including
 * none), `?` matches exactly one. No RegExp is ever built from policy text, so a
 * hostile pattern cannot trigger catastrophic backtracking.
 *
 * Strategy: split the pattern at `*` into segments. The first segment is
 * anchored at the start, the last at the end, and every middle segment is
 * placed at its leftmost occurrence after the previous one — leftmost placement
 * is always safe because a later segment only gains room from it. Segments
 * without `?` are found with Knuth–Morris–Pratt, so such patterns run in
 * O(text + pattern). Segments containing `?` are found with a bit-parallel
 * scan (Shift-And: one bit per segment position, `?` positions accept any unit)
 * that reads each text unit once and costs ⌈segment/32⌉ word operations per
 * unit: O(text × ⌈pattern/32⌉) in all, never a re-scan per candidate start.
 * Its masks take a word row per distinct unit of the segment; a segment whose
 * rows would pass {@link MAX_MASK_WORDS} (thousands of distinct characters
 * around a `?`, never an IAM pattern) is scanned directly instead, at
 * O(text × segment), so memory stays linear in the pattern.
 */

/** One piece of a pattern: `pattern` text gives `*`/`?` their glob meaning, `literal` text never does. */
export type GlobPart = { readonly kind: 'pattern' | 'literal'; readonly text: string };

/** Options for compiling a glob. */
export interface GlobOptions {
  /** Compare letters without regard to case (IAM actions); ARNs and most strings are case-sensitive. */
  readonly ignoreCase?: boolean;
}

/** Counts character comparisons so tests can bound work without timing it. */
export interface StepCounter {
  steps: number;
}

interface Segment {
  /** Code units of the segment, already case-folded when the glob ignores case. */
  readonly units: Uint16Array;
  /** 1 where the position is a `?` wildcard. Null when the segment has none. */
  readonly any: Uint8Array | null;
  /** KMP failure table, only for middle segments (the ones searched for) without `?`. */
  readonly failure: Int32Array | null;
  /** Shift-And masks, only for middle segments with `?`: per code unit, the positions it may fill (32 to a word). */
  readonly masks: ShiftAndMasks | null;
}

interface ShiftAndMasks {
  readonly words: number;
  readonly byUnit: ReadonlyMap<number, Uint32Array>;
  /** The positions any unit may fill: the `?` ones. */
  readonly other: Uint32Array;
}

/** A pattern compiled once and matched many times. */
export interface CompiledGlob {
  /** Segments between stars, in order; with no star there is exactly one. */
  readonly segments: readonly Segment[];
  readonly hasStar: boolean;
  readonly ignoreCase: boolean;
  /** True when the pattern contains no wildcard at all, enabling plain comparison. */
  readonly exact: boolean;
  /** The pattern's text when it is exact and case-sensitive: matching is then string equality. */
  readonly literal?: string;
  /** The text before the pattern's only `*`, when that star ends it and it is case-sensitive: matching is then a prefix test. */
  readonly prefix?: string;
}

const STAR = -1;
const ANY = -2;

function foldUnit(c: number): number {
  if (c >= 65 && c <= 90) return c + 32;
  if (c < 128) return c;
  const lower = String.fromCharCode(c).toLowerCase();
  // Only fold when the lower-case form is a single code unit, so positions stay aligned for `?`.
  return lower.length === 1 ? lower.charCodeAt(0) : c;
}

// Text is read in place, a code unit at a time (folded when the glob ignores case): matching allocates nothing.
function unitAt(text: string, i: number, ignoreCase: boolean): number {
  const c = text.charCodeAt(i);
  return ignoreCase ? foldUnit(c) : c;
}

function buildFailure(units: Uint16Array): Int32Array {
  const fail = new Int32Array(units.length);
  let k = 0;
  for (let i = 1; i < units.length; i++) {
    while (k > 0 && units[i] !== units[k]) k = fail[k - 1] ?? 0;
    if (units[i] === units[k]) k++;
    fail[i] = k;
  }
  return fail;
}

/** Words of Shift-And masks one segment may hold (256 KiB). */
const MAX_MASK_WORDS = 65_536;

function buildMasks(units: Uint16Array, any: Uint8Array): ShiftAndMasks | null {
  const words = Math.ceil(units.length / 32);
  const distinct = new Set(units.filter((_, i) => any[i] !== 1)).size;
  if ((distinct + 1) * words > MAX_MASK_WORDS) return null;
  const other = new Uint32Array(words);
  for (let i = 0; i < units.length; i++) if (any[i] === 1) other[i >>> 5]! |= 1 << (i & 31);
  const byUnit = new Map<number, Uint32Array>();
  for (let i = 0; i < units.length; i++) {
    if (any[i] === 1) continue;
    const u = units[i]!;
    let mask = byUnit.get(u);
    if (!mask) byUnit.set(u, (mask = Uint32Array.from(other)));
    mask[i >>> 5]! |= 1 << (i & 31);
  }
  return { words, byUnit, other };
}

function makeSegment(tokens: number[], searched: boolean): Segment {
  const units = new Uint16Array(tokens.length);
  let any: Uint8Array | null = null;
  tokens.forEach((t, i) => {
    if (t === ANY) {
      any ??= new Uint8Array(tokens.length);
      any[i] = 1;
    } else {
      units[i] = t;
    }
  });
  return {
    units,
    any,
    failure: any || !searched ? null : buildFailure(units),
    masks: any && searched && tokens.length > 0 ? buildMasks(units, any) : null,
  };
}

/**
 * Most ARN patterns are plain text or text ending in one `*` (`arn:aws:s3:::b/*`),
 * and most are compiled for one resource only: those match by string comparison
 * and build their segments only if a step counter asks for the general path.
 */
class FixedGlob implements CompiledGlob {
  readonly ignoreCase = false;
  readonly hasStar: boolean;
  readonly exact: boolean;
  readonly literal?: string;
  readonly prefix?: string;
  private built?: readonly Segment[];

  constructor(private readonly pattern: string, star: boolean) {
    this.hasStar = star;
    this.exact = !star;
    if (star) this.prefix = pattern.slice(0, -1);
    else this.literal = pattern;
  }

  get segments(): readonly Segment[] {
    return (this.built ??= compileGlobParts([{ kind: 'pattern', text: this.pattern }], false).segments);
  }
}

function simpleGlob(pattern: string): CompiledGlob | undefined {
  if (pattern.includes('?')) return undefined;
  const star = pattern.indexOf('*');
  if (star >= 0 && star !== pattern.length - 1) return undefined;
  return new FixedGlob(pattern, star >= 0);
}

/** Compiles a pattern (a string with glob meaning, or parts mixing glob and literal text). */
export function compileGlob(pattern: string | readonly GlobPart[], options: GlobOptions = {}): CompiledGlob {
  const ignoreCase = options.ignoreCase ?? false;
  if (typeof pattern === 'string' && !ignoreCase) {
    const simple = simpleGlob(pattern);
    if (simple) return simple;
  }
  return compileGlobParts(typeof pattern === 'string' ? [{ kind: 'pattern', text: pattern }] : pattern, ignoreCase);
}

function compileGlobParts(parts: readonly GlobPart[], ignoreCase: boolean): CompiledGlob {
  const tokens: number[] = [];
  for (const part of parts) {
    for (let i = 0; i < part.text.length; i++) {
      const c = part.text.charCodeAt(i);
      if (part.kind === 'pattern' && c === 42) tokens.push(STAR);
      else if (part.kind === 'pattern' && c === 63) tokens.push(ANY);
      else tokens.push(ignoreCase ? foldUnit(c) : c);
    }
  }
  const segments: Segment[] = [];
  let current: number[] = [];
  let hasStar = false;
  let exact = true;
  for (const t of tokens) {
    if (t === STAR) {
      hasStar = true;
      exact = false;
      // A segment closed by a star, other than the first, is a middle one: the only kind searched for.
      segments.push(makeSegment(current, segments.length > 0));
      current = [];
    } else {
      if (t === ANY) exact = false;
      current.push(t);
    }
  }
  segments.push(makeSegment(current, false));
  if (exact && !ignoreCase) return { segments, hasStar, ignoreCase, exact, literal: parts.map((p) => p.text).join('') };
  return { segments, hasStar, ignoreCase, exact };
}

function matchesAt(seg: Segment, text: string, at: number, ignoreCase: boolean, counter: StepCounter | undefined): boolean {
  const { units, any } = seg;
  for (let i = 0; i < units.length; i++) {
    if (counter) counter.steps++;
    if (any && any[i] === 1) continue;
    if (unitAt(text, at + i, ignoreCase) !== units[i]) return false;
  }
  return true;
}

/** Leftmost index ≥ from where seg occurs entirely before `end`, or -1. */
function find(seg: Segment, text: string, from: number, end: number, ignoreCase: boolean, counter: StepCounter | undefined): number {
  const len = seg.units.length;
  if (len === 0) return from;
  if (seg.failure) {
    const { units, failure } = seg;
    let k = 0;
    for (let i = from; i < end; i++) {
      const c = unitAt(text, i, ignoreCase);
      while (k > 0 && c !== units[k]) {
        if (counter) counter.steps++;
        k = failure[k - 1] ?? 0;
      }
      if (counter) counter.steps++;
      if (c === units[k]) k++;
      if (k === len) return i - len + 1;
    }
    return -1;
  }
  if (seg.masks) return shiftAnd(seg.masks, len, text, from, end, ignoreCase, counter);
  for (let at = from; at + len <= end; at++) {
    if (matchesAt(seg, text, at, ignoreCase, counter)) return at;
  }
  return -1;
}

/**
 * Leftmost occurrence by Shift-And: bit i of the state is set when the
 * segment's first i+1 positions match the text ending here. Every occurrence
 * has the segment's length, so the first one to end is the leftmost.
 */
function shiftAnd(masks: ShiftAndMasks, len: number, text: string, from: number, end: number, ignoreCase: boolean, counter: StepCounter | undefined): number {
  const { words, byUnit, other } = masks;
  const lastWord = (len - 1) >>> 5;
  const lastBit = 1 << ((len - 1) & 31);
  if (words === 1) {
    let state = 0;
    for (let i = from; i < end; i++) {
      if (counter) counter.steps++;
      state = ((state << 1) | 1) & (byUnit.get(unitAt(text, i, ignoreCase)) ?? other)[0]!;
      if (state & lastBit) return i - len + 1;
    }
    return -1;
  }
  const state = new Uint32Array(words);
  for (let i = from; i < end; i++) {
    const mask = byUnit.get(unitAt(text, i, ignoreCase)) ?? other;
    let carry = 1;
    for (let w = 0; w < words; w++) {
      if (counter) counter.steps++;
      const word = state[w]!;
      state[w] = ((word << 1) | carry) & mask[w]!;
      carry = word >>> 31;
    }
    if (state[lastWord]! & lastBit) return i - len + 1;
  }
  return -1;
}

/** Tests a compiled glob against text. Pass a counter to measure work. */
export function matchGlob(glob: CompiledGlob, text: string, counter?: StepCounter): boolean {
  if (glob.literal !== undefined && !counter) return text === glob.literal;
  if (glob.prefix !== undefined && !counter) return text.startsWith(glob.prefix);
  return matchGlobIn(glob, text, 0, text.length, counter);
}

/** Tests a compiled glob against `text.slice(start, end)` without cutting it out (an ARN part, say). */
export function matchGlobIn(glob: CompiledGlob, text: string, start: number, end: number, counter?: StepCounter): boolean {
  if (!counter) {
    const fixed = glob.literal ?? glob.prefix;
    if (fixed !== undefined) {
      const n = end - start;
      return (glob.literal !== undefined ? n === fixed.length : n >= fixed.length) && text.startsWith(fixed, start);
    }
  }
  const { ignoreCase } = glob;
  const segs = glob.segments;
  const first = segs[0];
  const n = end - start;
  if (!first) return n === 0;
  if (!glob.hasStar) {
    return n === first.units.length && matchesAt(first, text, start, ignoreCase, counter);
  }
  const last = segs[segs.length - 1] ?? first;
  if (first.units.length + last.units.length > n) return false;
  if (!matchesAt(first, text, start, ignoreCase, counter)) return false;
  const tailStart = end - last.units.length;
  if (!matchesAt(last, text, tailStart, ignoreCase, counter)) return false;
  let pos = start + first.units.length;
  for (let s = 1; s < segs.length - 1; s++) {
    const seg = segs[s];
    if (!seg || seg.units.length === 0) continue;
    const at = find(seg, text, pos, tailStart, ignoreCase, counter);
    if (at < 0) return false;
    pos = at + seg.units.length;
  }
  return true;
}

/** One-shot convenience: does `text` match the glob `pattern`? */
export function wildcardMatch(pattern: string, text: string, options: GlobOptions = {}): boolean {
  return matchGlob(compileGlob(pattern, options), text);
}

/** True when the string holds a glob wildcard. */
export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}
