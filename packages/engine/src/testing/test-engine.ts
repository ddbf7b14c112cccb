import { z } from 'zod';
import { parseWorkingDuration } from '../calendar/parse-duration.js';
import { instantSchema, type VirtualClock, virtualClock } from '../clock/virtual-clock.js';
import type { Directory } from '../directory/directory.js';
import { parseOptions } from '../errors.js';
import { memoryDirectory } from '../directory/memory-directory.js';
import { createEngine } from '../runtime/engine.js';
import type { Engine, EngineOptions } from '../runtime/engine-types.js';
import { memoryStorage } from '../storage/memory-storage.js';

/**
 * Options of {@link createTestEngine}: every engine option is optional, plus the virtual clock's start.
 *
 * @example
 * ```ts
 * createTestEngine({ flows: [workOrderV1], start: '2026-09-28T09:00:00+08:00' });
 * ```
 */
export interface TestEngineOptions extends Partial<Omit<EngineOptions, 'clock'>> {
  /** Virtual clock start; default 2026-01-05 09:00 China time (a Monday). */
  start?: Date | string;
}

/**
 * An engine on memory storage and a virtual clock, with helpers that move time and run what falls due.
 *
 * @example
 * ```ts
 * const t = createTestEngine({ flows: [myFlow], directory });
 * const c = await t.engine.createCase({ flow: 'my-flow', actor, orgUnit: 'grid-01' });
 * await t.advance('3 working days'); // fires the deadline, delivers its effects
 * ```
 */
export interface TestEngine {
  /** The engine, on memory storage (unless given) and the virtual clock. */
  engine: Engine;
  /** The virtual clock; `advance` moves it and runs what falls due. */
  clock: VirtualClock;
  /** Move time forward by a duration (`'3 working days'`, `'2 working hours'`, `'90 minutes'`, or ms). */
  advance(duration: string | number): Promise<void>;
  /** Move time to `at`, firing every timer in due order and draining the outbox at each step. */
  advanceTo(at: Date | string): Promise<void>;
  /** Fire due timers and deliver due effects until nothing more is due now. */
  flush(): Promise<void>;
}

const EMPTY_DIRECTORY = {
  units: [{ id: 'district', name: 'District', kind: 'district' as const, parentId: null }],
};

/**
 * Create a {@link TestEngine}.
 *
 * @example
 * ```ts
 * const { engine, advance } = createTestEngine({ flows: [repairFlow], directory: memoryDirectory(org) });
 * await advance('15 working days');
 * ```
 */
export function createTestEngine(options: TestEngineOptions = {}): TestEngine {
  parseOptions(z.object({ start: instantSchema.optional() }), options);
  const clock = virtualClock(options.start);
  const directory: Directory = options.directory ?? memoryDirectory(EMPTY_DIRECTORY);
  const engine = createEngine({
    ...options,
    flows: options.flows ?? [],
    storage: options.storage ?? memoryStorage(),
    directory,
    clock,
  });

  async function flush(): Promise<void> {
    for (let round = 0; round < 10_000; round++) {
      const fired = await engine.runDueTimers();
      const attempted = await engine.drainOutbox();
      if (fired === 0 && attempted === 0) return;
    }
    throw new Error(
      'flush did not settle after 10 000 rounds: a timer or effect loop re-arms itself at once',
    );
  }

  /** The earliest pending timer or effect retry: time moves from one to the next so each runs on time. */
  async function nextDue(): Promise<Date | null> {
    let next = await engine.storage.nextTimerDue();
    const now = clock.now();
    let cursor: string | null = null;
    do {
      const page = await engine.storage.listOutbox({ status: 'pending', limit: 500, cursor });
      // Rows due already but still pending after a flush wait behind an earlier row of their ordering key.
      for (const row of page.items) {
        if (row.nextAttemptAt > now && (!next || row.nextAttemptAt < next)) next = row.nextAttemptAt;
      }
      cursor = page.nextCursor;
    } while (cursor);
    return next;
  }

  async function advanceTo(at: Date | string): Promise<void> {
    const target = new Date(at).getTime();
    await flush();
    for (;;) {
      const next = await nextDue();
      // After a flush nothing due now is left but leased timers, which a later claim retries.
      if (!next || next.getTime() > target || next.getTime() <= clock.now().getTime()) break;
      clock.set(next);
      await flush();
    }
    clock.set(new Date(target));
    await flush();
  }

  async function advance(duration: string | number): Promise<void> {
    const now = clock.now();
    if (typeof duration === 'number') return advanceTo(new Date(now.getTime() + duration));
    const { unit, amount } = parseWorkingDuration(duration);
    if (unit === 'ms') return advanceTo(new Date(now.getTime() + amount));
    const calendar = engine.calendar;
    return advanceTo(
      unit === 'workingDays' ? calendar.addWorkingDays(now, amount) : calendar.addWorkingHours(now, amount),
    );
  }

  return { engine, clock, advance, advanceTo, flush };
}
