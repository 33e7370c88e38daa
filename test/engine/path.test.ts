import { describe, expect, it } from 'vitest';
import { MISSING, compileGetter, formatPath, parsePath } from '../../src/engine/path.js';

describe('parsePath', () => {
  it('splits dotted paths and bracketed keys', () => {
    expect(parsePath('a.b')).toEqual(['a', 'b']);
    expect(parsePath('parameters["rds.force_ssl"]')).toEqual(['parameters', 'rds.force_ssl']);
    expect(parsePath('dbParameterGroups[*].name')).toEqual(['dbParameterGroups', { each: true }, 'name']);
  });

  it('reports malformed paths as data', () => {
    expect(parsePath('a..b')).toMatch(/empty segment/);
    expect(parsePath('a.')).toMatch(/ends with/);
    expect(parsePath('a["b')).toMatch(/unterminated/);
    expect(parsePath('a[0]')).toMatch(/expected \[\*\]/);
  });

  it('formats back to the canonical form', () => {
    expect(formatPath(['parameters', 'rds.force_ssl'])).toBe('parameters["rds.force_ssl"]');
    expect(formatPath(['a', { each: true }, 'b'])).toBe('a[*].b');
  });
});

describe('compileGetter', () => {
  it('tells absent (MISSING) from collected-and-empty (null)', () => {
    const get = compileGetter(['encryption', 'rules']);
    expect(get({})).toBe(MISSING);
    expect(get({ encryption: null })).toBeNull();
    expect(get({ encryption: { rules: [1] } })).toEqual([1]);
  });

  it('does not read inherited properties', () => {
    expect(compileGetter(['constructor'])({})).toBe(MISSING);
    expect(compileGetter(['a', 'toString'])({ a: {} })).toBe(MISSING);
  });

  it('collects values through [*]', () => {
    const get = compileGetter(['groups', { each: true }, 'name']);
    expect(get({ groups: [{ name: 'a' }, { name: 'b' }] })).toEqual(['a', 'b']);
    expect(get({ groups: null })).toEqual([]);
    expect(get({})).toBe(MISSING);
  });
});
