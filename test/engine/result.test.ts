import { describe, expect, it } from 'vitest';
import { SEVERITY_LEVEL, compareSeverity } from '../../src/engine/result.js';

describe('severity order', () => {
  it('gives higher levels to more severe findings, the one scale gate and config compare on', () => {
    expect(SEVERITY_LEVEL).toEqual({ critical: 4, high: 3, medium: 2, low: 1, info: 0 });
  });

  it('sorts most severe first, and anything that is not a severity last', () => {
    const sorted = ['low', 'constructor', 'critical', 'info', '__proto__', 'medium', 'high'].sort(compareSeverity);
    expect(sorted.slice(0, 5)).toEqual(['critical', 'high', 'medium', 'low', 'info']);
    expect(sorted.slice(5).sort()).toEqual(['__proto__', 'constructor']);
  });
});
