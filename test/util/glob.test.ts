import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob, matchGlob, matchGlobIn, wildcardMatch, type StepCounter } from '../../src/util/glob.js';

// IAM User Guide, "IAM JSON policy elements: Resource" and "Action": `*` matches any
// combination of characters, `?` any single character; actions ignore case, ARNs do not.
const cases: [pattern: string, text: string, ignoreCase: boolean, expected: boolean][] = [
  ['s3:*', 's3:GetObject', true, true],
  ['s3:Get*', 'S3:GETOBJECT', true, true],
  ['s3:Get*', 'S3:GETOBJECT', false, false],
  ['iam:*AccessKey*', 'iam:CreateAccessKey', true, true],
  ['arn:aws:s3:::example?bucket/*', 'arn:aws:s3:::example1bucket/a/b', false, true],
  ['arn:aws:s3:::example?bucket/*', 'arn:aws:s3:::examplebucket/a', false, false],
  ['*', '', false, true],
  ['', '', false, true],
  ['', 'a', false, false],
  ['a*', 'a', false, true],
  ['*a', 'ba', false, true],
  ['a*b*c', 'abc', false, true],
  ['a*b*c', 'acb', false, false],
  ['a*ab', 'aab', false, true],
  ['*?', '', false, false],
  ['?*?', 'ab', false, true],
  ['**', 'x', false, true],
  ['a*a', 'a', false, false],
];

/** Reference matcher: a RegExp built here, in the test, from an escaped pattern. */
function reference(pattern: string, text: string, ignoreCase: boolean): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(text);
}

describe('wildcard matcher', () => {
  it.each(cases)('%s vs %s (ignoreCase %s) → %s', (pattern, text, ignoreCase, expected) => {
    expect(wildcardMatch(pattern, text, { ignoreCase })).toBe(expected);
  });

  it('agrees with a regular-expression reference on random patterns', () => {
    const alphabet = fc.constantFrom('a', 'b', 'A', '*', '?', '/', ':');
    const textAlphabet = fc.constantFrom('a', 'b', 'A', '/', ':', '*');
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 10 }).map((a) => a.join('')),
        fc.array(textAlphabet, { maxLength: 14 }).map((a) => a.join('')),
        fc.boolean(),
        (pattern, text, ignoreCase) => wildcardMatch(pattern, text, { ignoreCase }) === reference(pattern, text, ignoreCase),
      ),
      { seed: 7, numRuns: 3000 },
    );
  });

  it('matches plain and trailing-star patterns by comparison as the general path does, in place within a text too', () => {
    // Patterns without `?` and with at most a final `*` take the string-comparison path; a step counter forces the general one.
    const alphabet = fc.constantFrom('a', 'b', '/', ':');
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 8 }).map((a) => a.join('')),
        fc.boolean(),
        fc.array(alphabet, { maxLength: 10 }).map((a) => a.join('')),
        fc.string({ maxLength: 3 }),
        fc.string({ maxLength: 3 }),
        (body, star, text, before, after) => {
          const pattern = star ? `${body}*` : body;
          const glob = compileGlob(pattern);
          const expected = reference(pattern, text, false);
          const counter: StepCounter = { steps: 0 };
          return (
            matchGlob(glob, text) === expected &&
            matchGlob(glob, text, counter) === expected &&
            matchGlobIn(glob, `${before}${text}${after}`, before.length, before.length + text.length) === expected
          );
        },
      ),
      { seed: 11, numRuns: 3000 },
    );
  });

  it('treats literal parts as text, not wildcards', () => {
    const g = compileGlob([
      { kind: 'pattern', text: 'home/' },
      { kind: 'literal', text: '*' },
      { kind: 'pattern', text: '/*' },
    ]);
    expect(matchGlob(g, 'home/*/x')).toBe(true);
    expect(matchGlob(g, 'home/alice/x')).toBe(false);
  });

  it('stays linear on hostile star patterns (bounded steps, not wall time)', () => {
    const text = 'a'.repeat(100_000);
    const pattern = `${'a*'.repeat(500)}b`;
    const counter: StepCounter = { steps: 0 };
    expect(matchGlob(compileGlob(pattern), text, counter)).toBe(false);
    expect(counter.steps).toBeLessThan(4 * (text.length + pattern.length));
    const counter2: StepCounter = { steps: 0 };
    const pattern2 = `*${'a'.repeat(1000)}b*`;
    expect(matchGlob(compileGlob(pattern2), text, counter2)).toBe(false);
    expect(counter2.steps).toBeLessThan(4 * (text.length + pattern2.length));
    const counter3: StepCounter = { steps: 0 };
    expect(matchGlob(compileGlob(`*${'a*'.repeat(2000)}`), text, counter3)).toBe(true);
    expect(counter3.steps).toBeLessThan(4 * (text.length + 4000));
  });

  it('stays within text × ⌈pattern/32⌉ word steps when segments between stars hold `?` (1 MB of adversarial text)', () => {
    const text = 'a'.repeat(2 ** 20);
    const hostile = [
      // Every position starts a near-match that fails at the segment's last unit.
      `*${'a?'.repeat(500)}b*`,
      `*${'?'.repeat(500)}ab*`,
      `${'*?a?'.repeat(40)}*${'?a'.repeat(200)}b*`,
      `*${'a'.repeat(300)}?b*`,
    ];
    for (const pattern of hostile) {
      const counter: StepCounter = { steps: 0 };
      expect(matchGlob(compileGlob(pattern), text, counter)).toBe(false);
      // Each text unit is read once per segment word: a bound proportional to text × pattern, 32 pattern units to a step.
      expect(counter.steps).toBeLessThanOrEqual(2 * text.length * Math.ceil(pattern.length / 32));
    }
  });

  it('finds the leftmost placement of `?` segments longer than one word, as a regular expression does', () => {
    const alphabet = fc.constantFrom('a', 'b', '?');
    fc.assert(
      fc.property(
        fc.array(alphabet, { minLength: 30, maxLength: 70 }).map((a) => a.join('')),
        fc.array(fc.constantFrom('a', 'b'), { maxLength: 120 }).map((a) => a.join('')),
        fc.boolean(),
        (middle, text, ignoreCase) => {
          const pattern = `a*${middle}*?b`;
          return wildcardMatch(pattern, text, { ignoreCase }) === reference(pattern, text, ignoreCase);
        },
      ),
      { seed: 13, numRuns: 2000 },
    );
  });
});
