import { isPermanentFailure, retryAfterMsOf } from '@gridflow/engine';
import type { PlatformWriteBack } from '@gridflow/engine/flows';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hotlineClient } from './hotline-client.js';
import { hotlineUnitTable } from './hotline-units.js';
import { hotlineWriteBack } from './hotline-write-back.js';
import { type FakeHotlinePlatform, fakeHotlinePlatform } from './testing/fake-hotline-platform.js';
import { SAMPLE_UNIT_CODES, sampleOrderRecord } from './testing/hotline-records.js';

const orderNo = sampleOrderRecord(1).orderNo as string;
let platform: FakeHotlinePlatform;
let handler: ReturnType<typeof hotlineWriteBack>;
beforeEach(async () => {
  platform = await fakeHotlinePlatform({ secret: 's3cret' });
  platform.seed([sampleOrderRecord(1)]);
  const client = hotlineClient({ baseUrl: platform.url, appId: platform.appId, secret: 's3cret' });
  handler = hotlineWriteBack({ client, units: hotlineUnitTable(SAMPLE_UNIT_CODES), defaultUnitCode: 'QJ01' });
});
afterEach(() => platform.close());

const base = {
  origin: { platform: 'hotline', orderNo },
  at: '2026-03-02T02:00:00.000Z',
  by: 'u-city',
  unit: 'dept-city-management',
  leadUnit: 'dept-city-management',
};
let n = 0;
const deliver = (payload: unknown) =>
  handler({
    id: `r${++n}`,
    type: 'platformWriteBack',
    caseId: 'c',
    payload,
    idempotencyKey: `k${n}`,
    attempt: 1,
  });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

const signFor: PlatformWriteBack = { ...base, step: 'signFor', data: { note: null } };
const reply: PlatformWriteBack = {
  ...base,
  step: 'reply',
  data: { result: '已修复路灯', solved: true, publicReply: '已修复' },
};

describe('hotlineWriteBack', () => {
  it('sends each step as its verb, signed, with the unit by its platform code and the delivery key', async () => {
    await deliver(signFor);
    await deliver(reply);
    await deliver({ ...base, step: 'close', data: { reason: 'resolved', note: null } });
    const calls = platform.callsFor(orderNo);
    expect(calls.map((c) => c.verb)).toEqual(['signFor', 'reply', 'close']);
    expect(calls[0]).toMatchObject({
      idempotencyKey: 'k1',
      body: { unit: 'CG01', handler: 'u-city', time: '2026-03-02 10:00:00' },
    });
    expect(calls[1]!.body).toMatchObject({ result: '已解决', content: '已修复路灯' });
    expect(calls[2]!.body).toMatchObject({ reason: '已解决' });
  });

  it('lets a 回复 the platform refuses as not signed for (2002) be retried, not dead-lettered', async () => {
    const error = await failure(deliver(reply));
    expect(error).toMatchObject({ code: '2002' });
    expect(isPermanentFailure(error)).toBe(false);
  });

  it('waits as a 429 says, through the engine’s retryAfter', async () => {
    platform.failNext({ kind: 'rateLimit', retryAfter: '7' });
    expect(retryAfterMsOf(await failure(deliver(signFor)))).toBe(7_000);
  });

  it('retries a 5xx and dead-letters at once what the platform forbids or what is no write-back', async () => {
    platform.failNext({ kind: 'status', status: 503 });
    const busy = await failure(deliver(signFor));
    expect([isPermanentFailure(busy), retryAfterMsOf(busy)]).toEqual([false, null]);
    await deliver(signFor);
    expect(isPermanentFailure(await failure(deliver(signFor)))).toBe(true); // 2003: already signed for
    const bad = await failure(deliver({ ...base, step: 'signFor' }));
    expect(bad).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'payload.data' } });
    expect(isPermanentFailure(bad)).toBe(true);
    const elsewhere = await failure(deliver({ ...signFor, origin: { platform: 'other', orderNo } }));
    expect(isPermanentFailure(elsewhere)).toBe(true);
  });
});
