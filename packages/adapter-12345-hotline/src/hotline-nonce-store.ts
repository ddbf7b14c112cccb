import type { Clock } from '@gridflow/engine';

/**
 * Where verified nonces are kept until their timestamp could no longer pass the window. `remember` answers true
 * when the key is new (and stores it), false when it was seen and has not expired: a replay. Several processes
 * behind one platform need a shared store (Redis `SET NX PX`, a unique row in Postgres).
 *
 * @example
 * ```ts
 * const redisNonces: NonceStore = { remember: async (key, ttlMs) =>
 *   (await redis.set(`nonce:${key}`, '1', 'PX', ttlMs, 'NX')) === 'OK' };
 * ```
 */
export interface NonceStore {
  /** Remember `key` for `ttlMs`; false when it was already remembered (a replay). */
  remember(key: string, ttlMs: number): boolean | Promise<boolean>;
}

/**
 * Options of {@link memoryNonceStore}.
 *
 * @example
 * ```ts
 * const options: MemoryNonceStoreOptions = { maxEntries: 50_000 };
 * ```
 */
export interface MemoryNonceStoreOptions {
  /**
   * Nonces kept at most; the oldest go first. Size it above the requests a platform can send in two windows
   * (10 minutes at the default 300 s), or an evicted nonce could be replayed while its timestamp still passes.
   * Default 100 000.
   */
  maxEntries?: number;
  /** The clock nonces expire by; default the system clock. */
  clock?: Pick<Clock, 'now'>;
}

/**
 * A nonce store in this process's memory, bounded in size and expiring entries by time. Enough for one process.
 *
 * @example
 * ```ts
 * const nonces = memoryNonceStore();
 * nonces.remember('app:n1', 600_000); // true
 * nonces.remember('app:n1', 600_000); // false: a replay
 * ```
 */
export function memoryNonceStore(options: MemoryNonceStoreOptions = {}): NonceStore & { size(): number } {
  const maxEntries = options.maxEntries ?? 100_000;
  const now = () => (options.clock ?? Date).now().valueOf();
  // A Map keeps insertion order; entries are only ever appended, so the oldest sit at the front.
  const expiries = new Map<string, number>();

  function evict(at: number): void {
    for (const [key, expiresAt] of expiries) {
      if (expiresAt > at && expiries.size < maxEntries) break;
      expiries.delete(key);
    }
  }

  return {
    remember(key, ttlMs) {
      const at = now();
      const expiresAt = expiries.get(key);
      if (expiresAt !== undefined && expiresAt > at) return false;
      expiries.delete(key);
      evict(at);
      expiries.set(key, at + ttlMs);
      return true;
    },
    size: () => expiries.size,
  };
}
