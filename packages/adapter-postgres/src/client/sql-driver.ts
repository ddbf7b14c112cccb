import type { PgResultLike } from './pg-client-like.js';

/**
 * Runs statements. `prepare` asks for a server-side prepared statement where the client kind supports it.
 *
 * @example
 * ```ts
 * const rows = await run.query('select * from t where id = $1', ['a'], true);
 * ```
 */
export interface SqlRunner {
  query<R = Record<string, unknown>>(
    text: string,
    values?: readonly unknown[],
    prepare?: boolean,
  ): Promise<R[]>;
  /** Several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
}

/**
 * What differs between client kinds, as capabilities rather than name checks.
 *
 * @example
 * ```ts
 * if (driver.capabilities.multiProcess) console.log('claims are safe across processes');
 * ```
 */
export interface SqlDriverCapabilities {
  /** Other processes can reach the same database. */
  multiProcess: boolean;
  /** The data outlives this process. */
  durable: boolean;
}

/**
 * One client kind behind a common face: queries, a transaction on one connection, and LISTEN.
 *
 * @example
 * ```ts
 * const driver = toSqlDriver(pool);
 * await driver.transaction(async (tx) => tx.query('select 1'));
 * ```
 */
export interface SqlDriver extends SqlRunner {
  readonly capabilities: SqlDriverCapabilities;
  /** Run `work` inside BEGIN … COMMIT on one connection; ROLLBACK if it throws. */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
  /** Start hearing NOTIFY on `channel`; resolves to a stop function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
}

/**
 * Rows of a result, typed by the caller.
 *
 * @example
 * ```ts
 * const rows = rowsOf<{ one: number }>(await client.query('select 1 as one'));
 * ```
 */
export function rowsOf<R>(result: PgResultLike): R[] {
  return result.rows as R[];
}
