import { createEngine, type Engine, replayJournal, virtualClock } from '@gridflow/engine';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresStorage, postgresStorage } from '../src/index.js';
import { ticketDirectory, ticketFlow, worker } from './fixtures/ticket-flow.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

describe(`the engine on ${process.env.DATABASE_URL ? 'postgres' : 'PGlite'}`, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function openEngine(
    schema: string,
    options: { clock?: ReturnType<typeof virtualClock>; peer?: boolean } = {},
  ) {
    const client = (options.peer && db.openPeer()) || db.client;
    const storage: PostgresStorage = postgresStorage({ client, schema });
    const delivered: { id: string; idempotencyKey: string }[] = [];
    const engine: Engine = createEngine({
      storage,
      flows: [ticketFlow],
      directory: ticketDirectory,
      clock: options.clock,
      effects: { notify: async (d) => void delivered.push({ id: d.id, idempotencyKey: d.idempotencyKey }) },
      tuning: { conflictRetries: 500 },
    });
    cleanups.push(async () => {
      await engine.stop();
      await storage.dispose?.();
    });
    return { engine, storage, delivered };
  }

  function freshSchema(): string {
    const schema = db.freshSchemaName();
    cleanups.push(() => db.dropSchema(schema));
    return schema;
  }

  it('keeps a gapless journal and every update when 50 senders hit one case at once', async () => {
    const schema = freshSchema();
    const { engine } = openEngine(schema);
    const created = await engine.createCase({ flow: 'ticket', actor: worker, orgUnit: 'comm-1' });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        engine.send({
          caseId: created.id,
          actor: worker,
          event: { type: 'bump' },
          idempotencyKey: `bump-${i}`,
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);

    const journal = await db.sql<{ seq: number; idempotency_key: string | null }>(
      `select seq, idempotency_key from "${schema}".journal where case_id = $1 order by seq`,
      [created.id],
    );
    expect(journal.map((row) => row.seq)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
    expect(new Set(journal.slice(1).map((row) => row.idempotency_key)).size).toBe(50);
    const stored = await engine.getCase(created.id);
    expect(stored.context.count).toBe(50);
    expect(stored.version).toBe(51);
    const replayed = replayJournal(engine.flows, engine.calendar, await engine.history(created.id));
    expect(replayed.snapshot).toEqual((await engine.storage.loadCase(created.id))!.snapshot);
  });

  it('fires a due timer exactly once between two engines on one database, and delivers its effect', async () => {
    const clock = virtualClock();
    const schema = freshSchema();
    const a = openEngine(schema, { clock });
    const b = openEngine(schema, { clock, peer: true });
    const cases = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        a.engine.createCase({
          flow: 'ticket',
          actor: worker,
          orgUnit: 'comm-1',
          input: { reminderMs: 1000 + i },
        }),
      ),
    );
    clock.advanceBy(60_000);
    const fired = await Promise.all([
      a.engine.runDueTimers(),
      b.engine.runDueTimers(),
      a.engine.runDueTimers(),
    ]);
    expect(fired.reduce((sum, n) => sum + n, 0)).toBe(20);
    for (const c of cases) {
      const entries = await a.engine.history(c.id);
      expect(entries.filter((e) => e.type.startsWith('xstate.after'))).toHaveLength(1);
      expect((await a.engine.getCase(c.id)).state).toBe('reminded');
    }
    await Promise.all([a.engine.drainOutbox(), b.engine.drainOutbox()]);
    const delivered = [...a.delivered, ...b.delivered];
    expect(new Set(delivered.map((d) => d.id)).size).toBe(20);
    const rows = await db.sql(`select status from "${schema}".outbox`);
    expect(rows.every((row) => row.status === 'delivered')).toBe(true);
  });

  it('returns the first result for a repeated idempotency key and writes nothing more', async () => {
    const schema = freshSchema();
    const { engine } = openEngine(schema);
    const first = await engine.createCase({
      flow: 'ticket',
      actor: worker,
      orgUnit: 'comm-1',
      idempotencyKey: 'k-1',
    });
    const again = await engine.createCase({
      flow: 'ticket',
      actor: worker,
      orgUnit: 'comm-1',
      idempotencyKey: 'k-1',
    });
    expect(again.id).toBe(first.id);
    const [{ count }] = (await db.sql(`select count(*)::int as count from "${schema}".cases`)) as [
      { count: number },
    ];
    expect(count).toBe(1);
  });
});
