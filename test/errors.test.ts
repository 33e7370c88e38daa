import { describe, expect, it } from 'vitest';
import { clip, terminalSafe } from '../src/errors.js';
import { consoleNote } from '../src/gate/suppressions.js';

describe('terminalSafe', () => {
  it('shows ESC sequences, OSC 52, C1 controls, bidi overrides and lone surrogates as visible escapes', () => {
    expect(terminalSafe('a\u001b[31mred\u001b]52;c;ZXZpbA==\u0007')).toBe('a\\x1b[31mred\\x1b]52;c;ZXZpbA==\\x07');
    expect(terminalSafe('x\u009by\u202egnp.exe\u2066')).toBe('x\\x9by\\u202egnp.exe\\u2066');
    expect(terminalSafe('lone \ud800 pair \ud83d\ude00')).toBe('lone \\ud800 pair \ud83d\ude00');
    expect(terminalSafe('two\nlines\t', { keepLines: true })).toBe('two\nlines\t');
    expect(terminalSafe('two\nlines')).toBe('two\\x0alines');
  });

  it('clip escapes too', () => {
    expect(clip('\u001b]0;title\u0007')).toBe('\\x1b]0;title\\x07');
  });

  it('caps a suppression note on the console', () => {
    const note = consoleNote(`suppression stale (s.yaml:3): ${'r'.repeat(1000)}`);
    expect(note.length).toBeLessThan(400);
    expect(note).toMatch(/… \(1030 chars; full text in the reports\)$/);
  });
});
