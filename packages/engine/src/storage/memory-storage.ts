import { z } from 'zod';
import { parseOptions } from '../errors.js';
import { memoryCaseFactsStore } from './memory-case-facts.js';
import { memoryCaseStore } from './memory-case-store.js';
import { memoryIntakeStore } from './memory-intake-store.js';
import { memoryOutboxStore } from './memory-outbox-store.js';
import { createMemoryState, MEMORY_STATE } from './memory-state.js';
import { memoryTimerStore } from './memory-timer-store.js';
import type { Storage } from './storage.js';

const MemoryStorageOptionsSchema = z.object({
  name: z.string().min(1).optional(),
});

/**
 * Options of {@link memoryStorage}.
 *
 * @example
 * ```ts
 * const storage = memoryStorage({ name: 'memory-a' });
 * ```
 */
export interface MemoryStorageOptions {
  /** Shown in `ADAPTER_FAILED` errors; default `memory`. */
  name?: string;
}

/**
 * A {@link Storage} that keeps everything in this process's memory (内存存储): for tests, demos and
 * single-process tools. Commits are atomic, values are copied in and out, and timers and outbox rows sit in
 * heaps so that claiming costs nothing when nothing is due. Several engines in one process may share one
 * instance. Capabilities: `wakeups` (in-process listeners), not `multiProcess`, not `durable`.
 *
 * @example
 * ```ts
 * import { createEngine, memoryStorage } from '@gridflow/engine';
 * const engine = createEngine({ storage: memoryStorage(), flows: [workOrderFlow], directory });
 * ```
 */
export function memoryStorage(options: MemoryStorageOptions = {}): Storage {
  const parsed = parseOptions(MemoryStorageOptionsSchema, options);
  const state = createMemoryState();
  const storage: Storage = {
    name: parsed.name ?? 'memory',
    capabilities: {
      wakeups: true,
      multiProcess: false,
      durable: false,
      caseFacts: true,
      resolvesQuarantine: true,
    },
    ...memoryCaseStore(state),
    ...memoryCaseFactsStore(state),
    ...memoryTimerStore(state),
    ...memoryOutboxStore(state),
    ...memoryIntakeStore(state),
    onWake(listener) {
      state.listeners.add(listener);
      return () => {
        state.listeners.delete(listener);
      };
    },
  };
  // Non-enumerable: the raw state is for `inspectMemoryStorage`, not part of the Storage surface.
  Object.defineProperty(storage, MEMORY_STATE, { value: state, enumerable: false });
  return storage;
}
