/**
 * The slice of a query result gridflow reads; `pg` and PGlite results both fit.
 *
 * @example
 * ```ts
 * const { rows } = await client.query('select 1 as one');
 * ```
 */
export interface PgResultLike {
  /** Result rows. */
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
  /** Prepared statement name; the same name reuses the plan. */
  name?: string;
  /** SQL text. */
  text: string;
  /** Parameter values. */
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
  /** Run one statement on this connection. */
  query(textOrConfig: string | PgQueryConfigLike, values?: unknown[]): Promise<PgResultLike>;
  /** Give the connection back to the pool; with an error, the pool discards it. */
  release(error?: Error | boolean): void;
  /** NOTIFY messages on channels this connection listens to. */
  on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): unknown;
  /** Connection errors. */
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** Drop the listeners added with `on`. */
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
  /** Run one statement on any connection of the pool. */
  query(textOrConfig: string | PgQueryConfigLike, values?: unknown[]): Promise<PgResultLike>;
  /** Check out a connection, for transactions and LISTEN. */
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
  /** Run one statement with parameters in the transaction. */
  query(text: string, params?: unknown[]): Promise<PgResultLike>;
  /** Run statements without parameters in the transaction. */
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
  /** Run one statement with parameters. */
  query(text: string, params?: unknown[]): Promise<PgResultLike>;
  /** Run statements without parameters (migrations). */
  exec(text: string): Promise<unknown>;
  /** Run `callback` in a transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(callback: (tx: PGliteTransactionLike) => Promise<T>): Promise<T>;
  /** Listen on a NOTIFY channel; resolves to a function that stops listening. */
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
  /** Close the database. */
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
