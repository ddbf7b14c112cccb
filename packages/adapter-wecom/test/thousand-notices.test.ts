import { type EffectHandler, memoryDirectory, NOTIFY_EFFECT, type Notice } from '@gridflow/engine';
import { createTestEngine } from '@gridflow/engine/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { WecomUndeliveredError, wecomClient, wecomNotifier } from '../src/index.js';
import { type FakeWecomServer, fakeWecomServer } from '../src/testing/index.js';
import { seeded } from './callback-tamper.js';

const MEMBERS = Array.from({ length: 10 }, (_, i) => `m${String(i).padStart(2, '0')}`);
const directory = memoryDirectory({
  units: [
    { id: 'district', name: '示范区', kind: 'district', parentId: null },
    { id: 'comm-1', name: '幸福社区', kind: 'community', parentId: 'district' },
    { id: 'grid-9', name: '幸福九网格', kind: 'grid', parentId: 'comm-1' },
  ],
  members: [
    ...MEMBERS.map((id) => ({
      id,
      name: `党员${id}`,
      roles: ['partyMember'],
      orgUnit: 'comm-1',
      externalIds: { wecom: `user-${id}` },
    })),
    // The seeded invalid users: one WeCom does not know, one with no WeCom id in the directory.
    {
      id: 'g-valid',
      name: '网格员甲',
      roles: ['gridWorker'],
      orgUnit: 'grid-9',
      externalIds: { wecom: 'gridvalid' },
    },
    {
      id: 'g-left',
      name: '网格员乙',
      roles: ['gridWorker'],
      orgUnit: 'grid-9',
      externalIds: { wecom: 'gridleft' },
    },
    { id: 'g-noid', name: '网格员丙', roles: ['gridWorker'], orgUnit: 'grid-9' },
  ],
});

const TOPICS = [
  { topic: 'threeOrders.issued', flowId: 'three-orders', actions: [{ event: 'takeOrder', label: '接单' }] },
  { topic: 'workOrder.urged', flowId: 'work-order' },
  { topic: 'workOrder.closed', flowId: 'work-order' },
];

/** Notice i: 980 to one party member each, 20 to grid-9's grid workers, 10 to an invalid user alone. */
function notice(i: number): Notice {
  const to =
    i < 980
      ? { member: MEMBERS[i % MEMBERS.length]! }
      : i < 1000
        ? { unit: 'grid-9', role: 'gridWorker' }
        : { member: i % 2 === 0 ? 'g-left' : 'g-noid' };
  return {
    caseId: `c-${i % 100}`,
    to,
    text: `工单 #${i}: 楼道灯坏了，请联系 13812345678`,
    ...TOPICS[i % 3]!,
  };
}

let fake: FakeWecomServer | undefined;
afterAll(() => fake?.close());

describe('a thousand notices through the engine, the notifier and the fake WeCom', () => {
  it('delivers each once through token expiry, 45009 bursts and 2% HTTP 500s; dead letters only for the invalid users', async () => {
    const late: { notify?: EffectHandler } = {};
    const t = createTestEngine({
      directory,
      start: '2026-03-02T09:00:00+08:00',
      effects: { [NOTIFY_EFFECT]: (d) => late.notify!(d) },
    });
    fake = await fakeWecomServer({
      clock: t.clock,
      random: seeded(20260302),
      serverErrorRate: 0.02, // 500 before anything happens
      lostReplyRate: 0.01, // delivered, then 500: the retry must not deliver again
      tokenTtlSeconds: 600,
      unknownUsers: ['gridleft'],
    });
    fake.rateLimitAfter(150, { repeat: true });
    const client = wecomClient({ ...fake.appOptions(), clock: t.clock, busyRetry: { delayMs: 0 } });
    late.notify = wecomNotifier({ client, directory, caseUrl: 'https://grid.example.gov.cn/cases/{caseId}' });

    const whys: Record<string, number> = {};
    const seen = { delivered: 0, retryAfterLocal: 0, retryAfterWecom: 0, retried: 0 };
    t.engine.events.on('effect.delivered', () => {
      if (++seen.delivered % 97 === 0) fake!.expireTokens();
    });
    t.engine.events.on('effect.failed', ({ error, retryAfterMs }) => {
      if (retryAfterMs === null) {
        seen.retried++;
        const e = error as { source?: string; status?: number; errcode?: number | null };
        const why = `${e.source} ${e.status ?? e.errcode ?? ''}`.trim();
        whys[why] = (whys[why] ?? 0) + 1;
      } else if ((error as { source?: string }).source === 'local') seen.retryAfterLocal++;
      else seen.retryAfterWecom++;
    });

    const started = Date.now();
    const start = t.clock.now().getTime();
    for (let i = 0; i < 1_010; i++) {
      await t.engine.enqueueEffect({
        type: NOTIFY_EFFECT,
        caseId: notice(i).caseId,
        payload: notice(i),
        idempotencyKey: `notice-${i}`,
      });
    }
    // Five virtual seconds at a time, delivering whatever is due, until the outbox is empty (at most 3 hours).
    for (let step = 0; step < 2_160; step++) {
      t.clock.advanceBy(5_000);
      await t.flush();
      if (
        step % 12 === 11 &&
        (await t.engine.storage.listOutbox({ status: 'pending', limit: 1 })).items.length === 0
      )
        break;
    }

    // 1,000 messages: 980 to party members, 20 to the one reachable grid worker; each exactly once.
    const delivered = fake.delivered();
    const identity = delivered.map((d) => `${d.userId} ${/[#＃](\d+)/.exec(JSON.stringify(d.content))?.[1]}`);
    expect(delivered).toHaveLength(1_000);
    expect(new Set(identity).size).toBe(1_000);
    const cards = delivered.filter((d) => d.taskId !== undefined).map((d) => d.taskId);
    expect(new Set(cards).size).toBe(cards.length);
    for (let i = 0; i < 1_000; i++) {
      const userId = i < 980 ? `user-${MEMBERS[i % MEMBERS.length]}` : 'gridvalid';
      expect(identity).toContain(`${userId} ${i}`);
    }
    expect(JSON.stringify(delivered)).not.toContain('13812345678');
    expect(fake.dropped()).toEqual([]); // nothing lost to WeCom's silent per-member drop

    // Dead letters: exactly the 30 notices that named the invalid users, each saying who and why.
    const dead = (await t.engine.deadLetters({ limit: 100 })).items;
    expect(dead.map((d) => Number(d.idempotencyKey.slice('notice-'.length))).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, k) => 980 + k),
    );
    for (const row of dead) {
      const i = Number(row.idempotencyKey.slice('notice-'.length));
      if (i < 1000 || i % 2 === 0)
        expect(row.lastError).toContain('网格员乙 (g-left, wecom gridleft): WeCom');
      if (i < 1000 || i % 2 === 1)
        expect(row.lastError).toContain('网格员丙 (g-noid): no WeCom id (externalIds.wecom)');
      expect(row.lastError).not.toContain('网格员甲');
      expect(row.attempts).toBeLessThan(8); // permanent at once (after any injected 500s), not retried out
    }
    expect((await t.engine.storage.listOutbox({ status: 'pending' })).items).toEqual([]);

    // Each kind of trouble really happened, so the run proves something.
    const injected = fake.injected();
    expect(injected.serverErrors).toBeGreaterThan(10);
    expect(injected.lostReplies).toBeGreaterThan(2);
    expect(injected.rateLimited).toBeGreaterThan(5);
    expect(seen.retryAfterWecom).toBe(injected.rateLimited);
    expect(seen.retryAfterLocal).toBeGreaterThan(100); // 98 notices per member, 30 a minute allowed
    // Plain retries come from the injected 500s (one failed token fetch fails every call waiting on it), from a
    // token expired again while a call was already retrying with a fresh one (42001 twice: retried later), and
    // on a loaded machine perhaps a connection the fake server dropped. Nothing else may fail.
    const expected = ['http 500', 'wecom 42001', 'network'];
    expect(Object.keys(whys).filter((why) => !expected.includes(why))).toEqual([]);
    expect(seen.retried).toBeGreaterThanOrEqual(injected.serverErrors + injected.lostReplies);
    expect(fake.calls('gettoken')).toBeGreaterThan(5);
    console.info(
      `1,010 notices: ${Date.now() - started} ms wall, ${Math.round((t.clock.now().getTime() - start) / 60_000)} virtual minutes;`,
      JSON.stringify({
        ...seen,
        ...injected,
        gettoken: fake.calls('gettoken'),
        sends: fake.calls('message/send'),
        whys,
      }),
    );
    expect(dead.every((d) => d.lastError?.startsWith('WeCom notice'))).toBe(true);
    expect(WecomUndeliveredError.name).toBe('WecomUndeliveredError');
  }, 300_000);
});
