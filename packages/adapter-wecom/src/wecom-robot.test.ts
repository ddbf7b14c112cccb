import { isGridflowError, isPermanentFailure, virtualClock } from '@gridflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeWecomServer, fakeWecomServer } from './testing/index.js';
import type { WecomApiError } from './wecom-errors.js';
import { wecomRobotNotifier } from './wecom-robot.js';

const clock = virtualClock('2026-03-02T09:00:00+08:00');
let fake: FakeWecomServer;
beforeAll(async () => {
  fake = await fakeWecomServer({ clock, robotKeys: ['street-1', 'street-2', 'street-3'] });
});
afterAll(() => fake.close());
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('the send succeeded'),
    (error: unknown) => error as WecomApiError,
  );

describe('wecomRobotNotifier', () => {
  it('sends text with mentions to the robot', async () => {
    const robot = wecomRobotNotifier({ webhookUrl: fake.webhookUrl('street-1'), clock });
    await robot.send({ msgtype: 'text', content: '新工单待签收', mentionedList: ['wangfang', '@all'] });
    expect(fake.robotMessages('street-1')).toMatchObject([
      { msgtype: 'text', content: '新工单待签收', mentionedList: ['wangfang', '@all'] },
    ]);
  });

  it('cuts markdown to 4,096 bytes without splitting a character', async () => {
    const robot = wecomRobotNotifier({ webhookUrl: fake.webhookUrl('street-2'), clock });
    const long = `**超期预警**\n${'网格员王芳已接单。'.repeat(200)}`;
    await robot.send({ msgtype: 'markdown', content: long });
    const sent = fake.robotMessages('street-2').at(-1)!.content;
    expect(Buffer.byteLength(sent)).toBeLessThanOrEqual(4096);
    expect(Buffer.byteLength(sent)).toBeGreaterThan(4093);
    expect(long.startsWith(sent)).toBe(true);
  });

  it('holds the 21st message in a minute back locally, with the wait', async () => {
    const robot = wecomRobotNotifier({ webhookUrl: fake.webhookUrl('street-3'), clock });
    for (let i = 0; i < 20; i++) await robot.send({ msgtype: 'text', content: `m${i}` });
    const error = await failure(robot.send({ msgtype: 'text', content: 'm20' }));
    expect([error.kind, error.source, error.retryAfterMs]).toEqual(['retry-after', 'local', 60_000]);
    expect(fake.robotMessages('street-3')).toHaveLength(20);
    clock.advanceBy(60_000);
    await robot.send({ msgtype: 'text', content: 'm20' });
    expect(fake.robotMessages('street-3')).toHaveLength(21);
  });

  it('fails permanently on a bad key (93000), naming options.webhookUrl', async () => {
    const robot = wecomRobotNotifier({ webhookUrl: fake.webhookUrl('revoked'), clock });
    const error = await failure(robot.send({ msgtype: 'text', content: 'x' }));
    expect([error.errcode, error.option, isPermanentFailure(error)]).toEqual([
      93000,
      'options.webhookUrl',
      true,
    ]);
  });

  it('passes on a 45009 from WeCom as a retry-after error', async () => {
    fake.failNext(1, { errcode: 45009 }, 'webhook/send');
    const robot = wecomRobotNotifier({ webhookUrl: fake.webhookUrl('street-1'), clock });
    const error = await failure(robot.send({ msgtype: 'text', content: 'x' }));
    expect([error.kind, error.retryAfterMs]).toEqual(['retry-after', 60_000]);
  });

  it('refuses mentions in markdown and empty content, naming the field', async () => {
    const robot = wecomRobotNotifier({ webhookUrl: fake.webhookUrl('street-1'), clock });
    const fieldOf = async (message: Parameters<typeof robot.send>[0]) => {
      const error = await robot.send(message).catch((e: unknown) => e);
      return isGridflowError(error, 'VALIDATION_FAILED') ? error.details.field : error;
    };
    expect(await fieldOf({ msgtype: 'markdown', content: 'x', mentionedList: ['a'] })).toBe(
      'message.mentionedList',
    );
    expect(await fieldOf({ msgtype: 'text', content: '' })).toBe('message.content');
    expect(await fieldOf({ msgtype: 'news' as 'text', content: 'x' })).toBe('message.msgtype');
  });
});
