import {
  makeCaseRecord,
  makeCreateCommit,
  makeIdempotencyRecord,
  makeJournalEntry,
  makeTimerRecord,
  makeUpdateCommit,
} from '@gridflow/engine/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type PostgresStorage, postgresStorage } from '../src/index.js';
import { sqlInspector } from './sql-inspector.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

describe('commits sent together in one batch', () => {
  let schema: string;
  let storage: PostgresStorage;
  beforeEach(async () => {
    schema = db.freshSchemaName();
    // One commit in flight at a time: everything that arrives meanwhile goes in the next batch.
    storage = postgresStorage({ client: db.client, schema, commitConcurrency: 1 });
    await storage.init?.();
  });
  afterEach(async () => {
    await storage.dispose?.();
    await db.dropSchema(schema);
  });

  it('gives each commit its own outcome, and a refused one writes nothing', async () => {
    const existing = makeCaseRecord();
    await storage.commit(
      makeCreateCommit(existing, { idempotency: makeIdempotencyRecord(existing, { key: 'k-used' }) }),
    );
    const timerCase = makeCaseRecord();
    const timer = makeTimerRecord(timerCase.id);
    await storage.commit(makeCreateCommit(timerCase, { scheduleTimers: [timer] }));
    const inspect = sqlInspector(db, schema, 'default');
    const before = await inspect.counts();

    const fresh = [makeCaseRecord(), makeCaseRecord(), makeCaseRecord()];
    const badJournal = makeCaseRecord();
    const outcomes = await Promise.allSettled([
      storage.commit(makeCreateCommit(fresh[0]!)), // sent alone while the others queue
      storage.commit(makeCreateCommit(fresh[1]!)),
      storage.commit(makeCreateCommit({ ...makeCaseRecord(), id: existing.id })),
      storage.commit(makeUpdateCommit(existing, {}, { expectedVersion: 7 })),
      storage.commit(
        makeCreateCommit(fresh[2]!, { idempotency: makeIdempotencyRecord(fresh[2]!, { key: 'k-used' }) }),
      ),
      storage.commit(
        makeUpdateCommit(timerCase, {}, { consumeTimer: { id: timer.id, leaseToken: 'not-claimed' } }),
      ),
      storage.commit(
        makeCreateCommit(badJournal, {
          journal: [makeJournalEntry(badJournal), makeJournalEntry(badJournal)],
        }),
      ),
    ]);

    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value.status : 'rejected'))).toEqual([
      'committed',
      'committed',
      'conflict',
      'conflict',
      'duplicate',
      'timer-gone',
      'rejected',
    ]);
    expect(outcomes[2]).toMatchObject({ value: { currentVersion: 1 } });
    expect(outcomes[4]).toMatchObject({ value: { record: { key: 'k-used', caseId: existing.id } } });
    expect(outcomes[6]).toMatchObject({ reason: { code: '23505' } });
    expect(await inspect.counts()).toEqual({
      ...before,
      cases: before.cases + 2,
      journal: before.journal + 2,
    });
    expect(await inspect.case(fresh[2]!.id)).toBeNull();
    expect(await inspect.case(badJournal.id)).toBeNull();
  });
});
