import { describe, expect, it } from 'vitest';
import { ANNOTATION_LIMIT, annotation } from '../../src/aws-config-rule/annotation.js';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

describe('annotation', () => {
  it('keeps a short text as it is', () => {
    expect(annotation('S3 bucket "a" is not encrypted.')).toBe('S3 bucket "a" is not encrypted.');
  });

  it('cuts a long text to 256 characters at a word boundary, with an ellipsis', () => {
    const text = words(60);
    const out = annotation(text);
    expect(out.length).toBeLessThanOrEqual(ANNOTATION_LIMIT);
    expect(out.length).toBeGreaterThan(ANNOTATION_LIMIT - 30);
    expect(out.endsWith('…')).toBe(true);
    expect(text.startsWith(out.slice(0, -1))).toBe(true);
    expect(out.at(-2)).toMatch(/[0-9]/);
  });

  it('cuts inside a long word when no space is near (an ARN), exactly at the limit', () => {
    const out = annotation(`key arn:aws:kms:eu-west-1:111122223333:key/${'x'.repeat(400)}`);
    expect(out).toHaveLength(ANNOTATION_LIMIT);
  });

  it('keeps the tail whole when the head is cut', () => {
    const out = annotation(words(60), '(+3 more)');
    expect(out.length).toBeLessThanOrEqual(ANNOTATION_LIMIT);
    expect(out.endsWith('… (+3 more)')).toBe(true);
  });

  it('makes control characters and line breaks one space', () => {
    expect(annotation('a\u0000b\n\r\tc\u001b[31m d')).toBe('a b c [31m d');
  });

  it('never splits a surrogate pair', () => {
    const out = annotation(`${'x'.repeat(254)}😀😀`);
    expect(out).toBe(`${'x'.repeat(254)}…`);
  });

  it('is never empty', () => {
    expect(annotation('\n')).toBe('-');
  });
});
