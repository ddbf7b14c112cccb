import { GridflowError, isGridflowError } from '../errors.js';
import type { Storage } from '../storage/storage.js';

const REQUIRED: ReadonlyArray<keyof Storage> = [
  'ensureFlowVersion',
  'commit',
  'loadCase',
  'queryCases',
  'readJournal',
  'findIdempotencyKey',
  'claimDueTimers',
  'dropTimer',
  'listTimers',
  'listProvisionalTimers',
  'rescheduleTimer',
  'nextTimerDue',
  'claimOutbox',
  'settleOutbox',
  'listOutbox',
  'retryOutbox',
  'discardOutbox',
  'countHeldBack',
];

/**
 * Check a storage adapter's members once, then wrap every call so anything it throws becomes
 * `ADAPTER_FAILED { adapter, method, cause }` (gridflow errors pass through unchanged).
 */
export function guardStorage(storage: Storage): Storage {
  for (const method of REQUIRED) {
    if (typeof storage[method] !== 'function') {
      throw new GridflowError('VALIDATION_FAILED', `storage.${String(method)} must be a function`, {
        details: { field: `storage.${String(method)}`, adapter: storage.name },
      });
    }
  }
  // Wrapped once, not per call: commit and loadCase sit on the hot path.
  const guarded: Storage = Object.create(storage);
  for (const method of [...REQUIRED, 'init', 'dispose', 'loadCases'] as const) {
    const original = storage[method] as ((...args: unknown[]) => unknown) | undefined;
    if (typeof original !== 'function') continue;
    Object.defineProperty(guarded, method, {
      value: (...args: unknown[]) => {
        try {
          const result = original.apply(storage, args);
          return result instanceof Promise
            ? result.catch((cause) => Promise.reject(wrap(storage, method, cause)))
            : result;
        } catch (cause) {
          throw wrap(storage, method, cause);
        }
      },
    });
  }
  if (storage.onWake) Object.defineProperty(guarded, 'onWake', { value: storage.onWake.bind(storage) });
  return guarded;
}

function wrap(storage: Storage, method: string, cause: unknown): unknown {
  if (isGridflowError(cause)) return cause;
  const message = cause instanceof Error ? cause.message : String(cause);
  return new GridflowError('ADAPTER_FAILED', `${storage.name}.${method} failed: ${message}`, {
    cause,
    details: { adapter: storage.name, method },
  });
}
