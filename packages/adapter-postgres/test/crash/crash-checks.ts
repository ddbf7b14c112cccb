import { createEngine, memoryStorage, replayJournal } from '@gridflow/engine';
import { postgresStorage } from '../../src/index.js';
import { ticketDirectory, ticketFlow } from '../fixtures/ticket-flow.js';
import type { TestDatabase } from '../test-database.js';

/**
 * What the crash test found, as counts of violations (all zero when the store survived intact).
 *
 * @example
 * ```ts
 * expect(await checkCrashInvariants(db, schema)).toMatchObject({ journalGaps: 0, replayMismatches: 0 });
 * ```
 */
export interface CrashFindings {
  cases: number;
  bumpEvents: number;
  /** Cases whose journal seqs are not exactly 1..version. */
  journalGaps: number;
  /** Idempotency keys of accepted events that appear more than once in the journal. */
  repeatedEvents: number;
  /** Cases whose stored snapshot differs from replaying their journal. */
  replayMismatches: number;
  /** Cases whose reminder did not fire exactly once. */
  timersNotFiredOnce: number;
  timersLeft: number;
  outboxRows: number;
  undelivered: number;
  /** Effects no handler ever saw. */
  effectsNeverDelivered: number;
  /** Effects delivered under an idempotency key other than the row's. */
  effectsWithOtherKeys: number;
  /** Deliveries beyond the first (allowed: at-least-once), for the report. */
  redeliveries: number;
}

/**
 * Read the store back in raw SQL and check every invariant the crash test promises.
 *
 * @example
 * ```ts
 * const findings = await checkCrashInvariants(db, schema);
 * ```
 */
export async function checkCrashInvariants(db: TestDatabase, schema: string): Promise<CrashFindings> {
  const s = `"${schema}"`;
  const one = async (text: string): Promise<number> => Number(Object.values((await db.sql(text))[0]!)[0]);

  const journalGaps = await one(`select count(*) from ${s}.cases c where c.version <> (
    select count(*) from ${s}.journal j where j.tenant_id = c.tenant_id and j.case_id = c.id and j.seq between 1 and c.version)
    or exists (select 1 from ${s}.journal j where j.tenant_id = c.tenant_id and j.case_id = c.id and j.seq > c.version)`);
  const repeatedEvents = await one(`select count(*) from (select idempotency_key from ${s}.journal
    where idempotency_key is not null group by idempotency_key having count(*) > 1) r`);
  const timersNotFiredOnce =
    await one(`select count(*) from ${s}.cases c where (select count(*) from ${s}.journal j
    where j.case_id = c.id and j.type like 'xstate.after.%') <> 1`);
  const effectsNeverDelivered = await one(`select count(*) from ${s}.outbox o
    where not exists (select 1 from ${s}.deliveries d where d.effect_id = o.id)`);
  const effectsWithOtherKeys = await one(`select count(*) from ${s}.outbox o
    where exists (select 1 from ${s}.deliveries d where d.effect_id = o.id and d.idempotency_key <> o.idempotency_key)`);

  return {
    cases: await one(`select count(*) from ${s}.cases`),
    bumpEvents: await one(`select count(*) from ${s}.journal where type = 'bump'`),
    journalGaps,
    repeatedEvents,
    replayMismatches: await countReplayMismatches(db, schema),
    timersNotFiredOnce,
    timersLeft: await one(`select count(*) from ${s}.timers`),
    outboxRows: await one(`select count(*) from ${s}.outbox`),
    undelivered: await one(`select count(*) from ${s}.outbox where status <> 'delivered'`),
    effectsNeverDelivered,
    effectsWithOtherKeys,
    redeliveries:
      (await one(`select count(*) from ${s}.deliveries`)) - (await one(`select count(*) from ${s}.outbox`)),
  };
}

async function countReplayMismatches(db: TestDatabase, schema: string): Promise<number> {
  // Only the registry and calendar are needed to replay; the engine is never started.
  const { flows, calendar } = createEngine({
    storage: memoryStorage(),
    flows: [ticketFlow],
    directory: ticketDirectory,
  });
  const storage = postgresStorage({ client: db.client, schema, migrate: false });
  let mismatches = 0;
  const rows = await db.sql<{ id: string; snapshot: unknown }>(`select id, snapshot from "${schema}".cases`);
  for (const row of rows) {
    const replayed = replayJournal(flows, calendar, await storage.readJournal(row.id));
    if (JSON.stringify(sortKeys(replayed.snapshot)) !== JSON.stringify(sortKeys(row.snapshot)))
      mismatches += 1;
  }
  return mismatches;
}

/** JSON with object keys sorted (jsonb reorders keys) and `undefined` fields dropped, for comparison. */
function sortKeys(value: unknown): unknown {
  const plain = JSON.parse(JSON.stringify(value)) as unknown;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, walk((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return walk(plain);
}
