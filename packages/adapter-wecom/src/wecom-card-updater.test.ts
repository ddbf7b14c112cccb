import { type EffectDelivery, isPermanentFailure, virtualClock } from '@gridflow/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { type FakeWecomServer, fakeWecomServer } from './testing/index.js';
import { WECOM_CARD_UPDATE_EFFECT, wecomCardUpdater } from './wecom-card-updater.js';
import { wecomClient } from './wecom-client.js';

let fake: FakeWecomServer | undefined;
afterAll(() => fake?.close());

const delivery = (payload: unknown): EffectDelivery => ({
  id: 'effect:1',
  type: WECOM_CARD_UPDATE_EFFECT,
  caseId: 'c-1',
  payload,
  idempotencyKey: 'wecom:click:x:card',
  attempt: 1,
});
const failure = (promise: unknown) =>
  Promise.resolve(promise).then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );

describe('wecomCardUpdater', () => {
  it("replaces the clicker's buttons with the text, and a spent response code fails permanently", async () => {
    const clock = virtualClock('2026-03-02T09:00:00+08:00');
    fake = await fakeWecomServer({ clock });
    const update = wecomCardUpdater({ client: wecomClient({ ...fake.appOptions(), clock }) });
    const click = fake.buildClick({
      callbackUrl: 'http://127.0.0.1:9/unused',
      token: 'QDG6eK',
      encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
      fromUser: 'wangfang',
      taskId: 'gf_task_s0',
      eventKey: 'gf1|c-1|takeOrder|%E6%8E%A5%E5%8D%95',
    });
    const payload = { responseCode: click.responseCode, userIds: ['wangfang'], replaceName: '已接单 · 王芳' };
    await update(delivery(payload));
    expect(fake.cardUpdates()).toMatchObject([
      { taskId: 'gf_task_s0', userIds: ['wangfang'], replaceName: '已接单 · 王芳' },
    ]);
    const spent = await failure(update(delivery(payload)));
    expect(isPermanentFailure(spent)).toBe(true);
    expect((spent as Error).message).toContain('40058');
  });

  it('refuses a bad payload permanently, naming the field, without calling WeCom', async () => {
    const calls = fake!.calls();
    const update = wecomCardUpdater({ client: wecomClient(fake!.appOptions()) });
    const error = await failure(update(delivery({ responseCode: 'rc', userIds: [], replaceName: '已接单' })));
    expect(isPermanentFailure(error)).toBe(true);
    expect((error as { details: { field: string } }).details.field).toBe('payload.userIds');
    expect(fake!.calls()).toBe(calls);
  });
});
