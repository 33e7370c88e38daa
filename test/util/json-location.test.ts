import { describe, expect, it } from 'vitest';
import { jsonErrorLocation } from '../../src/util/json-location.js';

function locate(text: string) {
  try {
    JSON.parse(text);
  } catch (error) {
    return jsonErrorLocation(text, error);
  }
  throw new Error('parsed');
}

describe('jsonErrorLocation', () => {
  it('places an unexpected token that V8 reports without a position', () => {
    expect(locate('{"a": x}')).toMatchObject({ line: 1, column: 7 });
    expect(locate('{\n "a": 1,\n "b": tru }')).toMatchObject({ line: 3, column: 10 });
  });

  it('calls a document that ends too early truncated', () => {
    expect(locate('{"a": [1, 2').detail).toMatch(/truncated/);
    expect(locate('{"a": "unterminated').detail).toMatch(/truncated/);
    expect(locate('{"format":"x","header":{"source"').detail).toMatch(/truncated/);
  });

  it('does not call a bad token at the end truncated', () => {
    expect(locate('{"a": 1}x').detail).not.toMatch(/truncated/);
  });
});
