/**
 * JSON and YAML parsers turn a number no double can hold (`1e400`, YAML's
 * `.inf`) into ±Infinity, and YAML's `.nan` into NaN: values no AWS API
 * returns and no comparison handles sensibly (`-Infinity <= 365`). Inputs
 * are checked for them once parsed, and such a number is an input error
 * naming its place.
 */

/** The JSON pointer of the first number in `value` that is not finite, or undefined. Iterative: any depth is fine. */
export function nonFiniteNumberAt(value: unknown): string | undefined {
  if (!holdsNonFinite(value)) return undefined;
  // Found: walk again, this time keeping the way there (rare, so the common case builds no pointers).
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [v, pointer] = stack.pop()!;
    if (typeof v === 'number' && !Number.isFinite(v)) return pointer;
    if (typeof v !== 'object' || v === null) continue;
    const entries: [string, unknown][] = Object.entries(v as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, child] = entries[i]!;
      stack.push([child, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`]);
    }
  }
  return undefined;
}

// Runs on every resource of a scan (about a sixth of the JSON parse it follows): only objects and numbers go on the
// stack, and keys are read in place rather than through Object.values' arrays.
function holdsNonFinite(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return true;
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (const child of v as unknown[]) if (worthVisiting(child)) stack.push(child);
    } else {
      // Parsed JSON and null-prototype records: no inherited enumerable keys.
      for (const key in v) {
        const child = (v as Record<string, unknown>)[key];
        if (worthVisiting(child)) stack.push(child);
      }
    }
  }
  return false;
}

const worthVisiting = (v: unknown): boolean => typeof v === 'number' || (typeof v === 'object' && v !== null);

/** The message for such a number, after its place. */
export const NON_FINITE_NUMBER = 'number out of range: not a finite double (such as 1e400, .inf or .nan)';
