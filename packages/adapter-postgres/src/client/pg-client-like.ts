/**
 * The slice of a query result gridflow reads; `pg` and PGlite results both fit.
 *
 * @example
 * ```ts
 * const { rows } = await client.query('select 1 as one');
 * ```
 */
export interface PgResultLike {
  rows: unknown[];
}

/**
 * A named query for `pg`'s prepared-statement cache (PGlite is given the text only).
 *
 * @example
 * ```ts
 * await pool.query({ name: 'gf_load_case', text: 'select …', values: [tenant, id] });
 * ```
 */
export interface PgQueryConfigLike {
  name?: string;
  text: string;
  values?: unknown[];
}

/**
 * One checked-out connection of a `pg` Pool (`pg.PoolClient` fits): it runs queries, hears NOTIFY, and goes
 * back to the pool with `release`.
 *
 * @example
 * ```ts
 * const conn: PgPoolClientLike = await pool.connect();
 * try { await conn.query('select 1'); } finally { conn.release(); }
 * ```
 */
export interface PgPoolClientLike {
  query(textOrConfig: string | PgQueryConfigLike, values?: unknown[]): Promise<PgResultLike>;
  release(error?: Error | boolean): void;
  on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeAllListeners?(event?: string): unknown;
}

/**
 * A `pg` Pool as gridflow uses it (`new pg.Pool(...)` fits): queries go to any connection; transactions and
 * LISTEN check one out.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * const pool: PgPoolLike = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * ```
 */
export interface PgPoolLike {
  query(textOrConfig: string | PgQueryConfigLike, values?: unknown[]): Promise<PgResultLike>;
  connect(): Promise<PgPoolClientLike>;
}

/**
 * The inside of a PGlite transaction.
 *
 * @example
 * ```ts
 * await db.transaction(async (tx: PGliteTransactionLike) => { await tx.query('select 1'); });
 * ```
 */
export interface PGliteTransactionLike {
  query(text: string, params?: unknown[]): Promise<PgResultLike>;
  exec(text: string): Promise<unknown>;
}

/**
 * An embedded PGlite instance as gridflow uses it (`new PGlite(dataDir)` fits). It is one connection, so
 * transactions go through its own `transaction` method, and LISTEN through `listen`.
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * const db: PGliteLike = new PGlite('./.data/gridflow');
 * ```
 */
export interface PGliteLike {
  query(text: string, params?: unknown[]): Promise<PgResultLike>;
  exec(text: string): Promise<unknown>;
  transaction<T>(callback: (tx: PGliteTransactionLike) => Promise<T>): Promise<T>;
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** Where PGlite keeps its files; absent or `memory://…` when it lives only in memory. */
  readonly dataDir?: string;
}

/**
 * What `postgresStorage` and `migrate` accept: a `pg` Pool (a real server) or a PGlite instance (embedded).
 *
 * @example
 * ```ts
 * const storage = postgresStorage({ client: new pg.Pool({ connectionString }) });
 * ```
 */
export type PgClientLike = PgPoolLike | PGliteLike;
