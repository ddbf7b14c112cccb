import { createEngine, type Engine, isGridflowError, memoryStorage, type Storage } from '@gridflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresStorage } from '../src/index.js';
import { ticketDirectory, ticketFlow, worker } from './fixtures/ticket-flow.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

const longId = 'x'.repeat(8_200);
/** Requests every storage must refuse alike, before anything is written, naming the field. */
const badCreates: Array<[string, Record<string, unknown>, string]> = [
  ['a NUL in input text', { input: { note: 'a\u0000b' } }, 'input.note'],
  ['a lone high surrogate in input text', { input: { note: 'broken \ud800 text' } }, 'input.note'],
  ['a lone low surrogate in a nested array', { input: { tags: ['ok', '\udc00'] } }, 'input.tags.1'],
  ['a NUL in an input key', { input: { 'no\u0000te': 'x' } }, 'input.no\u0000te'],
  ['an 8 KB case id', { caseId: longId }, 'caseId'],
  ['an 8 KB idempotency key', { idempotencyKey: longId }, 'idempotencyKey'],
  ['an id with surrounding spaces', { caseId: ' c-1 ' }, 'caseId'],
  ['a blank org unit', { orgUnit: '   ' }, 'orgUnit'],
];

describe.each(['memory', process.env.DATABASE_URL ? 'postgres' : 'PGlite'])('input hygiene on %s', (kind) => {
  let storage: Storage;
  let engine: Engine;
  let schema: string;
  beforeAll(async () => {
    schema = db.freshSchemaName();
    storage = kind === 'memory' ? memoryStorage() : postgresStorage({ client: db.client, schema });
    // Notices are not what these tests check: a handler that takes them keeps start() from refusing the flow.
    engine = createEngine({
      storage,
      flows: [ticketFlow],
      directory: ticketDirectory,
      effects: { notify: () => {} },
    });
    await engine.start();
  });
  afterAll(async () => {
    await engine.stop();
    await storage.dispose?.();
    if (kind !== 'memory') await db.dropSchema(schema);
  });

  it.each(badCreates)(
    'refuses %s with VALIDATION_FAILED naming the field, storing nothing',
    async (_, bad, field) => {
      let caught: unknown;
      try {
        await engine.createCase({ flow: 'ticket', actor: worker, orgUnit: 'comm-1', ...bad });
      } catch (error) {
        caught = error;
      }
      expect(isGridflowError(caught, 'VALIDATION_FAILED')).toBe(true);
      expect((caught as { details: { field: string } }).details.field).toBe(field);
      expect((await storage.queryCases({ limit: 10 })).items).toEqual([]);
    },
  );

  it('refuses bad text in an event payload and leaves the case as it was', async () => {
    const c = await engine.createCase({ flow: 'ticket', actor: worker, orgUnit: 'comm-1' });
    await expect(
      engine.send({ caseId: c.id, actor: worker, event: { type: 'bump', note: '\ud83d' } }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'event.note' } });
    await expect(
      engine.send({ caseId: c.id, actor: { ...worker, id: longId }, event: { type: 'bump' } }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'actor.id' } });
    expect((await storage.loadCase(c.id))?.version).toBe(1);
    expect(await storage.readJournal(c.id)).toHaveLength(1);
  });

  it('names the problem when a request is not an object', async () => {
    await expect(engine.send(null as never)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'request' },
      message: 'request must be an object',
    });
  });

  it('keeps a well-formed astral character (an emoji made of a surrogate pair)', async () => {
    const c = await engine.createCase({
      flow: 'ticket',
      actor: worker,
      orgUnit: 'comm-1',
      input: { note: '路灯坏了 🚧' },
    });
    const [created] = await storage.readJournal(c.id);
    expect(created?.event).toMatchObject({ input: { note: '路灯坏了 🚧' } });
  });
});
