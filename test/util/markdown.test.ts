import { describe, expect, it } from 'vitest';
import { escapeMarkdown, markdownCode } from '../../src/util/markdown.js';

describe('escapeMarkdown', () => {
  it('leaves no link, image, HTML, code, emphasis or cell break active', () => {
    const text = escapeMarkdown('[x](javascript:alert(1)) ![i](http://e/x.png) <img src=x> `c` *b* _i_ a|b # h');
    expect(text).toBe(
      '\\[x\\]\\(javascript\\:alert\\(1\\)\\) \\!\\[i\\]\\(http\\:\\/\\/e\\/x\\.png\\) \\<img src\\=x\\> \\`c\\` \\*b\\* \\_i\\_ a\\|b \\# h',
    );
    // Every punctuation character is preceded by a backslash, so none keeps a Markdown meaning.
    expect(text.replace(/\\./g, '')).toMatch(/^[A-Za-z0-9 ]*$/);
  });

  it('keeps a value on one line', () => {
    expect(escapeMarkdown('a\nb\r\nc\u2028d\u001b[31me')).toBe('a b c d \\[31me');
  });
});

describe('markdownCode', () => {
  it('makes a code span that backticks inside cannot close and pipes cannot split', () => {
    expect(markdownCode('arn:aws:s3:::a')).toBe('`arn:aws:s3:::a`');
    expect(markdownCode('a`b``c')).toBe('```a`b``c```');
    expect(markdownCode('`x')).toBe('`` `x ``');
    expect(markdownCode('a|b')).toBe('`a\\|b`');
    expect(markdownCode('a\nb')).toBe('`a b`');
  });

  it('escapes an empty or blank value as text', () => {
    expect(markdownCode('')).toBe('');
    expect(markdownCode(' ')).toBe(' ');
  });
});
