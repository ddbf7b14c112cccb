import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { pgliteStorage } from '@gridflow/adapter-postgres';
import { hotlineSigner } from '@gridflow/adapter-12345-hotline';
import { sampleOrderRecord } from '@gridflow/adapter-12345-hotline/testing';
import { virtualClock } from '@gridflow/engine';
import { describe, expect, it } from 'vitest';
import { serveDistrict } from '../../src/server/serve-district.js';
import { serverConfigFromEnv } from '../../src/server/server-config.js';
import { testClient } from './http-client.js';

describe('server configuration', () => {
  it('opens nothing by default outside the demo: no demo sign-in, unguessable 12345 secret and Open311 key', () => {
    const first = serverConfigFromEnv({});
    const second = serverConfigFromEnv({});
    expect(first.demoSignIn).toBe(false);
    expect(first.closed).toEqual(['HOTLINE_SECRET', 'OPEN311_API_KEY']);
    expect(first.hotline.secret).not.toBe(second.hotline.secret);
    expect(first.open311ApiKey).not.toBe(second.open311ApiKey);
    expect(first.hotline.secret).not.toBe(serverConfigFromEnv({}, { demo: true }).hotline.secret);
    const set = serverConfigFromEnv({
      DEMO_SIGN_IN: 'true',
      HOTLINE_SECRET: 'a-district-secret-of-ours',
      OPEN311_API_KEY: 'an-open311-key-of-ours',
    });
    expect(set).toMatchObject({ demoSignIn: true, closed: [], open311ApiKey: 'an-open311-key-of-ours' });
    expect(set.hotline.secret).toBe('a-district-secret-of-ours');
  });

  it('keeps the demo open unless told otherwise', () => {
    expect(serverConfigFromEnv({}, { demo: true })).toMatchObject({ demoSignIn: true, closed: [] });
    expect(serverConfigFromEnv({ DEMO_SIGN_IN: 'false' }, { demo: true }).demoSignIn).toBe(false);
  });

  it('names the variable of a bad value', () => {
    expect(() => serverConfigFromEnv({ HOTLINE_SECRET: 'short' })).toThrow(/HOTLINE_SECRET/);
    expect(() => serverConfigFromEnv({ DEMO_SIGN_IN: 'maybe' })).toThrow(/DEMO_SIGN_IN/);
  });

  it('serves no demo sign-in and takes no push signed with the demo secret outside the demo', async () => {
    const storage = await pgliteStorage({ tenantId: 'binjiang' });
    const config = serverConfigFromEnv({ PORT: '0', SESSION_SECRET: randomBytes(32).toString('hex') });
    const clock = virtualClock(new Date('2026-09-14T09:00:00+08:00'));
    const running = await serveDistrict({ storage, clock, config });
    try {
      const client = testClient(running.url);
      const page = await (await client.get('/auth/sign-in')).text();
      expect(page).not.toContain('data-member=');
      const demo = await client.request('/auth/demo', {
        method: 'POST',
        body: new URLSearchParams({ token: 'any', memberId: 'dispatcher-1' }),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(demo.status).toBe(403);
      const push = (n: number, secret: string) => {
        // The district's unit table maps its own unit ids; the sample's codes are another district's.
        const record = {
          streetCode: 'street-donghu',
          communityCode: 'comm-xingfu',
          leadUnitCode: null,
          coUnitCodes: null,
        };
        const body = JSON.stringify(sampleOrderRecord(n, record));
        const signer = hotlineSigner({ appId: config.hotline.appId, secret, clock });
        const headers = signer.sign({ method: 'POST', pathAndQuery: '/hotline/webhook', body });
        return fetch(`${running.url}/hotline/webhook`, { method: 'POST', headers, body });
      };
      const refused = await push(1, serverConfigFromEnv({}, { demo: true }).hotline.secret);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ data: { reason: 'BAD_SIGNATURE' } });
      expect((await running.setup.engine.query({ limit: 1 })).items).toEqual([]);
      // The server's own (random) secret is the only one it takes.
      const taken = await push(2, config.hotline.secret);
      expect(taken.status).toBe(200);
      expect((await running.setup.engine.query({ limit: 5 })).items).toHaveLength(1);
    } finally {
      await running.close();
      await storage.dispose?.();
    }
  });

  it('says which setting to change when the port is taken, instead of crashing on an unhandled error', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    const storage = await pgliteStorage({ tenantId: 'binjiang' });
    try {
      const config = serverConfigFromEnv({ PORT: String(port) }, { demo: true });
      const clock = virtualClock(new Date('2026-09-14T09:00:00+08:00'));
      await expect(serveDistrict({ storage, clock, config })).rejects.toMatchObject({
        name: 'UsageError',
        message: `port ${port} is in use: set PORT to another port, or PORT=0 for any free one`,
      });
    } finally {
      taken.close();
      await storage.dispose?.();
    }
  });
});
