// Must show: write-back under 10% injected failures, 429s and one engine restart mid-way (a new engine on the same
// store): for every case the platform saw its steps in the flow's order, each once (by idempotency key), none
// missing.
import type { Engine } from '@gridflow/engine';
import { PLATFORM_WRITE_BACK_EFFECT } from '@gridflow/engine/flows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hotlineClient } from '../src/hotline-client.js';
import { hotlineUnitTable } from '../src/hotline-units.js';
import { hotlineWriteBack } from '../src/hotline-write-back.js';
import { type FakeHotlinePlatform, fakeHotlinePlatform } from '../src/testing/fake-hotline-platform.js';
import { DEFAULT_RANDOM_FAILURES } from '../src/testing/fake-platform-failures.js';
import { SAMPLE_UNIT_CODES, sampleOrderRecord } from '../src/testing/hotline-records.js';
import { actors, districtEngine, sampleIntake } from './fixtures/district.js';
import { openTestStore, type TestStore } from './fixtures/test-store.js';

const SECRET = 'write-back-test-secret';
const CASES = 45;
const orders = Array.from({ length: CASES }, (_, i) => sampleOrderRecord(i + 1));
const caseId = (i: number) => `hotline-${orders[i]!.orderNo}`;
/** Three paths: A 签收 → 回复 → 办结; B 签收 → 延期申请 → 回复 → 办结; C 退单. */
const path = (i: number) => (['A', 'B', 'C'] as const)[i % 3]!;
const VERB_OF: Record<string, string> = {
  signFor: 'signFor',
  return: 'returnOrder',
  requestExtension: 'requestExtension',
  reply: 'reply',
  close: 'close',
};

let platform: FakeHotlinePlatform;
let store: TestStore;
beforeAll(async () => {
  platform = await fakeHotlinePlatform({ secret: SECRET, randomSeed: 11 });
  platform.seed(orders);
  store = await openTestStore();
}, 120_000);
afterAll(async () => {
  await platform.close();
  await store.close();
});

const units = hotlineUnitTable(SAMPLE_UNIT_CODES);
const intake = sampleIntake(units);

function engineOnStore(): Engine {
  const client = hotlineClient({
    baseUrl: platform.url,
    appId: platform.appId,
    secret: SECRET,
    timeoutMs: 1_500,
  });
  return districtEngine({
    storage: store.open(),
    intake,
    effects: { [PLATFORM_WRITE_BACK_EFFECT]: hotlineWriteBack({ client, units, defaultUnitCode: 'QJ01' }) },
    tuning: { pollIntervalMs: 100, backoffBaseMs: 20, backoffMaxMs: 400, leaseMs: 3_000, maxAttempts: 12 },
  });
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('write-back to the platform', () => {
  it('delivers every case’s steps in flow order, once each, across failures, 429s and a restart', async () => {
    // 10% of calls fail: 500, 503, 429 with Retry-After, a busy code, or applied with the answer lost.
    platform.setFailureRate(0.1, [...DEFAULT_RANDOM_FAILURES, { kind: 'dropResponse' }]);
    platform.failNext({ kind: 'rateLimit', retryAfter: '1' }, 3);

    const first = engineOnStore();
    await first.start();
    for (const order of orders) expect((await first.ingest('hotline', order)).status).toBe('applied');
    const send = (engine: Engine, i: number, actor: (typeof actors)[keyof typeof actors], event: object) =>
      engine.send({ caseId: caseId(i), actor, event: event as { type: string } });
    for (let i = 0; i < CASES; i++) {
      await send(first, i, actors.dispatcher, { type: 'accept' });
      await send(first, i, actors.dispatcher, { type: 'dispatch', leadUnit: 'dept-city-management' });
      if (path(i) === 'C') await send(first, i, actors.city, { type: 'return', reason: '不属于本单位职责' });
      else await send(first, i, actors.city, { type: 'signFor', note: '已接单' });
    }
    // PGlite runs in this process: while commands keep it busy, deliveries wait. Let some through first.
    await until(() => platform.calls().length >= 10, 60_000, 'first write-backs delivered');
    const beforeRestart = platform.calls().length;
    // The restart: the first engine stops with write-backs still due; a new one takes over the same store.
    await first.stop();

    const second = engineOnStore();
    await second.start();
    for (let i = 0; i < CASES; i++) {
      if (path(i) === 'C') continue;
      if (path(i) === 'B') {
        const extension = { type: 'requestExtension', extra: { amount: 2, unit: 'workingDays' } };
        await send(second, i, actors.city, { ...extension, reason: '需协调物业' });
        await send(second, i, actors.dispatcher, { type: 'approveExtension' });
      }
      await send(second, i, actors.city, {
        type: 'reply',
        result: '已修复路灯',
        solved: true,
        publicReply: '已修复',
      });
      await send(second, i, actors.dispatcher, { type: 'verify', passed: true });
      await send(second, i, actors.dispatcher, { type: 'followUp', reached: true, rating: 'satisfied' });
      await send(second, i, actors.dispatcher, { type: 'close', reason: 'resolved' });
    }
    const expected = new Map<string, string[]>();
    for (let i = 0; i < CASES; i++) {
      const steps = (await second.history(caseId(i))).map((entry) => entry.type).filter((t) => t in VERB_OF);
      expected.set(
        orders[i]!.orderNo as string,
        steps.map((t) => VERB_OF[t]!),
      );
    }
    const total = [...expected.values()].reduce((n, steps) => n + steps.length, 0);
    expect(total).toBe((CASES / 3) * (3 + 4 + 1));
    await until(() => platform.calls().length >= total, 90_000, 'all write-backs delivered');
    platform.clearFailures();

    for (const [orderNo, steps] of expected) {
      const calls = platform.callsFor(orderNo);
      expect(
        calls.map((call) => call.verb),
        orderNo,
      ).toEqual(steps);
      expect(new Set(calls.map((call) => call.idempotencyKey)).size).toBe(calls.length);
    }
    expect(platform.calls()).toHaveLength(total);
    expect((await second.deadLetters()).items).toEqual([]);
    // It was a real test: deliveries on both sides of the restart, failures, 429s, answers lost and retried.
    expect(beforeRestart).toBeGreaterThan(0);
    expect(beforeRestart).toBeLessThan(total);
    const answered = platform.requests();
    expect(answered.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(3);
    expect(answered.filter((r) => r.status >= 500 || r.code === '5000').length).toBeGreaterThan(0);
    // Never a 回复 before the platform acknowledged the 签收: it would have answered 2002 (not signed for).
    expect(answered.filter((r) => r.code === '2002')).toEqual([]);
    await second.stop();
  }, 180_000);
});
