/**
 * The 12345 platform's side of `pnpm bench` in a process of its own, as the platform pushes from its own
 * servers: a fake platform that pushes the orders it is told to (signed, `lanes` at a time) to the webhook and
 * answers with the pushes that did not get 200. Started by hotline.bench.ts with `BENCH_PLATFORM=process`.
 */
import { fakeHotlinePlatform, sampleOrderRecord } from '../src/testing/index.js';

/** What the bench sends: push orders `numbers` to `to`, `lanes` at a time. */
export interface PushOrders {
  numbers: number[];
  to: string;
  lanes: number;
}

const platform = await fakeHotlinePlatform({
  appId: process.env.BENCH_APP_ID,
  secret: process.env.BENCH_SECRET,
});

process.on('message', async ({ numbers, to, lanes }: PushOrders) => {
  const failures: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < numbers.length) {
        const n = numbers[next++]!;
        const answer = await platform.pushOrder(sampleOrderRecord(n), { to }).catch((error: unknown) => ({
          status: 0,
          text: String(error),
        }));
        if (answer.status !== 200) failures.push(`push ${n}: ${answer.status} ${answer.text}`);
      }
    }),
  );
  process.send?.({ failures });
});
process.once('disconnect', () => void platform.close());
process.send?.({ ready: true });
