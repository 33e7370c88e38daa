import { describe, expect, it } from 'vitest';
import { ERROR, FALSE, JUNCTIONS, STATUS_OF, TRI_VALUES, TRUE, UNKNOWN, join, triAnd, triNot, triOr, type Junction, type Tri } from '../../src/engine/tri.js';

const NAME: Record<Tri, string> = { [FALSE]: 'F', [TRUE]: 'T', [UNKNOWN]: 'U', [ERROR]: 'E' };

/**
 * The documented semantics, written as rules rather than tables: a decisive
 * operand decides; otherwise ERROR beats UNKNOWN beats the junction's neutral value.
 */
function oracle(kind: Junction, values: readonly Tri[]): Tri {
  const decisive = kind === 'all' ? FALSE : TRUE;
  if (values.includes(decisive)) return decisive;
  if (values.includes(ERROR)) return ERROR;
  if (values.includes(UNKNOWN)) return UNKNOWN;
  return kind === 'all' ? TRUE : FALSE;
}

function sequences(length: number): Tri[][] {
  if (length === 0) return [[]];
  return sequences(length - 1).flatMap((s) => TRI_VALUES.map((v) => [...s, v]));
}

describe('three-valued logic with ERROR', () => {
  it('not swaps TRUE and FALSE and keeps UNKNOWN and ERROR', () => {
    expect(TRI_VALUES.map((v) => NAME[triNot(v)]).join('')).toBe('TFUE');
  });

  it('all, pair by pair (rows a = F T U E, columns b = F T U E)', () => {
    const table = TRI_VALUES.map((a) => TRI_VALUES.map((b) => NAME[triAnd(a, b)]).join(' '));
    expect(table).toEqual(['F F F F', 'F T U E', 'F U U E', 'F E E E']);
  });

  it('any, pair by pair (rows a = F T U E, columns b = F T U E)', () => {
    const table = TRI_VALUES.map((a) => TRI_VALUES.map((b) => NAME[triOr(a, b)]).join(' '));
    expect(table).toEqual(['F T U E', 'T T T T', 'U T U E', 'E T E E']);
  });

  it('on TRUE, FALSE and UNKNOWN alone it is Kleene strong logic', () => {
    const kleene = [FALSE, TRUE, UNKNOWN] as const;
    for (const a of kleene) {
      for (const b of kleene) {
        // Kleene: min/max over the order FALSE < UNKNOWN < TRUE.
        const rank = (v: Tri) => (v === FALSE ? 0 : v === UNKNOWN ? 1 : 2);
        const byRank = [FALSE, UNKNOWN, TRUE] as const;
        expect(triAnd(a, b)).toBe(byRank[Math.min(rank(a), rank(b))]);
        expect(triOr(a, b)).toBe(byRank[Math.max(rank(a), rank(b))]);
      }
    }
  });

  it('join agrees with the documented rules on every sequence of up to four values', () => {
    for (const kind of ['all', 'any'] as const) {
      for (let n = 0; n <= 4; n++) {
        for (const values of sequences(n)) {
          expect(`${kind}(${values.map((v) => NAME[v]).join('')}) = ${NAME[join(kind, values.length, (i) => values[i] as Tri)]}`).toBe(
            `${kind}(${values.map((v) => NAME[v]).join('')}) = ${NAME[oracle(kind, values)]}`,
          );
        }
      }
    }
  });

  it('UNKNOWN and ERROR never become TRUE: all is TRUE only when every operand is', () => {
    for (let n = 1; n <= 3; n++) {
      for (const values of sequences(n)) {
        const t = join('all', values.length, (i) => values[i] as Tri);
        expect(t === TRUE).toBe(values.every((v) => v === TRUE));
        // Nor through negation: not(any) is TRUE only when every operand is FALSE.
        expect(triNot(join('any', values.length, (i) => values[i] as Tri)) === TRUE).toBe(values.every((v) => v === FALSE));
      }
    }
  });

  it('De Morgan holds for every pair', () => {
    for (const a of TRI_VALUES) {
      for (const b of TRI_VALUES) {
        expect(triNot(triAnd(a, b))).toBe(triOr(triNot(a), triNot(b)));
        expect(triNot(triOr(a, b))).toBe(triAnd(triNot(a), triNot(b)));
      }
    }
  });

  it('join stops at the first decisive value and evaluates nothing after it', () => {
    const seen: number[] = [];
    const values: Tri[] = [TRUE, ERROR, FALSE, UNKNOWN];
    expect(join('all', values.length, (i) => (seen.push(i), values[i] as Tri))).toBe(FALSE);
    expect(seen).toEqual([0, 1, 2]);
    expect(JUNCTIONS.any.decisive).toBe(TRUE);
  });

  it('each value stands for one result status', () => {
    expect(TRI_VALUES.map((v) => STATUS_OF[v])).toEqual(['FAIL', 'PASS', 'UNKNOWN', 'ERROR']);
  });
});
