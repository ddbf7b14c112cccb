import { makeCaseRecord } from '../../testing/storage-fixtures.js';
import { describe, expect, it } from 'vitest';
import { CaseCache } from './case-cache.js';

describe('CaseCache', () => {
  it('never holds more than its capacity and evicts the least recently used first', () => {
    const cache = new CaseCache(10);
    const records = Array.from({ length: 30 }, () => makeCaseRecord());
    for (const [i, record] of records.entries()) {
      cache.set(record);
      // Keep the first case in use: it must survive every eviction.
      if (i % 3 === 0) cache.get(records[0]!.id);
    }
    const held = records.filter((r) => cache.get(r.id) !== undefined);
    expect(held.length).toBeLessThanOrEqual(10);
    expect(held.length).toBeGreaterThanOrEqual(9);
    expect(held).toContain(records[0]);
    expect(held).toContain(records[29]);
    expect(held).not.toContain(records[1]);
  });

  it('holds nothing with capacity 0', () => {
    const cache = new CaseCache(0);
    const record = makeCaseRecord();
    cache.set(record);
    expect(cache.get(record.id)).toBeUndefined();
  });
});
