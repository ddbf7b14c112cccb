import {
  makeCaseRecord,
  makeCreateCommit,
  makeIdempotencyRecord,
  makeOutboxRecord,
  makeTimerRecord,
  minutesAfterEpoch,
} from '@gridflow/engine/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type PostgresStorage, postgresStorage } from '../src/index.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

describe('tenant isolation', () => {
  let schema: string;
  let a: PostgresStorage;
  let b: PostgresStorage;
  const later = minutesAfterEpoch(60);

  beforeEach(async () => {
    schema = db.freshSchemaName();
    a = postgresStorage({ client: db.client, schema, tenantId: 'district-a' });
    b = postgresStorage({ client: db.client, schema, tenantId: 'district-b' });
    await a.init?.();
  });
  afterEach(async () => {
    await a.dispose?.();
    await b.dispose?.();
    await db.dropSchema(schema);
  });

  /** The same case id, timer and outbox row in both tenants, so any missing tenant filter shows. */
  async function seedBoth() {
    for (const storage of [a, b]) {
      const record = makeCaseRecord({ id: 'c-shared', orgUnit: 'comm-1', state: 'open', assignee: 'u-1' });
      const commit = makeCreateCommit(record, {
        scheduleTimers: [
          makeTimerRecord(record.id, { id: `t-${storage.tenantId}`, dueAt: minutesAfterEpoch(1) }),
        ],
        outbox: [makeOutboxRecord(record.id, { id: `o-${storage.tenantId}` })],
        idempotency: makeIdempotencyRecord(record, { key: 'hotline:GD-1' }),
      });
      expect(await storage.commit(commit)).toEqual({ status: 'committed' });
    }
  }

  it('lets two tenants use the same case id and idempotency key without a conflict', async () => {
    await seedBoth();
    const rows = await db.sql(
      `select tenant_id from "${schema}".cases where id = 'c-shared' order by tenant_id`,
    );
    expect(rows).toEqual([{ tenant_id: 'district-a' }, { tenant_id: 'district-b' }]);
    expect((await a.findIdempotencyKey('hotline:GD-1'))?.caseId).toBe('c-shared');
  });

  it('queries only its own cases', async () => {
    await seedBoth();
    await b.commit(makeCreateCommit(makeCaseRecord({ id: 'c-b-only', orgUnit: 'comm-1', state: 'open' })));
    const page = await a.queryCases({ orgUnits: ['comm-1'], state: 'open' });
    expect(page.items.map((c) => c.id)).toEqual(['c-shared']);
    expect(await a.loadCase('c-b-only')).toBeNull();
    expect((await a.queryCases({ assignee: 'u-1' })).items).toHaveLength(1);
  });

  it('claims, lists and drops only its own timers', async () => {
    await seedBoth();
    const claimed = await a.claimDueTimers({ now: later, limit: 10, leaseMs: 60_000, owner: 'a' });
    expect(claimed.map((t) => t.id)).toEqual(['t-district-a']);
    expect(await a.listTimers('c-shared')).toHaveLength(1);
    const bTimer = (await b.claimDueTimers({ now: later, limit: 10, leaseMs: 60_000, owner: 'b' }))[0]!;
    expect(await a.dropTimer(bTimer.id, bTimer.leaseToken)).toBe(false);
    expect(await b.listTimers('c-shared')).toHaveLength(1);
    expect(await a.nextTimerDue()).toEqual(minutesAfterEpoch(1));
  });

  it('claims, settles and lists only its own outbox rows', async () => {
    await seedBoth();
    const claimed = await a.claimOutbox({ now: later, limit: 10, leaseMs: 60_000, owner: 'a' });
    expect(claimed.map((r) => r.id)).toEqual(['o-district-a']);
    const bRow = (await b.claimOutbox({ now: later, limit: 10, leaseMs: 60_000, owner: 'b' }))[0]!;
    expect(await a.settleOutbox(bRow.id, bRow.leaseToken, { status: 'dead', error: 'x' })).toBe(false);
    expect((await a.listOutbox({})).items.map((r) => r.id)).toEqual(['o-district-a']);
    expect(await a.retryOutbox(bRow.id, later)).toBe(false);
    const [stored] = await db.sql(
      `select status, attempts from "${schema}".outbox where id = 'o-district-b'`,
    );
    expect(stored).toEqual({ status: 'pending', attempts: 0 });
  });

  it('never holds one tenant back behind the other tenant’s rows of the same ordering key', async () => {
    for (const storage of [a, b]) {
      const record = makeCaseRecord({ id: 'c-ordered' });
      const outbox = [1, 2].map((n) =>
        makeOutboxRecord(record.id, { id: `o-${storage.tenantId}-${n}`, orderingKey: 'hotline:GD-1' }),
      );
      expect(await storage.commit(makeCreateCommit(record, { outbox }))).toEqual({ status: 'committed' });
    }
    const claim = (storage: PostgresStorage) =>
      storage.claimOutbox({ now: later, limit: 10, leaseMs: 60_000, owner: storage.tenantId });
    const [headB] = await claim(b);
    expect(headB?.id).toBe('o-district-b-1');
    await b.settleOutbox(headB!.id, headB!.leaseToken, { status: 'dead', error: 'x' });
    expect((await a.countHeldBack(['o-district-a-1', headB!.id])).get(headB!.id)).toBe(0);
    const [headA] = await claim(a);
    expect(headA?.id).toBe('o-district-a-1');
    expect(await a.discardOutbox(headB!.id)).toBe(false);
    await a.settleOutbox(headA!.id, headA!.leaseToken, { status: 'delivered', at: later });
    expect((await claim(a)).map((r) => r.id)).toEqual(['o-district-a-2']);
    expect(await claim(b)).toEqual([]);
  });

  it('wakes only the listeners of the tenant that committed', async () => {
    const heardA: string[] = [];
    const heardB: string[] = [];
    const offA = a.onWake!((channel) => heardA.push(channel));
    const offB = b.onWake!((channel) => heardB.push(channel));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const record = makeCaseRecord();
    await b.commit(makeCreateCommit(record, { outbox: [makeOutboxRecord(record.id)] }));
    await expect.poll(() => heardB, { timeout: 5_000 }).toEqual(['outbox']);
    offA();
    offB();
    expect(heardA).toEqual([]);
  });
});
