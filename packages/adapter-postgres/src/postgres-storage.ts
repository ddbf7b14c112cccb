import { type CommitRequest, parseOptions, type Storage } from '@gridflow/engine';
import { z } from 'zod';
import type { PgClientLike } from './client/pg-client-like.js';
import type { SqlDriver } from './client/sql-driver.js';
import { toSqlDriver } from './client/to-sql-driver.js';
import { sqlNames } from './sql-names.js';
import { connectionOptions, migrateOnce } from './storage-options.js';
import { findIdempotencyKey, loadCase, loadCases, readJournal, readJournals } from './storage/case-reads.js';
import { commitBatcher } from './storage/commit-batcher.js';
import { ensureFlowVersion } from './storage/flow-versions.js';
import {
  findIntakeState,
  findQuarantine,
  getCursor,
  getQuarantine,
  listQuarantine,
  recordQuarantine,
  setCursor,
  settleQuarantine,
} from './storage/intake-store.js';
import {
  claimOutbox,
  countHeldBack,
  discardOutbox,
  listOutbox,
  retryOutbox,
  settleOutbox,
} from './storage/outbox-store.js';
import { enqueueOutbox } from './storage/outbox-enqueue.js';
import { countCases, queryCases } from './storage/query-cases.js';
import {
  countOpenCases,
  readCaseFacts,
  saveCaseFacts,
  staleCaseFacts,
  tallyCaseFacts,
} from './storage/case-facts-store.js';
import type { StoreContext } from './storage/store-context.js';
import {
  claimDueTimers,
  dropTimer,
  listProvisionalTimers,
  listTimers,
  nextTimerDue,
  rescheduleTimer,
} from './storage/timer-store.js';
import { wakeHub } from './storage/wake-hub.js';

/**
 * Options of {@link postgresStorage}.
 *
 * @example
 * ```ts
 * const options: PostgresStorageOptions = { client: pool, schema: 'gridflow', tenantId: 'district-a' };
 * ```
 */
export interface PostgresStorageOptions {
  /** A `pg` Pool (a real server) or a PGlite instance (embedded). */
  client: PgClientLike;
  /** Schema holding the tables. Default `gridflow`. */
  schema?: string;
  /** Tenant (district) every read and write is scoped to. Default `default`. */
  tenantId?: string;
  /** Run pending migrations on first use. Default true; turn off when a deploy step runs `gridflow-postgres migrate`. */
  migrate?: boolean;
  /**
   * Close the client on `dispose()` (which runs once, however often it is called: the engine that owns the
   * storage calls it on `stop()`). Default false: whoever made the client closes it.
   */
  closeClient?: boolean;
  /**
   * Commit statements in flight at once. Commits arriving while all are busy are sent together, one
   * transaction with one WAL flush (each keeps its own outcome). Default 2 on a pg Pool: on a 2-core server
   * shared with the engine, 2 gave the most events per second in interleaved runs against 1, 3, 4 and 6
   * (batches save CPU); a database with more cores may do better with more. 4 on PGlite. Keep it below the
   * pool size, so loads and claims still find a connection.
   */
  commitConcurrency?: number;
}

/**
 * A gridflow storage on Postgres with the client that backs it.
 *
 * @example
 * ```ts
 * const storage: PostgresStorage = postgresStorage({ client: pool });
 * await storage.client.query('select 1');
 * ```
 */
export interface PostgresStorage extends Storage {
  /** The client the storage runs on. */
  readonly client: PgClientLike;
  /** Schema holding gridflow's tables. */
  readonly schema: string;
  /** Tenant every row is scoped to. */
  readonly tenantId: string;
}

const optionsSchema = z.object({
  ...connectionOptions,
  closeClient: z.boolean().default(false),
  commitConcurrency: z.number().int().min(1).optional(),
});

/**
 * Storage on Postgres (工单库): a real server through a `pg` Pool, or embedded PGlite. Every table carries
 * `tenant_id` and every statement is scoped to this storage's tenant, so districts can share one database.
 * A commit is one call of a server-side function (one round trip, one transaction); timers and outbox rows
 * are leased with `FOR UPDATE SKIP LOCKED`; LISTEN/NOTIFY wakes the engine's loops, which poll as well.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { postgresStorage } from '@gridflow/adapter-postgres';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const engine = createEngine({ storage: postgresStorage({ client: pool, tenantId: 'district-a' }), flows, directory });
 * ```
 */
export function postgresStorage(options: PostgresStorageOptions): PostgresStorage {
  const { client, schema, tenantId, migrate, closeClient, commitConcurrency } = parseOptions(
    optionsSchema,
    options,
  );
  const driver = toSqlDriver(client);
  const ctx: StoreContext = { driver, t: sqlNames(schema), tenantId };
  const hub = wakeHub(ctx);
  const commit = commitBatcher(ctx, commitConcurrency ?? defaultCommitConcurrency(driver, client));

  const init = migrateOnce(driver, schema, migrate);
  let disposed: Promise<void> | null = null;
  const after =
    <A extends unknown[], R>(work: (ctx: StoreContext, ...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await init();
      return work(ctx, ...args);
    };

  return {
    name: 'postgres',
    client,
    schema,
    tenantId,
    capabilities: { wakeups: true, caseFacts: true, resolvesQuarantine: true, ...driver.capabilities },
    init,
    // Once: the engine that owns the storage disposes it on stop(), and its maker may too.
    dispose() {
      disposed ??= hub.close().then(() => (closeClient ? closeOf(client)() : undefined));
      return disposed;
    },
    ensureFlowVersion: after(ensureFlowVersion),
    commit: after((_ctx, request: CommitRequest) => commit(request)),
    loadCase: after(loadCase),
    loadCases: after(loadCases),
    queryCases: after(queryCases),
    countCases: after(countCases),
    readJournal: after(readJournal),
    findIdempotencyKey: after(findIdempotencyKey),
    claimDueTimers: after(claimDueTimers),
    dropTimer: after(dropTimer),
    listTimers: after(listTimers),
    listProvisionalTimers: after(listProvisionalTimers),
    rescheduleTimer: after(rescheduleTimer),
    nextTimerDue: after(nextTimerDue),
    claimOutbox: after(claimOutbox),
    settleOutbox: after(settleOutbox),
    listOutbox: after(listOutbox),
    retryOutbox: after(retryOutbox),
    recordQuarantine: after(recordQuarantine),
    getQuarantine: after(getQuarantine),
    findQuarantine: after(findQuarantine),
    findIntakeState: after(findIntakeState),
    listQuarantine: after(listQuarantine),
    settleQuarantine: after(settleQuarantine),
    getCursor: after(getCursor),
    setCursor: after(setCursor),
    discardOutbox: after(discardOutbox),
    countHeldBack: after(countHeldBack),
    enqueueOutbox: after(enqueueOutbox),
    saveCaseFacts: after(saveCaseFacts),
    staleCaseFacts: after(staleCaseFacts),
    tallyCaseFacts: after(tallyCaseFacts),
    readCaseFacts: after(readCaseFacts),
    readJournals: after(readJournals),
    countOpenCases: after(countOpenCases),
    onWake: (listener) => hub.subscribe(listener),
  };
}

function closeOf(client: PgClientLike): () => Promise<void> {
  const closable = client as { close?: () => Promise<void>; end?: () => Promise<void> };
  if (typeof closable.close === 'function') return () => closable.close!();
  if (typeof closable.end === 'function') return () => closable.end!();
  return async () => {};
}

/** Two on a pg Pool (one less on a pool of two or fewer), four on PGlite; see the option's TSDoc. */
function defaultCommitConcurrency(driver: SqlDriver, client: PgClientLike): number {
  if (!driver.capabilities.multiProcess) return 4; // PGlite
  const max = (client as { options?: { max?: unknown } }).options?.max;
  return typeof max === 'number' && max <= 2 ? 1 : 2;
}
