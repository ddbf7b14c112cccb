import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Actor,
  type EffectHandler,
  memoryDirectory,
  NOTIFY_EFFECT,
  type Storage,
} from '@gridflow/engine';
import { threeOrdersFlow, workOrderFlowV2 } from '@gridflow/engine/flows';
import { createTestEngine, type TestEngine } from '@gridflow/engine/testing';
import {
  WECOM_CARD_UPDATE_EFFECT,
  type WecomCallbackHandler,
  wecomCallback,
  wecomCardUpdater,
  wecomClient,
  wecomNotifier,
} from '../src/index.js';
import { type FakeWecomServer, fakeWecomServer } from '../src/testing/index.js';

/** The app's callback settings (the Token and EncodingAESKey one would set in the admin console). */
export const callbackSettings = {
  token: 'QDG6eK',
  encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  corpId: 'wwfakecorp0001',
};

/** One community with a party organisation, two party members on WeCom, a resident, and a dispatcher. */
export const directory = memoryDirectory({
  units: [
    { id: 'district', name: '示范区', kind: 'district', parentId: null },
    { id: 'street-1', name: '东街道', kind: 'street', parentId: 'district' },
    { id: 'comm-1', name: '幸福社区', kind: 'community', parentId: 'street-1' },
    { id: 'grid-01', name: '幸福一网格', kind: 'grid', parentId: 'comm-1' },
  ],
  members: [
    { id: 'r-li', name: '李大爷', roles: ['resident'], orgUnit: 'grid-01' },
    {
      id: 'p-org',
      name: '幸福社区党委',
      roles: ['partyOrg'],
      orgUnit: 'comm-1',
      externalIds: { wecom: 'xingfu-dw' },
    },
    {
      id: 'm-wang',
      name: '王芳',
      roles: ['partyMember'],
      orgUnit: 'comm-1',
      externalIds: { wecom: 'WangFang' },
    },
    { id: 'm-wu', name: '吴刚', roles: ['partyMember'], orgUnit: 'comm-1', externalIds: { wecom: 'wugang' } },
    {
      id: 'd-ma',
      name: '马强',
      roles: ['dispatcher'],
      orgUnit: 'district',
      externalIds: { wecom: 'maqiang' },
    },
  ],
});

const actor = (id: string, role: string, orgUnit: string): Actor => ({ id, roles: [role], orgUnit });
export const people = {
  resident: actor('r-li', 'resident', 'grid-01'),
  partyOrg: actor('p-org', 'partyOrg', 'comm-1'),
};

/**
 * The whole setup as a district would run it, on a virtual clock: a test engine (on the given storage, or
 * memory) whose `notify` and card-update effects go to a fake WeCom through the real client, and the
 * callback served on 127.0.0.1 through its `node:http` adapter.
 */
export interface WecomDistrict {
  t: TestEngine;
  fake: FakeWecomServer;
  callback: WecomCallbackHandler;
  callbackUrl: string;
  errors: Error[];
  close(): Promise<void>;
}

export async function wecomDistrict(options: { storage?: Storage } = {}): Promise<WecomDistrict> {
  // The handlers need the fake's address and the engine's clock, and the engine needs the handlers.
  const late: Record<string, EffectHandler> = {};
  const t = createTestEngine({
    flows: [threeOrdersFlow, workOrderFlowV2],
    directory,
    storage: options.storage,
    start: '2026-03-02T09:00:00+08:00',
    effects: {
      [NOTIFY_EFFECT]: (d) => late.notify!(d),
      [WECOM_CARD_UPDATE_EFFECT]: (d) => late.card!(d),
    },
  });
  const fake = await fakeWecomServer({ clock: t.clock, corpId: callbackSettings.corpId });
  const client = wecomClient({ ...fake.appOptions(), clock: t.clock, busyRetry: { delayMs: 0 } });
  late.notify = wecomNotifier({ client, directory, caseUrl: 'https://grid.example.gov.cn/cases/{caseId}' });
  late.card = wecomCardUpdater({ client });

  const errors: Error[] = [];
  t.engine.events.on('error', ({ error }) => errors.push(error));
  const callback = wecomCallback({ ...callbackSettings, engine: t.engine, directory });
  const server = createServer(callback.node);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const callbackUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wecom/callback`;
  return {
    t,
    fake,
    callback,
    callbackUrl,
    errors,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await fake.close();
      await t.engine.stop();
    },
  };
}

/** The button of the one card a WeCom user has: its task id and key, as the fake server delivered them. */
export function cardOf(fake: FakeWecomServer, userId: string): { taskId: string; key: string; text: string } {
  const cards = fake.delivered(userId).filter((d) => d.msgtype === 'template_card');
  if (cards.length !== 1) throw new Error(`${userId} has ${cards.length} cards, not one`);
  const [button] = cards[0]!.content.button_list as Array<{ key: string; text: string }>;
  return { taskId: cards[0]!.taskId!, key: button!.key, text: button!.text };
}
