import { setup } from 'xstate';
import { z } from 'zod';
import { memoryDirectory } from '../directory/memory-directory.js';
import type { EffectDelivery } from '../effects/effects.js';
import { defineFlow, effect } from '../flow/define-flow.js';
import { createEngine } from '../runtime/engine.js';
import type { Storage } from '../storage/storage.js';
import type { Actor } from '../types.js';
import { seededRandom, seededUnit } from './seeded-random.js';

/**
 * Options of {@link runOrderedDelivery}.
 *
 * @example
 * ```ts
 * const options: OrderedDeliveryOptions = { storages: [storage, peer], effects: 1000, keys: 50, failureRate: 0.2 };
 * ```
 */
export interface OrderedDeliveryOptions {
  /** One storage per engine: the same instance twice, or two instances over the same data (two processes). */
  storages: readonly [Storage, Storage];
  /** Ordered effects committed in all; default 1000. */
  effects?: number;
  /** Ordering keys they are spread over; default 50. */
  keys?: number;
  /** Cases they are sent to (each key's effects land on random cases); default 100. */
  cases?: number;
  /** Share of handler calls that fail, decided per effect and attempt from the seed; default 0.2. */
  failureRate?: number;
  /** Seed of the random failures and interleavings; same seed, same run. */
  seed?: number;
  /** Give up waiting for deliveries after this long; default 120 s. */
  timeoutMs?: number;
}

/**
 * What {@link runOrderedDelivery} saw. Every list is empty when ordered delivery works.
 *
 * @example
 * ```ts
 * expect(report.outOfOrder).toEqual([]);
 * expect(report.delivered).toBe(report.committed);
 * ```
 */
export interface OrderedDeliveryReport {
  /** Effects committed. */
  committed: number;
  /** Effects whose handler succeeded at least once. */
  delivered: number;
  /** Handler calls, failures included. */
  handlerCalls: number;
  /** Handler calls that failed on purpose. */
  failures: number;
  /** Handler calls of a key that were not for the key's next undelivered effect in commit order. */
  outOfOrder: string[];
  /** A key's handler called while another call of the same key was still running. */
  overlaps: string[];
  /** Effects whose handler succeeded more than once. */
  duplicates: string[];
}

interface Ping {
  key: string;
  n: number;
}

const actor: Actor = { id: 'u-order', roles: ['gridWorker'], orgUnit: 'district' };

/** A flow whose `ping` event commits one `writeBack` effect ordered by the event's key. */
const orderedFlow = defineFlow({
  id: 'ordered-delivery',
  version: 1,
  machine: setup({
    types: { events: {} as { type: 'ping'; key: string; n: number } },
    actions: { writeBack: effect<Ping>({ orderingKey: (params) => params.key }) },
  }).createMachine({
    id: 'ordered-delivery',
    initial: 'open',
    states: {
      open: {
        on: {
          ping: { actions: { type: 'writeBack', params: ({ event }) => ({ key: event.key, n: event.n }) } },
        },
      },
    },
  }),
  effects: ['writeBack'],
  events: { ping: z.object({ key: z.string(), n: z.number().int() }) },
  permissions: { create: ['gridWorker'], events: { ping: ['gridWorker'] } },
});

/**
 * Ordered delivery end to end: two engines, one per storage, both dispatching while producers (one per key,
 * each sending its key's effects one after another, alternating engines, to random cases) commit. Handlers
 * fail at random (seeded). Per key the handler must see the effects in commit order (a failed attempt may be
 * retried, nothing of the key may pass it), one call at a time, each effect delivered once.
 *
 * @example
 * ```ts
 * const report = await runOrderedDelivery({ storages: [memoryStorage(), same], effects: 1000, keys: 50 });
 * expect(report).toMatchObject({ outOfOrder: [], overlaps: [], duplicates: [] });
 * ```
 */
export async function runOrderedDelivery(options: OrderedDeliveryOptions): Promise<OrderedDeliveryReport> {
  const {
    effects = 1000,
    keys = 50,
    cases = 100,
    failureRate = 0.2,
    seed = 8,
    timeoutMs = 120_000,
  } = options;
  const random = seededRandom(seed);
  const calls = new Map<string, { n: number; ok: boolean }[]>();
  const running = new Set<string>();
  const successes = new Map<string, number>();
  const report: OrderedDeliveryReport = {
    committed: 0,
    delivered: 0,
    handlerCalls: 0,
    failures: 0,
    outOfOrder: [],
    overlaps: [],
    duplicates: [],
  };
  const writeBack = async (delivery: EffectDelivery<Ping>) => {
    const { key, n } = delivery.payload;
    report.handlerCalls += 1;
    if (running.has(key)) report.overlaps.push(`${key}: #${n} while another call ran`);
    running.add(key);
    const fails = seededUnit(seed, delivery.idempotencyKey, delivery.attempt) < failureRate;
    calls.set(key, [...(calls.get(key) ?? []), { n, ok: !fails }]);
    // Half the calls yield to the event loop, so calls of other keys (and the other engine) interleave.
    await new Promise((resolve) => setTimeout(resolve, seededUnit(seed, delivery.id, 0) < 0.5 ? 0 : 1));
    running.delete(key);
    if (fails) {
      report.failures += 1;
      throw new Error(`random failure of ${key} #${n}`);
    }
    successes.set(delivery.id, (successes.get(delivery.id) ?? 0) + 1);
  };
  const directory = memoryDirectory({ units: [{ id: 'district', name: 'District', kind: 'district' }] });
  const engines = options.storages.map((storage, i) =>
    createEngine({
      storage,
      flows: [orderedFlow],
      directory,
      effects: { writeBack },
      instanceId: `ordered-${i}`,
      tuning: { pollIntervalMs: 50, backoffBaseMs: 5, backoffMaxMs: 40, maxAttempts: 1000, batchSize: 20 },
    }),
  );
  try {
    for (const engine of engines) await engine.start();
    const caseIds: string[] = [];
    for (let i = 0; i < cases; i++) {
      caseIds.push(
        (await engines[0]!.createCase({ flow: 'ordered-delivery', actor, orgUnit: 'district' })).id,
      );
    }
    const perKey = Math.ceil(effects / keys);
    const plan = Array.from({ length: keys }, (_, k) =>
      Array.from({ length: Math.min(perKey, Math.max(0, effects - k * perKey)) }, () =>
        Math.floor(random() * caseIds.length),
      ),
    );
    await Promise.all(
      plan.map(async (targets, k) => {
        for (const [n, target] of targets.entries()) {
          const engine = engines[(k + n) % 2]!;
          await engine.send({ caseId: caseIds[target]!, actor, event: { type: 'ping', key: `key-${k}`, n } });
          report.committed += 1;
        }
      }),
    );
    const deadline = Date.now() + timeoutMs;
    while (successes.size < report.committed && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await Promise.all(engines.map((engine) => engine.stop()));
  }
  report.delivered = successes.size;
  report.duplicates = [...successes].filter(([, count]) => count > 1).map(([id]) => id);
  for (const [key, seen] of calls) {
    // Commit order within a key is the producer's order, n = 0, 1, 2...: each call is for the next one due.
    let due = 0;
    for (const { n, ok } of seen) {
      if (n !== due && report.outOfOrder.length < 20)
        report.outOfOrder.push(`${key}: #${n} when #${due} was due`);
      if (ok) due = n + 1;
    }
  }
  return report;
}
