// Must show: the same 500 orders through the to-do list, with a restart in the middle (a new engine and poller on
// the same store) → exactly 500 cases; the poller backs off on the platform's failures.
import type { Engine } from '@gridflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hotlineClient } from '../src/hotline-client.js';
import { type HotlinePoller, hotlinePoller } from '../src/hotline-poller.js';
import { type FakeHotlinePlatform, fakeHotlinePlatform } from '../src/testing/fake-hotline-platform.js';
import { sampleOrderRecord } from '../src/testing/hotline-records.js';
import { districtEngine, sampleIntake } from './fixtures/district.js';
import { openTestStore, type TestStore } from './fixtures/test-store.js';

const SECRET = 'polling-test-secret';
const orders = Array.from({ length: 500 }, (_, i) => sampleOrderRecord(i + 1));

let platform: FakeHotlinePlatform;
let store: TestStore;
beforeAll(async () => {
  platform = await fakeHotlinePlatform({ secret: SECRET });
  platform.seed(orders);
  store = await openTestStore();
}, 120_000);
afterAll(async () => {
  await platform.close();
  await store.close();
});

function pollerOn(engine: Engine, errors: unknown[]): HotlinePoller {
  const client = hotlineClient({
    baseUrl: platform.url,
    appId: platform.appId,
    secret: SECRET,
    timeoutMs: 5_000,
  });
  return hotlinePoller({
    engine,
    client,
    pageSize: 50,
    idleMs: 20,
    backoff: { minMs: 10, maxMs: 200 },
    onError: (error) => errors.push(error),
  });
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const count = async (engine: Engine) =>
  (await engine.query({ flow: 'work-order', limit: 1000 })).items.length;

describe('polling intake with a durable cursor', () => {
  it('imports exactly 500 cases from the to-do list across a restart in the middle of a page', async () => {
    const intake = sampleIntake();
    const first = districtEngine({ storage: store.open(), intake });
    const firstErrors: unknown[] = [];
    // The platform fails the first calls: the poller backs off and goes on.
    platform.failNext({ kind: 'status', status: 502 }, 2);
    platform.failNext({ kind: 'rateLimit', retryAfter: '0' });
    let applied = 0;
    const crashed = new Promise<void>((resolve) => {
      first.events.on('intake.applied', () => {
        // Killed after 260 orders: ten into the sixth page, before its acknowledgements and cursor move.
        if (++applied === 260) resolve();
      });
    });
    const poller = pollerOn(first, firstErrors);
    poller.start();
    await crashed;
    await first.stop();
    await poller.stop();
    expect(firstErrors.length).toBeGreaterThanOrEqual(3);

    const second = districtEngine({ storage: store.open(), intake });
    const cursor = (await second.cursors.get('hotline:todo'))?.value;
    expect(Number(cursor)).toBeLessThan(260);
    const secondErrors: unknown[] = [];
    const resumed = pollerOn(second, secondErrors);
    let duplicates = 0;
    // Page by page until the list is empty, retrying a failed poll as the running poller would.
    for (let read = 1; read > 0; ) {
      const result = await resumed.pollOnce().catch((error: unknown) => {
        secondErrors.push(error);
        if (secondErrors.length > 10) throw error;
        return null;
      });
      if (!result) continue;
      duplicates += result.duplicates;
      read = result.records;
    }
    expect(await count(second)).toBe(500);
    // The killed page was read again: its stored orders came back as duplicates, none created twice.
    expect(duplicates).toBeGreaterThan(0);
    expect(duplicates).toBeLessThanOrEqual(50);
    expect(new Set(platform.acked())).toEqual(new Set(orders.map((o) => o.orderNo)));
    expect((await second.quarantine.list({ source: 'hotline' })).items).toEqual([]);

    // Nothing more to read: a running poller idles and imports nothing twice.
    resumed.start();
    await until(async () => (await second.cursors.get('hotline:todo')) !== null, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await resumed.stop();
    expect(await count(second)).toBe(500);
    await second.stop();
  }, 120_000);
});
