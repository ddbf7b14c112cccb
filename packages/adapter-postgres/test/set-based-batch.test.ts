import type {
  CaseRecord,
  ClaimedTimer,
  CommitOutcome,
  CommitRequest,
  IdempotencyRecord,
  OutboxRecord,
  TimerRecord,
} from '@gridflow/engine';
import {
  CONFORMANCE_EPOCH,
  makeCaseRecord,
  makeCreateCommit,
  makeIdempotencyRecord,
  makeJournalEntry,
  makeOutboxRecord,
  makeTimerRecord,
  makeUpdateCommit,
} from '@gridflow/engine/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresStorage, postgresStorage } from '../src/index.js';
import { commitPayload } from '../src/storage/commit-transition.js';
import { sqlNames } from '../src/sql-names.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

/** The same cases and timers in every schema, so two schemas can be compared row by row. */
interface World {
  cases: Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f', CaseRecord>;
  timers: Record<'a' | 'b' | 'd', TimerRecord>;
  /** What the requests write: the next timer and a notice of case a, the idempotency key of case f. */
  next: TimerRecord;
  notice: OutboxRecord;
  key: IdempotencyRecord;
  missing: CaseRecord;
  /** Plain updates that make the batch large enough for the set-based way. */
  filler: CaseRecord[];
}

function makeWorld(): World {
  const cases = {
    a: makeCaseRecord(),
    b: makeCaseRecord(),
    c: makeCaseRecord(),
    d: makeCaseRecord(),
    e: makeCaseRecord(),
    f: makeCaseRecord(),
  };
  const timers = {
    a: makeTimerRecord(cases.a.id, { key: 'xstate.after.deadline.sla.open' }),
    b: makeTimerRecord(cases.b.id),
    d: makeTimerRecord(cases.d.id, { key: 'remind' }),
  };
  return {
    cases,
    timers,
    next: makeTimerRecord(cases.a.id, { key: 'remind', dueAt: new Date(CONFORMANCE_EPOCH.getTime() + 1) }),
    notice: makeOutboxRecord(cases.a.id),
    key: makeIdempotencyRecord({ ...cases.f, version: 2 }),
    missing: makeCaseRecord(),
    filler: Array.from({ length: 16 }, () => makeCaseRecord()),
  };
}

async function seed(storage: PostgresStorage, world: World): Promise<Map<string, ClaimedTimer>> {
  for (const [name, record] of Object.entries(world.cases)) {
    const timer = world.timers[name as keyof World['timers']];
    await storage.commit(makeCreateCommit(record, { scheduleTimers: timer ? [timer] : [] }));
  }
  for (const record of world.filler) await storage.commit(makeCreateCommit(record));
  const claimed = await storage.claimDueTimers({
    now: CONFORMANCE_EPOCH,
    limit: 10,
    leaseMs: 60_000,
    owner: 'test',
  });
  return new Map(claimed.map((t) => [t.id, t]));
}

/** One of each kind of request a batch can hold, in an order that interleaves set-based and one-by-one ones. */
function makeRequests(world: World, claimed: Map<string, ClaimedTimer>): CommitRequest[] {
  const { cases, timers } = world;
  const lease = (timer: TimerRecord) => ({ id: timer.id, leaseToken: claimed.get(timer.id)!.leaseToken });
  return [
    // A fired timer that schedules the next one and notifies someone.
    makeUpdateCommit(
      cases.a,
      { state: 'overdue', dueAt: null, handlingUnits: ['dept-water', 'dept-city'] },
      { consumeTimer: lease(timers.a), scheduleTimers: [world.next], outbox: [world.notice] },
    ),
    // A timer whose lease is not the one claimed.
    makeUpdateCommit(cases.b, {}, { consumeTimer: { id: timers.b.id, leaseToken: 'stale' } }),
    // A stale version.
    makeUpdateCommit(cases.c, {}, { expectedVersion: 3 }),
    // Two requests for one case: the first wins, the second conflicts.
    makeUpdateCommit(cases.e, { state: 'first' }),
    // A send that cancels the case's reminder.
    makeUpdateCommit(cases.d, { state: 'handled', assignee: 'u-li' }, { cancelTimers: ['remind'] }),
    makeUpdateCommit(cases.e, { state: 'second' }),
    // A request with an idempotency key.
    makeUpdateCommit(cases.f, {}, { idempotency: world.key }),
    // A case that does not exist.
    makeUpdateCommit(world.missing),
    ...world.filler.map((record) => makeUpdateCommit(record, { state: 'touched' })),
  ];
}

const summary = (outcome: PromiseSettledResult<CommitOutcome>) =>
  outcome.status === 'fulfilled' ? outcome.value : { rejected: (outcome.reason as { code?: string }).code };

/** Every row of the tenant, without the lease columns (tokens are random per claim). */
async function dump(schema: string) {
  const s = `"${schema}"`;
  return {
    cases: await db.sql(`select * from ${s}.cases order by id`),
    journal: await db.sql(`select * from ${s}.journal order by case_id, seq`),
    timers: await db.sql(
      `select id, case_id, key, event, due_at, provisional, plan from ${s}.timers order by id`,
    ),
    outbox: await db.sql(`select * from ${s}.outbox order by id`),
    idempotency: await db.sql(`select * from ${s}.idempotency_keys order by key`),
  };
}

describe('the set-based batch commit', () => {
  it('leaves exactly the rows and outcomes that committing one by one leaves', async () => {
    const world = makeWorld();
    const schemas = [db.freshSchemaName(), db.freshSchemaName()] as const;
    // Batched: one commit in flight, so all requests queued behind the first go together.
    const batched = postgresStorage({ client: db.client, schema: schemas[0], commitConcurrency: 1 });
    const single = postgresStorage({ client: db.client, schema: schemas[1] });
    try {
      const claimedBatched = await seed(batched, world);
      const claimedSingle = await seed(single, world);

      const blocker = makeCaseRecord();
      const batchOutcomes = await Promise.allSettled([
        batched.commit(makeCreateCommit(blocker)),
        ...makeRequests(world, claimedBatched).map((request) => batched.commit(request)),
      ]);
      const singleOutcomes: PromiseSettledResult<CommitOutcome>[] = [];
      for (const request of [makeCreateCommit(blocker), ...makeRequests(world, claimedSingle)]) {
        singleOutcomes.push(...(await Promise.allSettled([single.commit(request)])));
      }

      expect(batchOutcomes.map(summary)).toEqual([
        { status: 'committed' },
        { status: 'committed' },
        { status: 'timer-gone' },
        { status: 'conflict', currentVersion: 1 },
        { status: 'committed' },
        { status: 'committed' },
        { status: 'conflict', currentVersion: 2 },
        { status: 'committed' },
        { status: 'conflict', currentVersion: null },
        ...world.filler.map(() => ({ status: 'committed' })),
      ]);
      expect(singleOutcomes.map(summary)).toEqual(batchOutcomes.map(summary));
      const [rowsBatched, rowsSingle] = [await dump(schemas[0]), await dump(schemas[1])];
      expect(rowsBatched).toEqual(rowsSingle);
      expect(rowsBatched.timers.map((t) => [t.case_id, t.key])).toEqual(
        expect.arrayContaining([
          [world.cases.a.id, 'remind'],
          [world.cases.b.id, world.timers.b.key],
        ]),
      );
      expect(rowsBatched.timers).toHaveLength(2);
      expect(rowsBatched.outbox).toHaveLength(1);
    } finally {
      await batched.dispose?.();
      await single.dispose?.();
      for (const schema of schemas) await db.dropSchema(schema);
    }
  });

  it('decides the eligible requests set-based and the rest one by one', async () => {
    const world = makeWorld();
    const schema = db.freshSchemaName();
    const storage = postgresStorage({ client: db.client, schema });
    try {
      const claimed = await seed(storage, world);
      const payloads = makeRequests(world, claimed).map(commitPayload);
      const [row] = await db.sql(
        `select ${sqlNames(schema).commitBatchFunction}($1, $2::jsonb) as outcomes`,
        ['default', JSON.stringify(payloads)],
      );
      const paths = (row!.outcomes as Array<{ status: string; path?: string }>).map(
        (o) => `${o.status}${o.path ? ` (${o.path})` : ''}`,
      );
      expect(paths).toEqual([
        'committed (set)',
        'timer-gone (set)',
        'conflict (set)',
        'committed', // two requests for case e: both one by one
        'committed (set)',
        'conflict',
        'committed', // idempotency key
        'conflict (set)',
        ...world.filler.map(() => 'committed (set)'),
      ]);

      // Without the filler too few requests qualify: the whole batch goes one by one.
      const fresh = makeWorld();
      const claimedFresh = await seed(storage, fresh);
      const small = makeRequests(fresh, claimedFresh).slice(0, -fresh.filler.length).map(commitPayload);
      const [smallRow] = await db.sql(
        `select ${sqlNames(schema).commitBatchFunction}($1, $2::jsonb) as outcomes`,
        ['default', JSON.stringify(small)],
      );
      expect((smallRow!.outcomes as Array<{ path?: string }>).filter((o) => o.path)).toEqual([]);
    } finally {
      await storage.dispose?.();
      await db.dropSchema(schema);
    }
  });

  it('falls back to one by one when the set-based part fails, keeping every other commit', async () => {
    const world = makeWorld();
    const schema = db.freshSchemaName();
    const storage = postgresStorage({ client: db.client, schema });
    try {
      await seed(storage, world);
      const { a, c, d } = world.cases;
      // Journal seq 1 exists already: this request's journal insert violates the primary key.
      const broken = makeUpdateCommit(c, {}, { journal: [makeJournalEntry({ ...c, version: 1 })] });
      const requests = [
        makeUpdateCommit(a, { state: 'done-a' }),
        broken,
        makeUpdateCommit(d, { state: 'done-d' }),
        ...world.filler.map((record) => makeUpdateCommit(record)),
      ];
      const [row] = await db.sql(
        `select ${sqlNames(schema).commitBatchFunction}($1, $2::jsonb) as outcomes`,
        ['default', JSON.stringify(requests.map(commitPayload))],
      );
      expect(row!.outcomes).toEqual([
        { status: 'committed' },
        { status: 'error', code: '23505', message: expect.stringContaining('journal_pkey') },
        { status: 'committed' },
        ...world.filler.map(() => ({ status: 'committed' })),
      ]);
      const s = `"${schema}"`;
      const states = await db.sql(
        `select id, state, version from ${s}.cases where id = any($1) order by id`,
        [[a.id, c.id, d.id]],
      );
      expect(Object.fromEntries(states.map((r) => [r.id, [r.state, r.version]]))).toEqual({
        [a.id]: ['done-a', 2],
        [c.id]: ['open', 1],
        [d.id]: ['done-d', 2],
      });
      const journal = await db.sql(`select case_id, count(*)::int as n from ${s}.journal group by case_id`);
      expect(Object.fromEntries(journal.map((r) => [r.case_id, r.n]))).toMatchObject({
        [a.id]: 2,
        [c.id]: 1,
        [d.id]: 2,
      });
    } finally {
      await storage.dispose?.();
      await db.dropSchema(schema);
    }
  });
});
