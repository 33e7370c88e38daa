import type { Status } from './result.js';

/**
 * The truth value of a condition: Kleene's three values plus ERROR.
 *
 * - `UNKNOWN`: the data needed was not there (not collected, not in the source).
 * - `ERROR`: the condition could not be evaluated on the data that was there
 *   (an operand of the wrong kind: a rule bug or data unlike what the schema says).
 *
 * ERROR is a second, stronger kind of "undecided": a combination that its
 * operand cannot change (`all` with a FALSE, `any` with a TRUE) keeps its value,
 * exactly as Kleene logic treats UNKNOWN; a combination it could change is
 * ERROR, even beside an UNKNOWN, because a broken evaluation must be reported as
 * such and not read as mere missing data. Neither value ever becomes TRUE.
 */
export type Tri = 0 | 1 | 2 | 3;
export const FALSE = 0;
export const TRUE = 1;
export const UNKNOWN = 2;
export const ERROR = 3;

/** Every truth value, in table order: for loops over all cases (tests, table checks). */
export const TRI_VALUES: readonly Tri[] = [FALSE, TRUE, UNKNOWN, ERROR];

/** How `all` and `any` combine two values, and how `not` turns one: the only place the logic is written. */
const NOT: readonly Tri[] = [TRUE, FALSE, UNKNOWN, ERROR];
const AND: readonly (readonly Tri[])[] = [
  /*           F      T        U        E  */
  /* F */ [FALSE, FALSE, FALSE, FALSE],
  /* T */ [FALSE, TRUE, UNKNOWN, ERROR],
  /* U */ [FALSE, UNKNOWN, UNKNOWN, ERROR],
  /* E */ [FALSE, ERROR, ERROR, ERROR],
];
const OR: readonly (readonly Tri[])[] = [
  /*           F      T     U        E  */
  /* F */ [FALSE, TRUE, UNKNOWN, ERROR],
  /* T */ [TRUE, TRUE, TRUE, TRUE],
  /* U */ [UNKNOWN, TRUE, UNKNOWN, ERROR],
  /* E */ [ERROR, TRUE, ERROR, ERROR],
];

/** A way to join many values: `all` (conjunction) or `any` (disjunction). */
export type Junction = 'all' | 'any';

/** Per junction: its table, the value that decides it whatever else comes, and its value over no operands. */
export const JUNCTIONS: Readonly<Record<Junction, { table: readonly (readonly Tri[])[]; decisive: Tri; empty: Tri }>> = {
  all: { table: AND, decisive: FALSE, empty: TRUE },
  any: { table: OR, decisive: TRUE, empty: FALSE },
};

export const triNot = (v: Tri): Tri => NOT[v] as Tri;
export const triAnd = (a: Tri, b: Tri): Tri => (AND[a] as readonly Tri[])[b] as Tri;
export const triOr = (a: Tri, b: Tri): Tri => (OR[a] as readonly Tri[])[b] as Tri;

/**
 * Joins `count` values produced on demand by `at(i)`, stopping at the first
 * decisive one: `at` is a child condition or an array element, evaluated only
 * as far as the verdict needs.
 */
export function join(kind: Junction, count: number, at: (i: number) => Tri): Tri {
  const { table, decisive, empty } = JUNCTIONS[kind];
  let acc = empty;
  for (let i = 0; i < count; i++) {
    acc = (table[acc] as readonly Tri[])[at(i)] as Tri;
    if (acc === decisive) return acc;
  }
  return acc;
}

/** Whether a value leaves the verdict open: UNKNOWN or ERROR. */
export const undecided = (v: Tri): boolean => v >= UNKNOWN;

/** The result status a truth value stands for. */
export const STATUS_OF: readonly Status[] = ['FAIL', 'PASS', 'UNKNOWN', 'ERROR'];
