import type { PgPoolClientLike, PgPoolLike } from './pg-client-like.js';
import { rowsOf, type SqlDriver, type SqlRunner } from './sql-driver.js';
import { statementName } from './statement-name.js';

const RELISTEN_DELAY_MS = 1_000;

/**
 * A driver over a `pg` Pool. Hot statements are sent as named prepared statements, so the server parses
 * and plans them once per connection instead of once per call.
 *
 * @example
 * ```ts
 * const driver = poolDriver(new pg.Pool({ connectionString: process.env.DATABASE_URL }));
 * ```
 */
export function poolDriver(pool: PgPoolLike): SqlDriver {
  return {
    capabilities: { multiProcess: true, durable: true },
    query: (text, values, prepare) => runOn(pool, text, values, prepare),
    exec: async (text) => {
      await pool.query(text);
    },
    async transaction(work) {
      const conn = await pool.connect();
      const tx: SqlRunner = {
        query: (text, values, prepare) => runOn(conn, text, values, prepare),
        exec: async (text) => {
          await conn.query(text);
        },
      };
      try {
        await conn.query('BEGIN');
        const result = await work(tx);
        await conn.query('COMMIT');
        conn.release();
        return result;
      } catch (error) {
        // A connection whose ROLLBACK fails is in an unknown state: hand it back as broken.
        await conn.query('ROLLBACK').then(
          () => conn.release(),
          (rollbackError: Error) => conn.release(rollbackError),
        );
        throw error;
      }
    },
    listen: (channel, onPayload) => listenOnPool(pool, channel, onPayload),
  };
}

async function runOn<R>(
  target: Pick<PgPoolLike, 'query'>,
  text: string,
  values: readonly unknown[] | undefined,
  prepare: boolean | undefined,
): Promise<R[]> {
  const params = values ? [...values] : [];
  const result = prepare
    ? await target.query({ name: statementName(text), text, values: params })
    : await target.query(text, params);
  return rowsOf<R>(result);
}

/**
 * Hold one connection for LISTEN. If it breaks, listen again on a fresh one after a pause; the storage's
 * callers poll meanwhile, so a gap only delays wake-ups.
 */
async function listenOnPool(
  pool: PgPoolLike,
  channel: string,
  onPayload: (payload: string) => void,
): Promise<() => Promise<void>> {
  let stopped = false;
  let conn: PgPoolClientLike | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;

  const attach = async (): Promise<void> => {
    const next = await pool.connect();
    next.on('notification', (message) => {
      if (message.channel === channel) onPayload(message.payload ?? '');
    });
    next.on('error', (error) => {
      next.release(error);
      if (conn === next) conn = null;
      if (!stopped) retry = setTimeout(reattach, RELISTEN_DELAY_MS);
    });
    await next.query(`LISTEN ${quoteChannel(channel)}`);
    conn = next;
  };
  const reattach = (): void => {
    retry = null;
    attach().catch(() => {
      if (!stopped) retry = setTimeout(reattach, RELISTEN_DELAY_MS);
    });
  };

  await attach();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const held = conn;
    conn = null;
    if (!held) return;
    try {
      await held.query(`UNLISTEN ${quoteChannel(channel)}`);
      held.removeAllListeners?.('notification');
      held.release();
    } catch (error) {
      held.release(error as Error);
    }
  };
}

function quoteChannel(channel: string): string {
  return `"${channel.replaceAll('"', '""')}"`;
}
