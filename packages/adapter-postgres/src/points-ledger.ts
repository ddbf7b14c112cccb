import {
  type Clock,
  GridflowError,
  insufficientPointsError,
  isSameMovement,
  type PointsEntry,
  type PointsLedger,
  type PointsMovement,
  parseOptions,
  parsePointsMovement,
  systemClock,
} from '@gridflow/engine';
import { z } from 'zod';
import type { PgClientLike } from './client/pg-client-like.js';
import type { SqlDriver } from './client/sql-driver.js';
import { toSqlDriver } from './client/to-sql-driver.js';
import { quoteIdent } from './sql-names.js';
import { connectionOptions, migrateOnce } from './storage-options.js';

/**
 * Options of {@link postgresPointsLedger}.
 *
 * @example
 * ```ts
 * const options: PostgresPointsLedgerOptions = { client: pool, tenantId: 'district-a' };
 * ```
 */
export interface PostgresPointsLedgerOptions {
  /** A `pg` Pool or a PGlite instance, as for `postgresStorage` (the same one is fine). */
  client: PgClientLike;
  /** Schema holding the tables; default `gridflow`. */
  schema?: string;
  /** The tenant (district) every statement is scoped to; default `default`. */
  tenantId?: string;
  /** Run pending migrations on first use; default true. */
  migrate?: boolean;
  /** Stamps movements that carry no `at`; defaults to the system clock. */
  clock?: Clock;
}

const optionsSchema = z.object({
  ...connectionOptions,
  clock: z.custom<Clock>((v) => typeof (v as Clock)?.now === 'function', 'must have now()').optional(),
});

type Outcome =
  | { status: 'recorded' | 'existing'; entry: Record<string, unknown> }
  | { status: 'insufficient'; balance: number };

const UNIQUE_VIOLATION = '23505';

/**
 * The points ledger (积分台账) on Postgres or PGlite, in the same schema and tenant as the cases: each award or
 * redemption is one call of a server-side function that locks the person's balance row, so the overdraft check
 * and the write are atomic across engine processes, and a repeated idempotency key returns the first entry.
 *
 * @example
 * ```ts
 * import { postgresPointsLedger } from '@gridflow/adapter-postgres';
 * import { pointsEffects } from '@gridflow/engine';
 * const ledger = postgresPointsLedger({ client: pool, tenantId: 'district-a' });
 * const engine = createEngine({ storage, flows, directory, effects: pointsEffects(ledger) });
 * ```
 */
export function postgresPointsLedger(options: PostgresPointsLedgerOptions): PointsLedger {
  const { client, schema, tenantId, migrate, clock = systemClock } = parseOptions(optionsSchema, options);
  const driver = toSqlDriver(client);
  const s = quoteIdent(schema);

  const init = migrateOnce(driver, schema, migrate);

  async function record(kind: PointsEntry['kind'], input: PointsMovement): Promise<PointsEntry> {
    const movement = parsePointsMovement(input);
    const payload = JSON.stringify({
      ...movement,
      kind,
      caseId: movement.caseId ?? null,
      at: (movement.at ?? clock.now()).toISOString(),
    });
    await init();
    const outcome = await call(driver, s, tenantId, payload).catch((error: unknown) => {
      // Two first uses of one key for two different people raced past each other's person lock: once the
      // winner is committed, asking again finds its entry.
      if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) return call(driver, s, tenantId, payload);
      throw error;
    });
    if (outcome.status === 'insufficient') {
      throw insufficientPointsError(movement.personId, Number(outcome.balance), movement.amount);
    }
    const entry = toEntry(outcome.entry);
    if (outcome.status === 'existing' && !isSameMovement(entry, kind, movement)) {
      throw new GridflowError(
        'IDEMPOTENCY_KEY_REUSED',
        `points key ${movement.idempotencyKey} was used for another movement`,
        { details: { idempotencyKey: movement.idempotencyKey } },
      );
    }
    return entry;
  }

  return {
    award: (movement) => record('award', movement),
    redeem: (movement) => record('redeem', movement),
    async balance(personId) {
      await init();
      const [row] = await driver.query<{ balance: string | number }>(
        `select balance from ${s}."points_balances" where tenant_id = $1 and person_id = $2`,
        [tenantId, personId],
        true,
      );
      return row ? Number(row.balance) : 0;
    },
    async history(personId, { limit } = {}) {
      await init();
      const rows = await driver.query<Record<string, unknown>>(
        `select * from ${s}."points_entries" where tenant_id = $1 and person_id = $2 order by seq desc
limit $3`,
        [tenantId, personId, limit ?? null],
        true,
      );
      return rows.map(toEntry);
    },
  };
}

async function call(driver: SqlDriver, s: string, tenantId: string, payload: string): Promise<Outcome> {
  const [row] = await driver.query<{ outcome: Outcome }>(
    `select ${s}."gf_points_record"($1, $2::jsonb) as outcome`,
    [tenantId, payload],
    true,
  );
  return row!.outcome;
}

/** A row of `points_entries` (as a row, or as jsonb from the function) as a {@link PointsEntry}. */
function toEntry(row: Record<string, unknown>): PointsEntry {
  return Object.freeze({
    idempotencyKey: row.idempotency_key as string,
    personId: row.person_id as string,
    kind: row.kind as PointsEntry['kind'],
    amount: Number(row.amount),
    reason: row.reason as string,
    caseId: (row.case_id as string | null) ?? null,
    at: row.at instanceof Date ? row.at : new Date(row.at as string),
    balanceAfter: Number(row.balance_after),
  });
}
