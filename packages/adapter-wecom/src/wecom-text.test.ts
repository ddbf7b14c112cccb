import { describe, expect, it } from 'vitest';
import { truncateUtf8 } from './wecom-text.js';

describe('truncateUtf8', () => {
  it('returns text that fits unchanged', () => {
    expect(truncateUtf8('网格', 6)).toBe('网格');
  });

  it('never splits a character, whatever the limit', () => {
    const text = 'a网🚧b格'; // 1 + 3 + 4 + 1 + 3 bytes
    const expected = ['', 'a', 'a', 'a', 'a网', 'a网', 'a网', 'a网', 'a网🚧', 'a网🚧b', 'a网🚧b', 'a网🚧b'];
    for (const [max, cut] of expected.entries()) expect(truncateUtf8(text, max), `at ${max}`).toBe(cut);
  });

  it('cuts a long markdown message to at most 4,096 bytes of valid UTF-8', () => {
    const cut = truncateUtf8(`#${'工单'.repeat(2_000)}`, 4_096);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(4_096);
    expect(Buffer.byteLength(cut)).toBeGreaterThan(4_090);
    expect(Buffer.from(cut).toString('utf8')).toBe(cut);
    expect(cut.includes('\uFFFD')).toBe(false);
  });
});
