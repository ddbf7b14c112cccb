import {
  createEngine,
  defineFlow,
  effect,
  type Engine,
  memoryDirectory,
  memoryStorage,
  type Storage,
  virtualClock,
} from '@gridflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { z } from 'zod';
import { postgresStorage } from '../src/index.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

// A flow that puts what JSON cannot keep as it is into a case: a Date in context, in an effect's payload and in a
// timer's event; and, on `count`, a BigInt.
const machine = setup({
  types: {} as { context: { stampedAt: Date | null; count: unknown; note?: string } },
  actions: { notify: effect<{ at: Date; skipped?: undefined }>() },
  delays: { remind: 60_000 },
}).createMachine({
  id: 'ledger',
  initial: 'open',
  context: { stampedAt: null, count: 0 },
  states: {
    open: {
      after: { remind: { actions: assign({ note: 'reminded' }) } },
      on: {
        stamp: {
          actions: [
            assign({
              stampedAt: ({ event }) => new Date((event as unknown as { meta: { at: string } }).meta.at),
            }),
            {
              type: 'notify',
              params: ({ event }) => ({
                at: new Date((event as unknown as { meta: { at: string } }).meta.at),
                skipped: undefined,
              }),
            },
          ],
        },
        count: { actions: assign({ count: () => 10n ** 20n }) },
      },
    },
  },
});
const ledgerFlow = defineFlow({
  id: 'ledger',
  version: 1,
  machine,
  events: { stamp: z.object({}).strict(), count: z.object({}).strict() },
  permissions: { create: ['gridWorker'], events: { stamp: ['gridWorker'], count: ['gridWorker'] } },
  effects: ['notify'],
});
const directory = memoryDirectory({
  units: [{ id: 'comm-1', name: '幸福社区', kind: 'community', parentId: null }],
});
const worker = { id: 'g-1', roles: ['gridWorker'], orgUnit: 'comm-1' };

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

/** Object keys sorted (jsonb keeps its own key order), random row ids numbered in order of appearance. */
function canonical(value: unknown, ids: Map<string, string>): string {
  const walk = (v: unknown): unknown => {
    if (v instanceof Date) return { $date: v.toISOString() };
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(v)) {
      if (!ids.has(v)) ids.set(v, `id-${ids.size}`);
      return ids.get(v);
    }
    if (typeof v !== 'object' || v === null) return v;
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, walk((v as Record<string, unknown>)[k])]),
    );
  };
  return JSON.stringify(walk(value), null, 1);
}

async function runFlow(storage: Storage) {
  const engine: Engine = createEngine({
    storage,
    flows: [ledgerFlow],
    directory,
    clock: virtualClock('2026-09-15T10:02:00+08:00'),
    effects: { notify: () => {} },
  });
  const c = await engine.createCase({ flow: 'ledger', caseId: 'case-1', actor: worker, orgUnit: 'comm-1' });
  const stamped = await engine.send({ caseId: c.id, actor: worker, event: { type: 'stamp' } });
  const bigint = await engine.send({ caseId: c.id, actor: worker, event: { type: 'count' } }).catch((e) => e);
  const stored = {
    case: await storage.loadCase(c.id),
    journal: await storage.readJournal(c.id),
    timers: await storage.listTimers(c.id),
    outbox: (await storage.listOutbox({ status: 'pending', limit: 10 })).items,
  };
  return { engine, stamped, bigint, stored };
}

describe('memory storage keeps what Postgres keeps', () => {
  it('stores one flow run byte for byte alike on memory and on PGlite/Postgres (canonical JSON)', async () => {
    const schema = db.freshSchemaName();
    const pgStorage = postgresStorage({ client: db.client, schema });
    try {
      const memory = await runFlow(memoryStorage());
      const postgres = await runFlow(pgStorage);

      // A Date in context is its ISO string on both, in what send returns as in what is stored.
      expect(memory.stamped.context.stampedAt).toBe('2026-09-15T02:02:00.000Z');
      expect(postgres.stamped.context.stampedAt).toBe('2026-09-15T02:02:00.000Z');
      expect(memory.stored.outbox[0]?.payload).toEqual({ at: '2026-09-15T02:02:00.000Z' });

      // A BigInt is VALIDATION_FAILED on both, naming the field, and leaves the case as it was.
      for (const run of [memory, postgres]) {
        expect(run.bigint).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'context.count' } });
        expect(run.stored.case?.version).toBe(2);
      }

      expect(canonical(memory.stored, new Map())).toBe(canonical(postgres.stored, new Map()));
      await memory.engine.stop();
      await postgres.engine.stop();
    } finally {
      await db.dropSchema(schema);
    }
  });
});
