import { isInsufficientPoints } from '@gridflow/engine';
import { describePointsLedger } from '@gridflow/engine/conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresPointsLedger } from '../src/index.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

let db: TestDatabase;
const schemas: string[] = [];
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  for (const schema of schemas) await db.dropSchema(schema);
  await db.close();
});

function freshLedger(tenantId = 'default') {
  const schema = db.freshSchemaName();
  schemas.push(schema);
  return { schema, ledger: postgresPointsLedger({ client: db.client, schema, tenantId }) };
}

describePointsLedger('postgres', () => freshLedger().ledger);

describe('postgresPointsLedger', () => {
  it('never overdraws when many redemptions for one person race', async () => {
    const { ledger } = freshLedger();
    await ledger.award({ idempotencyKey: 'seed', personId: 'u-li', amount: 10, reason: '微心愿' });
    const results = await Promise.allSettled(
      Array.from({ length: 25 }, (_, i) =>
        ledger.redeem({ idempotencyKey: `soap-${i}`, personId: 'u-li', amount: 1, reason: '兑换肥皂' }),
      ),
    );
    const refused = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    expect(refused.every((r) => isInsufficientPoints((r as PromiseRejectedResult).reason))).toBe(true);
    expect(await ledger.balance('u-li')).toBe(0);
    const history = await ledger.history('u-li');
    expect(history.map((e) => e.balanceAfter)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('keeps tenants apart in one schema', async () => {
    const { schema, ledger } = freshLedger('district-a');
    const other = postgresPointsLedger({ client: db.client, schema, tenantId: 'district-b' });
    await ledger.award({ idempotencyKey: 'k', personId: 'u-li', amount: 5, reason: 'wish' });
    await other.award({ idempotencyKey: 'k', personId: 'u-li', amount: 2, reason: 'wish' });
    expect(await ledger.balance('u-li')).toBe(5);
    expect(await other.balance('u-li')).toBe(2);
  });

  it('stores the entries in its tables, where raw SQL reads them back', async () => {
    const { schema, ledger } = freshLedger();
    const at = new Date('2026-10-09T02:00:00Z');
    await ledger.award({
      idempotencyKey: 'w7',
      personId: 'u-wu',
      amount: 8,
      reason: '微心愿',
      caseId: 'w-7',
      at,
    });
    const rows = await db.sql(`select * from "${schema}".points_entries`);
    expect(rows).toMatchObject([{ idempotency_key: 'w7', person_id: 'u-wu', kind: 'award', case_id: 'w-7' }]);
    expect(new Date(rows[0]!.at).getTime()).toBe(at.getTime());
    expect(Number(rows[0]!.balance_after)).toBe(8);
  });

  it('names the bad option', () => {
    expect(() => postgresPointsLedger({ client: db.client, schema: 'Bad-Name' })).toThrow(/options\.schema/);
  });
});
