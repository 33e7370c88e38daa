import { describe, expect, it } from 'vitest';
import { renderConsole, useColor } from '../../src/report/console.js';
import { loadResults } from './fixtures.js';

describe('console summary', () => {
  it('prints a severity × status table and the top failing rules', () => {
    const text = renderConsole(loadResults('small'), { color: false, quiet: false });
    expect(text).toMatch(/^severity\s+FAIL\s+ERROR\s+UNKNOWN\s+PASS$/m);
    expect(text).toMatch(/^critical\s+1\s+1\s+0\s+0$/m);
    expect(text).toMatch(/^high\s+2\s+0\s+1\s+1$/m);
    expect(text).toMatch(/^total\s+4\s+1\s+1\s+2$/m);
    expect(text).toMatch(/top failing rules:\n\s+1\s+critical\s+ebs-volume-encrypted.*\n\s+2\s+high\s+s3-bucket-tls-only/);
    expect(text).toContain('1 collection error(s)');
    expect(text).not.toContain('\u001b[');
  });

  it('colours only when asked', () => {
    expect(renderConsole(loadResults('small'), { color: true, quiet: false })).toContain('\u001b[31m');
  });

  it('prints nothing in quiet mode', () => {
    expect(renderConsole(loadResults('small'), { color: true, quiet: true })).toBe('');
  });

  it('uses colour on a terminal unless NO_COLOR is set', () => {
    expect(useColor({ isTTY: true }, {})).toBe(true);
    expect(useColor({ isTTY: false }, {})).toBe(false);
    expect(useColor({}, {})).toBe(false);
    expect(useColor({ isTTY: true }, { NO_COLOR: '' })).toBe(false);
    expect(useColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
  });

  it('never passes control characters from the data to the terminal', () => {
    const scan = loadResults('hostile');
    scan.rules[0] = { ...scan.rules[0]!, title: 'evil \u001b]0;pwned\u0007 title' };
    const text = renderConsole(scan, { color: false, quiet: false });
    expect(/[\u0000-\u0009\u000b-\u001f\u007f]/.test(text)).toBe(false);
  });

  it('handles an empty scan', () => {
    const text = renderConsole(loadResults('empty'), { color: false, quiet: false });
    expect(text).toMatch(/^total\s+0\s+0\s+0\s+0$/m);
    expect(text).not.toContain('top failing rules');
  });
});
