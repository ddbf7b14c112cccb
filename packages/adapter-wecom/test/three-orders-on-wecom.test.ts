import { pgliteStorage } from '@gridflow/adapter-postgres';
import type { Storage } from '@gridflow/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { callbackSettings, cardOf, people, type WecomDistrict, wecomDistrict } from './wecom-district.js';

const storages: Array<[string, () => Promise<Storage | undefined>]> = [
  ['the test engine', async () => undefined],
  ['PGlite', () => pgliteStorage()],
];

describe.each(storages)('a three-orders case taken on WeCom, on %s', (_name, storage) => {
  let district: WecomDistrict | undefined;
  afterEach(async () => {
    await district?.close();
    district = undefined;
  });

  it('issues a button card, takes the case as the member who taps 接单, and turns the card to 已接单', async () => {
    district = await wecomDistrict({ storage: await storage() });
    const { t, fake, callbackUrl, errors } = district;
    const order = await t.engine.createCase({
      flow: 'three-orders',
      actor: people.resident,
      orgUnit: 'comm-1',
      input: { title: '楼道灯坏了', description: '3 单元 5 楼楼道灯不亮，请联系 13812345678' },
    });
    await t.engine.send({
      caseId: order.id,
      actor: people.partyOrg,
      event: { type: 'issueOrder', assignee: 'm-wang' },
    });
    await t.flush();

    // 群众点单 reached the party organisation; 党组织下单 reached 王芳 as a card with 接单.
    expect(fake.delivered('xingfu-dw').map((d) => d.msgtype)).toEqual(['textcard']);
    const card = cardOf(fake, 'WangFang');
    expect(card.text).toBe('接单');
    expect(JSON.stringify(fake.delivered())).not.toContain('13812345678');

    const click = { callbackUrl, ...callbackSettings, taskId: card.taskId, eventKey: card.key };
    const tap = await fake.clickButton({ ...click, fromUser: 'WangFang' });
    expect(tap.status).toBe(200);
    const taken = await t.engine.getCase(order.id);
    expect(taken).toMatchObject({ state: 'taken', assignee: 'm-wang' });
    const last = (await t.engine.history(order.id)).at(-1)!;
    expect(last).toMatchObject({ type: 'takeOrder', actor: { id: 'm-wang', roles: ['partyMember'] } });

    await t.flush();
    expect(fake.cardUpdates()).toMatchObject([
      {
        responseCode: tap.request.responseCode,
        taskId: card.taskId,
        userIds: ['WangFang'],
        replaceName: '已接单 · 王芳',
      },
    ]);

    // 吴刚 taps the same card's button later: refused by the engine, told on his card, the case unchanged.
    const late = await fake.clickButton({ ...click, fromUser: 'wugang' });
    expect(late.status).toBe(200);
    await t.flush();
    expect(fake.cardUpdates().map((u) => [u.userIds, u.replaceName])).toEqual([
      [['WangFang'], '已接单 · 王芳'],
      [['wugang'], '已被他人接单'],
    ]);
    const after = await t.engine.getCase(order.id);
    expect(after).toMatchObject({ state: 'taken', assignee: 'm-wang', version: taken.version });
    expect(await t.engine.history(order.id)).toHaveLength(3);
    expect((await t.engine.deadLetters()).items).toEqual([]);
    expect(errors).toEqual([]);
    // PGlite boots and migrates in this process: on a busy two-core machine that alone takes half a minute.
  }, 180_000);
});
