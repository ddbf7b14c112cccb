import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

describe('the getting-started example (src/quick-start.ts, included in the docs site)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('reports a streetlight, fixes it and journals both steps on embedded PGlite', async () => {
    vi.stubEnv('QUICK_START_DATA', join(mkdtempSync(join(tmpdir(), 'gridflow-quick-start-')), 'data'));
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await import('../src/quick-start.js');
    const [created = [], fixed] = log.mock.calls;
    expect(created[0]).toBe('reported');
    expect(created[1]).toBeInstanceOf(Date);
    expect((created[1] as Date).getTime()).toBeGreaterThan(Date.now());
    expect(fixed).toEqual(['fixed', 2]);
  }, 300_000);
});
