import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, pgliteStorage, postgresPointsLedger, postgresStorage } from '../src/index.js';

// A real pool that is never asked for a connection: the option checks run before any query.
const pool = new pg.Pool({ max: 1 });
afterAll(() => pool.end());

// biome-ignore lint/suspicious/noExplicitAny: each row hands a factory what a careless caller might.
const bad = (value: unknown) => value as any;

const rows: { factory: string; field: string; build: () => unknown }[] = [
  { factory: 'postgresStorage', field: 'options.client', build: () => postgresStorage(bad({})) },
  { factory: 'postgresStorage', field: 'options.client', build: () => postgresStorage(bad({ client: {} })) },
  {
    factory: 'postgresStorage',
    field: 'options.client',
    build: () => postgresStorage(bad({ client: { query: () => {} } })),
  },
  {
    factory: 'postgresStorage',
    field: 'options.schema',
    build: () => postgresStorage({ client: pool, schema: 'Bad-Name' }),
  },
  {
    factory: 'postgresStorage',
    field: 'options.tenantId',
    build: () => postgresStorage({ client: pool, tenantId: '' }),
  },
  {
    factory: 'postgresStorage',
    field: 'options.closeClient',
    build: () => postgresStorage(bad({ client: pool, closeClient: 'yes' })),
  },
  {
    factory: 'postgresStorage',
    field: 'options.commitConcurrency',
    build: () => postgresStorage({ client: pool, commitConcurrency: 0 }),
  },
  {
    factory: 'postgresStorage',
    field: 'options.migrate',
    build: () => postgresStorage(bad({ client: pool, migrate: 1 })),
  },
  {
    factory: 'postgresPointsLedger',
    field: 'options.schema',
    build: () => postgresPointsLedger({ client: pool, schema: 'Bad-Name' }),
  },
  {
    factory: 'postgresPointsLedger',
    field: 'options.clock',
    build: () => postgresPointsLedger(bad({ client: pool, clock: { now: 'today' } })),
  },
  {
    factory: 'postgresPointsLedger',
    field: 'options.client',
    build: () => postgresPointsLedger(bad({ client: 'pg' })),
  },
];

const asyncRows: { factory: string; field: string; build: () => Promise<unknown> }[] = [
  { factory: 'migrate', field: 'options.client', build: () => migrate(bad({ client: {} })) },
  {
    factory: 'migrate',
    field: 'options.schema',
    build: () => migrate({ client: pool, schema: 'gridflow;drop' }),
  },
  { factory: 'pgliteStorage', field: 'options.schema', build: () => pgliteStorage({ schema: 'Bad-Name' }) },
  { factory: 'pgliteStorage', field: 'options.tenantId', build: () => pgliteStorage({ tenantId: '' }) },
  { factory: 'pgliteStorage', field: 'options.dataDir', build: () => pgliteStorage({ dataDir: '' }) },
];

const namesField = (field: string) =>
  expect.objectContaining({ code: 'VALIDATION_FAILED', details: expect.objectContaining({ field }) });

describe('factory options', () => {
  for (const { factory, field, build } of rows) {
    it(`${factory} names ${field} when that option is bad`, () => {
      expect(build).toThrow(namesField(field));
    });
  }
  for (const { factory, field, build } of asyncRows) {
    it(`${factory} rejects naming ${field} when that option is bad`, async () => {
      await expect(build()).rejects.toEqual(namesField(field));
    });
  }
});
