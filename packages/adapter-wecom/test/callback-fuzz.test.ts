import { createEngine } from '@gridflow/engine';
import { threeOrdersFlow, workOrderFlowV2 } from '@gridflow/engine/flows';
import { afterAll, describe, expect, it } from 'vitest';
import { WECOM_CARD_UPDATE_EFFECT, WecomCallbackError, wecomCallback } from '../src/index.js';
import { seeded, tamperer } from './callback-tamper.js';
import {
  callbackSettings,
  cardOf,
  directory,
  people,
  type WecomDistrict,
  wecomDistrict,
} from './wecom-district.js';

const SIGNATURE = ['BAD_SIGNATURE'];
const BEHIND_SIGNATURE = ['BAD_PADDING', 'BAD_LENGTH', 'BAD_RECEIVE_ID', 'BAD_XML'];
/** What each kind of tampering must be rejected as. */
const EXPECTED: Record<string, string[]> = {
  signature: SIGNATURE,
  timestamp: SIGNATURE,
  nonce: SIGNATURE,
  ciphertext: SIGNATURE,
  'ciphertext re-signed': BEHIND_SIGNATURE,
  padding: ['BAD_PADDING'],
  'receive id': ['BAD_RECEIVE_ID'],
  length: ['BAD_LENGTH', 'BAD_RECEIVE_ID'],
  'inner XML': ['BAD_XML'],
  'outer XML': ['BAD_XML'],
  query: ['BAD_REQUEST'],
};

let district: WecomDistrict | undefined;
afterAll(() => district?.close());

describe('the WeCom callback under attack', () => {
  it('rejects 1,000 tampered callbacks with 4xx and leaves the engine untouched; a valid one replayed 10 times acts once', async () => {
    district = await wecomDistrict();
    const { t, fake, callbackUrl, errors } = district;
    const order = await t.engine.createCase({
      flow: 'three-orders',
      actor: people.resident,
      orgUnit: 'comm-1',
      input: { title: '楼道灯坏了', description: '3 单元 5 楼楼道灯不亮' },
    });
    await t.engine.send({
      caseId: order.id,
      actor: people.partyOrg,
      event: { type: 'issueOrder', assignee: 'm-wang' },
    });
    await t.flush();
    const card = cardOf(fake, 'WangFang');
    // Every tampered copy carries 王芳's valid 接单: accepting any of them would take the case.
    const valid = fake.buildClick({
      callbackUrl,
      ...callbackSettings,
      fromUser: 'WangFang',
      taskId: card.taskId,
      eventKey: card.key,
    });
    const journal = await t.engine.history(order.id);
    const outbox = (await t.engine.storage.listOutbox({ limit: 1000 })).items;

    const tamper = tamperer(valid, callbackSettings, seeded(20260302));
    const answers: Record<string, Record<string, number>> = {};
    const outside: string[] = [];
    for (let i = 0; i < 1_000; i++) {
      const kind = tamper.kinds[i % tamper.kinds.length]!;
      const request = tamper.make(kind);
      const response = await fetch(request.url, { method: 'POST', body: request.body });
      const reason = await response.text();
      const tally = answers[kind] ?? {};
      const answer = `${response.status} ${reason}`;
      answers[kind] = { ...tally, [answer]: (tally[answer] ?? 0) + 1 };
      if (response.status < 400 || response.status >= 500 || !EXPECTED[kind]!.includes(reason)) {
        outside.push(`${kind}: ${response.status} ${reason}`);
      }
    }
    expect(outside).toEqual([]);
    expect(Object.keys(answers).sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(errors).toHaveLength(1_000);
    expect(errors.every((e) => e instanceof WecomCallbackError)).toBe(true);
    expect(await t.engine.history(order.id)).toEqual(journal);
    expect((await t.engine.storage.listOutbox({ limit: 1000 })).items).toEqual(outbox);
    await t.flush();
    expect(fake.cardUpdates()).toEqual([]);

    // WeCom's retries of one click, to this process and to a second engine over the same store, some at once.
    const second = createEngine({
      storage: t.engine.storage,
      flows: [threeOrdersFlow, workOrderFlowV2],
      directory,
      clock: t.clock,
      effects: { notify: () => {}, [WECOM_CARD_UPDATE_EFFECT]: () => {} },
      ownsAdapters: false,
    });
    const otherProcess = wecomCallback({ ...callbackSettings, engine: second, directory });
    const post = (i: number) =>
      i % 2 === 0
        ? fetch(valid.url, { method: 'POST', body: valid.body }).then((r) => r.status)
        : otherProcess(new Request(valid.url, { method: 'POST', body: valid.body })).then((r) => r.status);
    const statuses = [await post(0), await post(1), await post(2), await post(3)];
    statuses.push(...(await Promise.all([4, 5, 6, 7, 8, 9].map(post))));
    expect(statuses).toEqual(Array(10).fill(200));

    const after = await t.engine.history(order.id);
    expect(after.slice(journal.length).map((e) => [e.type, e.actor.id])).toEqual([['takeOrder', 'm-wang']]);
    await t.flush();
    expect(fake.cardUpdates().map((u) => u.replaceName)).toEqual(['已接单 · 王芳']);
    expect(errors).toHaveLength(1_000);
    await second.stop();
  }, 120_000);
});
