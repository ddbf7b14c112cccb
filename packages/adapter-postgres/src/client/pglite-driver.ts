import type { PGliteLike } from './pg-client-like.js';
import { rowsOf, type SqlDriver } from './sql-driver.js';

/**
 * A driver over an embedded PGlite instance. PGlite is a single connection that already queues callers, so
 * transactions use its own `transaction` and every statement goes straight to it.
 *
 * @example
 * ```ts
 * const driver = pgliteDriver(new PGlite('./.data/gridflow'));
 * ```
 */
export function pgliteDriver(db: PGliteLike): SqlDriver {
  const inMemory = db.dataDir === undefined || db.dataDir === '' || db.dataDir.startsWith('memory://');
  return {
    capabilities: { multiProcess: false, durable: !inMemory },
    query: async (text, values) => rowsOf(await db.query(text, values ? [...values] : [])),
    exec: async (text) => {
      await db.exec(text);
    },
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          query: async (text, values) => rowsOf(await tx.query(text, values ? [...values] : [])),
          exec: async (text) => {
            await tx.exec(text);
          },
        }),
      ),
    // PGlite keys listeners by callback identity: a fresh closure keeps one subscription's stop from
    // removing another that passed the same function.
    listen: (channel, onPayload) => db.listen(channel, (payload) => onPayload(payload)),
  };
}
