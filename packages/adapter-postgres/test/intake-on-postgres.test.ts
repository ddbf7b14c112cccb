import { createEngine, type Intake, type QuarantineEntry } from '@gridflow/engine';
import { minutesAfterEpoch } from '@gridflow/engine/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresStorage, postgresStorage } from '../src/index.js';
import { ticketDirectory, ticketFlow, worker } from './fixtures/ticket-flow.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

const units = new Map([['C1', 'comm-1']]);

/** `{ no, unit }` becomes the ticket `t-<no>` in the unit the table names. */
const ticketIntake: Intake<{ no: string; unit: string }> = {
  source: 'tickets',
  map(raw) {
    const orgUnit = units.get(raw.unit);
    if (!orgUnit) {
      const reason = {
        code: 'VALIDATION_FAILED' as const,
        field: 'unit',
        message: `unknown unit ${raw.unit}`,
      };
      return { ok: false, externalId: raw.no, reason };
    }
    const request = { flow: 'ticket', actor: worker, orgUnit, caseId: `t-${raw.no}` };
    return { ok: true, externalId: raw.no, command: { kind: 'create', request } };
  },
};

const entry = (tenant: string): QuarantineEntry => ({
  id: `q-${tenant}`,
  source: 'tickets',
  externalId: 'N-1',
  raw: { tenant },
  reason: { code: 'VALIDATION_FAILED', field: 'unit', message: 'unknown unit' },
  at: minutesAfterEpoch(0),
});

describe(`intake on ${process.env.DATABASE_URL ? 'postgres' : 'PGlite'}`, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function open(schema: string, tenantId = 'district-a', peer = false): PostgresStorage {
    const client = (peer && db.openPeer()) || db.client;
    const storage = postgresStorage({ client, schema, tenantId });
    cleanups.push(async () => storage.dispose?.());
    return storage;
  }

  function freshSchema(): string {
    const schema = db.freshSchemaName();
    cleanups.push(() => db.dropSchema(schema));
    return schema;
  }

  it('keeps quarantine rows and cursors of two tenants apart, with the same ids and names', async () => {
    const schema = freshSchema();
    const [a, b] = [open(schema, 'district-a'), open(schema, 'district-b')];
    await a.init?.();
    for (const storage of [a, b]) {
      await storage.recordQuarantine(entry(storage.tenantId));
      await storage.setCursor({ name: 'todo', value: storage.tenantId, at: minutesAfterEpoch(0) });
    }
    expect((await a.findQuarantine('tickets', 'N-1'))?.raw).toEqual({ tenant: 'district-a' });
    expect((await a.listQuarantine({})).items.map((r) => r.id)).toEqual(['q-district-a']);
    expect(await a.getQuarantine('q-district-b')).toBeNull();
    const settle = { status: 'discarded' as const, note: 'x', at: minutesAfterEpoch(1) };
    expect(await a.settleQuarantine('q-district-b', settle)).toBeNull();
    const move = { name: 'todo', value: 'moved', expected: 'district-b', at: minutesAfterEpoch(1) };
    expect(await a.setCursor(move)).toBe(false);
    expect((await b.getCursor('todo'))?.value).toBe('district-b');
    const rows = await db.sql(
      `select tenant_id, attempts, status from "${schema}".intake_quarantine order by 1`,
    );
    expect(rows).toEqual([
      { tenant_id: 'district-a', attempts: 1, status: 'open' },
      { tenant_id: 'district-b', attempts: 1, status: 'open' },
    ]);
  });

  it('keeps a raw body as received: its key order, a \\u0000 escape, a body that is not JSON', async () => {
    const schema = freshSchema();
    const storage = open(schema);
    const bodies = [{ z: 1, a: 'nul \u0000 inside', m: [true, null] }, '<xml>不是 JSON</xml>'];
    for (const [i, raw] of bodies.entries()) {
      await storage.recordQuarantine({ ...entry('district-a'), id: `q-${i}`, externalId: `N-${i}`, raw });
      expect((await storage.getQuarantine(`q-${i}`))?.raw).toEqual(raw);
    }
    const [row] = await db.sql(
      `select raw::text as text from "${schema}".intake_quarantine where id = 'q-0'`,
    );
    expect(row?.text).toBe('{"z":1,"a":"nul \\u0000 inside","m":[true,null]}');
  });

  it('applies a record pushed by two engines at once exactly once, and counts every refusal of a bad one', async () => {
    const schema = freshSchema();
    const first = open(schema);
    await first.init?.(); // migrate once, before the engines race
    const engines = [first, open(schema, 'district-a', true)].map((storage) =>
      createEngine({ storage, flows: [ticketFlow], directory: ticketDirectory, intakes: [ticketIntake] }),
    );
    const push = (raw: { no: string; unit: string }) =>
      Promise.all(Array.from({ length: 12 }, (_, i) => engines[i % 2]!.ingest('tickets', raw)));

    const good = await push({ no: 'N-7', unit: 'C1' });
    expect(good.filter((r) => r.status === 'applied')).toHaveLength(1);
    expect(good.filter((r) => r.status === 'duplicate')).toHaveLength(11);
    expect(new Set(good.map((r) => (r.status === 'quarantined' ? null : r.caseId)))).toEqual(
      new Set(['t-N-7']),
    );
    const journal = await db.sql(`select idempotency_key from "${schema}".journal where case_id = 't-N-7'`);
    expect(journal).toEqual([{ idempotency_key: 'intake:tickets:N-7' }]);

    const bad = await push({ no: 'N-8', unit: 'C9' });
    expect(new Set(bad.map((r) => r.quarantineId)).size).toBe(1);
    const rows = await db.sql(`select external_id, attempts from "${schema}".intake_quarantine`);
    expect(rows).toEqual([{ external_id: 'N-8', attempts: 12 }]);

    units.set('C9', 'comm-1');
    try {
      expect(await engines[1]!.quarantine.retry(bad[0]!.quarantineId!)).toMatchObject({
        status: 'applied',
        caseId: 't-N-8',
      });
    } finally {
      units.delete('C9');
    }
    const [row] = await db.sql(`select status, case_id from "${schema}".intake_quarantine`);
    expect(row).toEqual({ status: 'resolved', case_id: 't-N-8' });
  });
});
