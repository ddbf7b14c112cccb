import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hotlineSigner } from '../hotline-signature.js';
import { toNodeHandler } from '../node-handler.js';
import { type FakeHotlinePlatform, fakeHotlinePlatform } from './fake-hotline-platform.js';
import { sampleActionRecord, sampleOrderRecord } from './hotline-records.js';

let platform: FakeHotlinePlatform;
let webhook: Server | undefined;
beforeEach(async () => {
  platform = await fakeHotlinePlatform({ secret: 's3cret', randomSeed: 42 });
});
afterEach(async () => {
  await platform.close();
  await new Promise<void>((resolve) => (webhook ? webhook.close(() => resolve()) : resolve()));
  webhook = undefined;
});

/** A district webhook that verifies with its own signer and echoes what it got. */
async function districtWebhook(): Promise<{ url: string; received: unknown[] }> {
  const signer = hotlineSigner({ appId: 'district-7', secret: 's3cret' });
  const received: unknown[] = [];
  webhook = createServer(
    toNodeHandler(async (request) => {
      const url = new URL(request.url);
      const body = new Uint8Array(await request.arrayBuffer());
      const verdict = await signer.verify({
        method: request.method,
        pathAndQuery: url.pathname + url.search,
        body,
        headers: request.headers,
      });
      if (!verdict.ok) return Response.json({ code: 401, message: verdict.reason.code }, { status: 401 });
      received.push(JSON.parse(new TextDecoder().decode(body)));
      return Response.json({ code: 0, message: 'ok', data: null });
    }),
  );
  await new Promise<void>((resolve) => webhook!.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hotline/orders?tenant=a`,
    received,
  };
}

describe('fakeHotlinePlatform pushes', () => {
  it('pushes orders and actions signed so that the district can verify them', async () => {
    const hook = await districtWebhook();
    const order = sampleOrderRecord(1);
    const pushed = await platform.pushOrder(order, { to: hook.url });
    await platform.pushAction(sampleActionRecord('A1', order.orderNo as string), { to: hook.url });
    expect([pushed.status, pushed.json]).toEqual([200, { code: 0, message: 'ok', data: null }]);
    expect(hook.received).toEqual([order, sampleActionRecord('A1', order.orderNo as string)]);
  });

  it('pushes unsigned and tampered bodies on request, which the district refuses', async () => {
    const hook = await districtWebhook();
    expect((await platform.pushRaw('{"orderNo":"X"}', { to: hook.url, signed: false })).json).toMatchObject({
      message: 'MISSING_HEADER',
    });
    const forged = await platform.pushRaw('{}', { to: hook.url, headers: { 'X-Signature': 'f'.repeat(64) } });
    expect(forged.json).toMatchObject({ message: 'BAD_SIGNATURE' });
    expect(hook.received).toEqual([]);
  });

  it('knows a pushed order for later write-backs', async () => {
    const hook = await districtWebhook();
    await platform.pushOrder(sampleOrderRecord(99), { to: hook.url });
    const signer = hotlineSigner({ appId: platform.appId, secret: 's3cret' });
    const body = JSON.stringify({ orderNo: sampleOrderRecord(99).orderNo, time: '2026-03-02 10:00:00' });
    const response = await fetch(`${platform.url}/api/orders/sign-for`, {
      method: 'POST',
      headers: {
        ...signer.sign({ method: 'POST', pathAndQuery: '/api/orders/sign-for', body }),
        'Idempotency-Key': 'k1',
      },
      body,
    });
    expect(await response.json()).toMatchObject({ code: 0 });
  });
});

describe('fakeHotlinePlatform checks its callers', () => {
  const body = JSON.stringify({ orderNo: sampleOrderRecord(1).orderNo, time: '2026-03-02 10:00:00' });
  const path = '/api/orders/sign-for';
  const post = (headers: Record<string, string>, payload = body) =>
    fetch(`${platform.url}${path}`, {
      method: 'POST',
      headers: { 'Idempotency-Key': 'k1', ...headers },
      body: payload,
    }).then(async (r) => [r.status, ((await r.json()) as { code: number }).code]);

  beforeEach(() => platform.seed([sampleOrderRecord(1)]));

  it('answers 401 with a code per reason: tampered body, replayed nonce, stale timestamp, missing header', async () => {
    const signer = hotlineSigner({ appId: platform.appId, secret: 's3cret' });
    const signed = signer.sign({ method: 'POST', pathAndQuery: path, body });
    expect(await post(signed, body.replace('10:00', '11:00'))).toEqual([401, 1001]);
    expect(await post(signed)).toEqual([200, 0]);
    expect(await post(signed)).toEqual([401, 1003]);
    const old = hotlineSigner({
      appId: platform.appId,
      secret: 's3cret',
      clock: { now: () => new Date(Date.now() - 301_000) },
    });
    expect(await post(old.sign({ method: 'POST', pathAndQuery: path, body }))).toEqual([401, 1002]);
    expect(await post({})).toEqual([401, 1004]);
    expect(platform.calls()).toHaveLength(1);
  });

  it('wants an idempotency key on write-backs and refuses one reused for another body', async () => {
    const signer = hotlineSigner({ appId: platform.appId, secret: 's3cret' });
    const sign = (payload: string) => signer.sign({ method: 'POST', pathAndQuery: path, body: payload });
    const noKey = await fetch(`${platform.url}${path}`, { method: 'POST', headers: sign(body), body });
    expect(((await noKey.json()) as { code: number }).code).toBe(1005);
    expect(await post(sign(body))).toEqual([200, 0]);
    const other = body.replace('10:00', '12:00');
    expect(await post(sign(other), other)).toEqual([409, 1006]);
  });
});

describe('fakeHotlinePlatform failure injection', () => {
  it('fails queued requests first, in order, then serves normally', async () => {
    platform.failNext({ kind: 'status', status: 502 }, 2);
    platform.failNext({ kind: 'business', code: 5000 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${platform.url}/api/orders/todo`)).status);
    expect(statuses).toEqual([502, 502, 200, 401]);
    expect(platform.requests().map((r) => r.code)).toEqual(['502', '502', '5000', '1004']);
  });

  it('fails about the share asked for, the same way for the same seed', async () => {
    const run = async (seed: number) => {
      const other = await fakeHotlinePlatform({ randomSeed: seed });
      other.setFailureRate(0.3);
      const statuses: number[] = [];
      for (let i = 0; i < 100; i++) statuses.push((await fetch(`${other.url}/api/orders/todo`)).status);
      await other.close();
      return statuses;
    };
    const first = await run(7);
    expect(await run(7)).toEqual(first);
    const failed = first.filter((status) => status !== 401).length;
    expect(failed).toBeGreaterThan(15);
    expect(failed).toBeLessThan(45);
  });

  it('closes while a request hangs, cutting it', async () => {
    platform.failNext({ kind: 'hang' });
    const hanging = fetch(`${platform.url}/api/orders/todo`).then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await platform.close();
    expect(await hanging).toBe('cut');
    platform = await fakeHotlinePlatform();
  });

  it('answers after a bounded hang with a 504', async () => {
    platform.failNext({ kind: 'hang', ms: 30 });
    expect((await fetch(`${platform.url}/api/orders/todo`)).status).toBe(504);
  });
});
