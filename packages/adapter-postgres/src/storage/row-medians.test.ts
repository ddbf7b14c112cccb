import { describe, expect, it } from 'vitest';
import { rowMedians } from './row-medians.js';

describe('rowMedians', () => {
  it('gives each row the median of its units, as the engine computes it, and null for a row with none', () => {
    const hours = new Map([
      ['grid-a', [0.1, 2.3, 7]],
      ['grid-b', [0.2, 1e-7, 3.3333333333333335].sort((a, b) => a - b)],
      ['comm', [5, 9]],
    ]);
    const pairs = [
      { row: 'comm', unit: 'comm' },
      { row: 'comm', unit: 'grid-a' },
      { row: 'comm', unit: 'grid-b' },
      { row: 'grid-a', unit: 'grid-a' },
      { row: 'grid-c', unit: 'grid-c' },
    ];
    expect(rowMedians(pairs, hours)).toEqual([
      // 1e-7, 0.1, 0.2, 2.3 | 3.33…, 5, 7, 9: the mean of the two middle values
      { row: 'comm', medianHandlingHours: (2.3 + 3.3333333333333335) / 2 },
      { row: 'grid-a', medianHandlingHours: 2.3 },
      { row: 'grid-c', medianHandlingHours: null },
    ]);
  });
});
