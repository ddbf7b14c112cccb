import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgClientLike } from '../src/client/pg-client-like.js';
import { type PostgresStorage, postgresStorage } from '../src/index.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

const COMMUNITIES = 40;
const GRIDS_PER_COMMUNITY = 4;
const CASES = 4000;
const grids = (c: number) => Array.from({ length: GRIDS_PER_COMMUNITY }, (_, g) => `grid-${c}-${g}`);
const community = (c: number) => [`comm-${c}`, ...grids(c)];
const district = ['district', ...Array.from({ length: COMMUNITIES }, (_, c) => community(c)).flat()];

let db: TestDatabase;
let schema: string;
let single: PgClientLike;
let storage: PostgresStorage;

beforeAll(async () => {
  db = await openTestDatabase();
  schema = db.freshSchemaName();
  // One connection, so every statement below shares whatever plans the connection has cached.
  single = process.env.DATABASE_URL
    ? new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 })
    : db.client;
  storage = postgresStorage({ client: single, schema, tenantId: 't1' });
  await storage.init?.();
  await db.sql(
    `insert into "${schema}".cases (tenant_id, id, flow_id, flow_version, state, status, snapshot, version,
       org_unit, created_at, updated_at)
     select 't1', 'c-' || lpad(i::text, 6, '0'), 'work-order', 1, 'dispatched', 'active', '{}'::jsonb, 1,
       'grid-' || (i % $2) || '-' || (i % $3), now() - make_interval(mins => i), now() - make_interval(mins => i)
     from generate_series(1, $1) as i`,
    [CASES, COMMUNITIES, GRIDS_PER_COMMUNITY],
  );
  await db.sql(`analyze "${schema}".cases`);
});

afterAll(async () => {
  await storage.dispose?.();
  if (single !== db.client) await (single as pg.Pool).end();
  await db.dropSchema(schema);
  await db.close();
});

describe('worklist plans', () => {
  it('pages a district the same after many community pages as on a fresh connection', async () => {
    const fresh = await storage.queryCases({ orgUnits: district, limit: 50 });
    for (let round = 0; round < 12; round++) {
      for (const c of [1, 2, 3]) {
        const page = await storage.queryCases({ orgUnits: community(c), limit: 20 });
        expect(page.items.every((item) => community(c).includes(item.orgUnit))).toBe(true);
      }
    }
    const after = await storage.queryCases({ orgUnits: district, limit: 50 });
    expect(after.items.map((r) => r.id)).toEqual(fresh.items.map((r) => r.id));
    expect(after.items).toHaveLength(50);
    // No worklist statement is kept prepared on the connection, so none can have switched to a generic plan.
    const prepared = (await single.query(
      `select statement, generic_plans from pg_prepared_statements where statement like '%order by created_at desc, id desc%'`,
    )) as { rows: Array<{ statement: string; generic_plans: number }> };
    expect(prepared.rows).toEqual([]);
  });
});
