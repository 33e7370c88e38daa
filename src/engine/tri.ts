/** Three-valued logic (Kleene): a condition is TRUE, FALSE or UNKNOWN, and UNKNOWN never turns into TRUE. */
export type Tri = 0 | 1 | 2;
export const FALSE: Tri = 0;
export const TRUE: Tri = 1;
export const UNKNOWN: Tri = 2;

export const triNot = (v: Tri): Tri => (v === UNKNOWN ? UNKNOWN : v === TRUE ? FALSE : TRUE);
export const triOf = (b: boolean): Tri => (b ? TRUE : FALSE);
