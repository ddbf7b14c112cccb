// Must show: 500 orders pushed twice each, 50 malformed and 20 with unknown unit codes → exactly 500 cases, 70 in
// quarantine with reasons naming the field, 0 lost; fix the unit table, retry → 520 cases.
import { type Engine, memoryStorage } from '@gridflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hotlineQuarantineReason, retryHotlineQuarantine } from '../src/hotline-quarantine.js';
import { hotlineUnitTable } from '../src/hotline-units.js';
import { hotlineWebhook } from '../src/hotline-webhook.js';
import { type FakeHotlinePlatform, fakeHotlinePlatform } from '../src/testing/fake-hotline-platform.js';
import { SAMPLE_UNIT_CODES, sampleOrderRecord } from '../src/testing/hotline-records.js';
import { districtEngine, sampleIntake } from './fixtures/district.js';
import { malformedOrders, UNKNOWN_COMMUNITY } from './fixtures/malformed-orders.js';
import { inParallel, type Served, serve } from './fixtures/serve.js';

const SECRET = 'push-test-secret';
const good = Array.from({ length: 500 }, (_, i) => sampleOrderRecord(i + 1));
const malformed = malformedOrders(1001, 50);
const unknownUnit = Array.from({ length: 20 }, (_, i) =>
  sampleOrderRecord(2001 + i, { communityCode: UNKNOWN_COMMUNITY.code }),
);
const orderNo = (record: Record<string, unknown>) => record.orderNo as string;

let platform: FakeHotlinePlatform;
let webhook: Served;
let engine: Engine;
const units = hotlineUnitTable(SAMPLE_UNIT_CODES);
const intake = sampleIntake(units);

beforeAll(async () => {
  platform = await fakeHotlinePlatform({ secret: SECRET });
  engine = districtEngine({ storage: memoryStorage(), intake });
  const handler = hotlineWebhook({ engine, appId: platform.appId, secret: SECRET });
  webhook = await serve(handler, '/hotline/push');
});
afterAll(async () => {
  await webhook.close();
  await platform.close();
  await engine.stop();
});

async function countCases(): Promise<number> {
  return (await engine.query({ flow: 'work-order', limit: 1000 })).items.length;
}

async function openRows() {
  const rows = [];
  let cursor: string | null = null;
  do {
    const page = await engine.quarantine.list({ source: 'hotline', status: 'open', limit: 100, cursor });
    rows.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

describe('signed push intake', () => {
  it('makes exactly 500 cases of 570 orders pushed twice, keeps 70 in quarantine naming the field, loses none', async () => {
    const records = [...good, ...malformed.map((m) => m.record), ...unknownUnit];
    // Every order twice, the second push of each mixed in among first pushes of others, 8 at a time.
    const pushes = [...records.map((r, i) => ({ r, i })), ...records.map((r, i) => ({ r, i }))].sort(
      (a, b) => ((a.i * 7919) % 1140) - ((b.i * 7919) % 1140) || 0,
    );
    const answers = new Map<string, { status: number; json: unknown }[]>();
    await inParallel(pushes, 8, async ({ r }) => {
      const { status, json } = await platform.pushOrder(r, { to: webhook.url });
      const list = answers.get(orderNo(r)) ?? [];
      list.push({ status, json });
      answers.set(orderNo(r), list);
    });

    for (const record of good) {
      const [a, b] = answers.get(orderNo(record))!;
      expect([a!.status, b!.status]).toEqual([200, 200]);
      const data = [a, b].map((x) => (x!.json as { data: { status: string; caseId: string } }).data);
      expect(data.map((d) => d.status).sort()).toEqual(['applied', 'duplicate']);
      expect(data[0]!.caseId).toBe(`hotline-${orderNo(record)}`);
      expect(data[1]!.caseId).toBe(data[0]!.caseId);
    }
    for (const { record, field } of malformed) {
      for (const answer of answers.get(orderNo(record))!) {
        expect(answer.status).toBe(422);
        expect(answer.json).toMatchObject({ code: 422, data: { reason: { field } } });
      }
    }

    expect(await countCases()).toBe(500);
    const rows = await openRows();
    expect(rows).toHaveLength(70);
    const byOrder = new Map(rows.map((row) => [row.externalId, row]));
    for (const { record, field, code } of malformed) {
      const row = byOrder.get(orderNo(record))!;
      expect(hotlineQuarantineReason(row.reason)).toMatchObject({ code, field });
      expect(row.raw).toEqual(record);
      expect(row.attempts).toBe(2);
    }
    for (const record of unknownUnit) {
      expect(hotlineQuarantineReason(byOrder.get(orderNo(record))!.reason)).toMatchObject({
        code: 'UNKNOWN_UNIT',
        field: 'communityCode',
      });
    }
    // 0 lost: every order pushed is a case or an open quarantine row.
    const cases = (await engine.query({ flow: 'work-order', limit: 1000 })).items.map((c) => c.id);
    const accounted = new Set([...cases.map((id) => id.replace(/^hotline-/, '')), ...byOrder.keys()]);
    expect([...accounted].sort()).toEqual(records.map(orderNo).sort());
    // The duplicates wrote nothing: every case has its creation entry only.
    for (const id of cases.slice(0, 50)) expect(await engine.history(id)).toHaveLength(1);
  }, 120_000);

  it('turns the 20 unknown-unit orders into cases after the unit table is fixed and the quarantine retried', async () => {
    const before = await retryHotlineQuarantine(engine, { source: 'hotline' });
    expect(before).toMatchObject({ applied: 0, refused: 70 });

    intake.useUnits(units.with({ [UNKNOWN_COMMUNITY.code]: UNKNOWN_COMMUNITY.unitId }));
    const after = await retryHotlineQuarantine(engine, { source: 'hotline' });
    expect(after).toMatchObject({ applied: 20, refused: 50 });
    expect(await countCases()).toBe(520);
    expect((await engine.getCase(`hotline-${orderNo(unknownUnit[0]!)}`)).orgUnit).toBe(
      UNKNOWN_COMMUNITY.unitId,
    );
    const open = await openRows();
    expect(open.map((row) => row.externalId).sort()).toEqual(malformed.map((m) => orderNo(m.record)).sort());
    // A re-push of a fixed order is now a duplicate of its case.
    const again = await platform.pushOrder(unknownUnit[0]!, { to: webhook.url });
    expect(again.json).toMatchObject({ data: { status: 'duplicate' } });
  });
});
