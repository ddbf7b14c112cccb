import { describe, expect, it } from 'vitest';
import { permanentFailure, retryAfter, retryAfterMsOf } from '../src/effects/effects.js';
import { createTestEngine } from '../src/testing/test-engine.js';
import { type WriteBack, worker, writeBackFlow } from './fixtures/write-back-flow.js';

const MINUTE = 60_000;

/** A write-back flow on the virtual clock whose write-back handler is given, with `maxAttempts: 2`. */
function setupWith(writeBack: (delivery: { payload: WriteBack; attempt: number }) => void) {
  const t = createTestEngine({
    flows: [writeBackFlow],
    effects: { writeBack, notify: () => {} },
    tuning: { maxAttempts: 2, backoffBaseMs: 1000 },
  });
  const failed: Array<{ retryAfterMs: number | null; nextAttemptAt: Date }> = [];
  const dead: string[] = [];
  t.engine.events.on('effect.failed', (e) =>
    failed.push({ retryAfterMs: e.retryAfterMs, nextAttemptAt: e.nextAttemptAt }),
  );
  t.engine.events.on('effect.deadLettered', (e) => dead.push(e.effect.id));
  return { ...t, failed, dead };
}

describe('retry-after', () => {
  it('waits at least the hint before the next attempt and never dead-letters for it, even with maxAttempts 2', async () => {
    const calls: Array<{ at: number; attempt: number }> = [];
    const t = setupWith(({ attempt }) => {
      calls.push({ at: t.clock.now().getTime(), attempt });
      // WeCom 45009 five times in a row, then the platform takes it.
      if (calls.length <= 5) throw retryAfter(new Error('wecom 45009: api freq out of limit'), 10 * MINUTE);
    });
    const start = t.clock.now().getTime();
    const c = await t.engine.createCase({ flow: 'write-back', actor: worker, orgUnit: 'district' });
    await t.engine.send({ caseId: c.id, actor: worker, event: { type: 'ping', n: 1 } });
    await t.flush();
    expect(calls).toHaveLength(1);

    await t.advance(10 * MINUTE - 1);
    expect(calls).toHaveLength(1);
    await t.advance(2 * 60 * MINUTE);

    expect(calls).toHaveLength(6);
    for (const [i, call] of calls.slice(1).entries()) {
      expect(call.at - calls[i]!.at).toBeGreaterThanOrEqual(10 * MINUTE);
      expect(call.at - calls[i]!.at).toBeLessThanOrEqual(11 * MINUTE);
    }
    // Not counted: every call is still the first attempt, and nothing was dead-lettered.
    expect(calls.map((call) => call.attempt)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(t.dead).toEqual([]);
    expect(t.failed.map((f) => f.retryAfterMs)).toEqual([
      10 * MINUTE,
      10 * MINUTE,
      10 * MINUTE,
      10 * MINUTE,
      10 * MINUTE,
    ]);
    const [row] = (await t.engine.storage.listOutbox({ caseId: c.id, status: 'delivered' })).items.filter(
      (r) => r.type === 'writeBack',
    );
    expect(row).toMatchObject({ attempts: 1, lastError: 'wecom 45009: api freq out of limit' });
    expect(row!.deliveredAt!.getTime() - start).toBeGreaterThanOrEqual(50 * MINUTE);
  });

  it('still counts ordinary failures, so one after a retry-after dead-letters at maxAttempts', async () => {
    const errors = [
      new Error('HTTP 503'),
      retryAfter(new Error('HTTP 429'), 5 * MINUTE),
      new Error('HTTP 503'),
    ];
    const attempts: number[] = [];
    const t = setupWith(({ attempt }) => {
      attempts.push(attempt);
      throw errors.shift() ?? new Error('unexpected call');
    });
    const c = await t.engine.createCase({ flow: 'write-back', actor: worker, orgUnit: 'district' });
    await t.engine.send({ caseId: c.id, actor: worker, event: { type: 'ping', n: 1 } });
    await t.advance(60 * MINUTE);
    expect(attempts).toEqual([1, 2, 2]);
    expect(t.dead).toEqual([`${c.id}:2:0`]);
    expect((await t.engine.deadLetters()).items).toMatchObject([{ attempts: 2, lastError: 'HTTP 503' }]);
  });

  it('holds the rest of an ordering key back while its first row waits out a retry-after', async () => {
    const delivered: Array<{ n: number; at: number }> = [];
    let limited = true;
    const t = setupWith(({ payload }) => {
      if (limited) {
        limited = false;
        throw retryAfter(new Error('HTTP 429'), 3 * MINUTE);
      }
      delivered.push({ n: payload.n, at: t.clock.now().getTime() });
    });
    const start = t.clock.now().getTime();
    const c = await t.engine.createCase({ flow: 'write-back', actor: worker, orgUnit: 'district' });
    for (const n of [1, 2, 3])
      await t.engine.send({ caseId: c.id, actor: worker, event: { type: 'ping', n } });
    await t.advance(3 * MINUTE - 1);
    expect(delivered).toEqual([]);
    await t.advance(MINUTE);
    expect(delivered.map((d) => d.n)).toEqual([1, 2, 3]);
    expect(delivered.every((d) => d.at - start >= 3 * MINUTE)).toBe(true);
  });

  it('lets a permanent failure win over a retry-after hint', async () => {
    const t = setupWith(() => {
      throw permanentFailure(retryAfter(new Error('HTTP 403 and Retry-After'), MINUTE));
    });
    const c = await t.engine.createCase({ flow: 'write-back', actor: worker, orgUnit: 'district' });
    await t.engine.send({ caseId: c.id, actor: worker, event: { type: 'ping', n: 1 } });
    await t.flush();
    expect(t.dead).toEqual([`${c.id}:2:0`]);
  });

  it('reads the hint back, and refuses one that is not a finite, non-negative number of milliseconds', () => {
    expect(retryAfterMsOf(retryAfter(new Error('HTTP 429'), 1500))).toBe(1500);
    expect(retryAfterMsOf(retryAfter('busy', 0))).toBe(0);
    expect(retryAfterMsOf(new Error('HTTP 500'))).toBeNull();
    expect(retryAfterMsOf(null)).toBeNull();
    expect(retryAfterMsOf({ retryAfterMs: Number.NaN })).toBeNull();
    for (const ms of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => retryAfter(new Error('x'), ms)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field: 'retryAfterMs' } }),
      );
    }
  });
});
