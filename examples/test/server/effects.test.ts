import { randomBytes } from 'node:crypto';
import { pgliteStorage } from '@gridflow/adapter-postgres';
import {
  type FakeHotlinePlatform,
  fakeHotlinePlatform,
  sampleOrderRecord,
} from '@gridflow/adapter-12345-hotline/testing';
import { type Storage, virtualClock } from '@gridflow/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { type DistrictSetup, districtSetup } from '../../src/server/engine-setup.js';
import { serverConfigFromEnv } from '../../src/server/server-config.js';

const opened: Array<{ storage: Storage; setup: DistrictSetup; platform?: FakeHotlinePlatform }> = [];
afterEach(async () => {
  for (const { storage, setup, platform } of opened.splice(0)) {
    await setup.engine.stop();
    await storage.dispose?.();
    await platform?.close();
  }
});

/** A district without WeCom on PGlite; with `platform`, its 12345 write-backs go there. */
async function district(platform?: FakeHotlinePlatform) {
  const storage = await pgliteStorage({ tenantId: 'binjiang' });
  const clock = virtualClock(new Date('2026-09-14T09:00:00+08:00'));
  const config = serverConfigFromEnv(
    {
      PORT: '0',
      SESSION_SECRET: randomBytes(32).toString('hex'),
      ...(platform
        ? { HOTLINE_API_BASE: platform.url, HOTLINE_APP_ID: platform.appId, HOTLINE_SECRET: platform.secret }
        : {}),
    },
    { demo: true },
  );
  const setup = districtSetup({ storage, clock, config });
  opened.push({ storage, setup, ...(platform ? { platform } : {}) });
  await setup.engine.start();
  return setup;
}

/** A work order that came from the 12345 platform, dispatched to 幸福社区 and signed for there. */
async function signedHotlineOrder(setup: DistrictSetup, orderNo: string) {
  const { engine, district } = setup;
  const dispatcher = district.person('dispatcher-1');
  const c = await engine.createCase({
    flow: 'work-order',
    actor: dispatcher,
    orgUnit: 'grid-xingfu-1',
    input: { title: '路灯不亮', origin: { platform: 'hotline', orderNo } },
  });
  await engine.send({ caseId: c.id, actor: dispatcher, event: { type: 'accept' } });
  await engine.send({
    caseId: c.id,
    actor: dispatcher,
    event: { type: 'dispatch', leadUnit: 'comm-xingfu' },
  });
  await engine.send({ caseId: c.id, actor: district.person('staff-xingfu-1'), event: { type: 'signFor' } });
  while ((await engine.drainOutbox()) > 0);
  return c.id;
}

describe('effects of the district server', () => {
  it('delivers notices to the in-app inbox of the members they are for when WeCom is not configured', async () => {
    const setup = await district();
    const caseId = await signedHotlineOrder(setup, 'GD2026091400001');
    expect(setup.inbox).not.toBeNull();
    const staffNotices = setup.inbox!.list('staff-xingfu-1');
    expect(staffNotices.length).toBeGreaterThan(0);
    expect(staffNotices.every((n) => n.caseId === caseId && n.text.length > 0)).toBe(true);
    expect(setup.inbox!.list('staff-anju-1')).toEqual([]);
    const dead = (await setup.engine.deadLetters()).items;
    expect(dead.filter((d) => d.type === 'notify')).toEqual([]);
  });

  it('dead-letters 12345 write-backs with the reason when no platform is configured, never dropping them', async () => {
    const setup = await district();
    const caseId = await signedHotlineOrder(setup, 'GD2026091400002');
    const dead = (await setup.engine.deadLetters()).items.filter((d) => d.caseId === caseId);
    expect(dead.length).toBeGreaterThan(0);
    expect(dead.every((d) => d.type === 'platformWriteBack')).toBe(true);
    expect(dead[0]!.lastError).toContain('HOTLINE_API_BASE');
    expect(setup.failures.rows()).toContainEqual(
      expect.objectContaining({ adapter: 'hotline', code: 'EFFECT_NOT_MOUNTED' }),
    );
  });

  it('writes the signing-for back to the 12345 platform when HOTLINE_API_BASE is given', async () => {
    const platform = await fakeHotlinePlatform();
    const order = sampleOrderRecord(3);
    platform.seed([order]);
    const setup = await district(platform);
    await signedHotlineOrder(setup, order.orderNo as string);
    expect(platform.callsFor(order.orderNo as string).map((c) => c.verb)).toContain('signFor');
    expect((await setup.engine.deadLetters()).items).toEqual([]);
  });
});
