// Must show: bad signatures, stale timestamps and replayed nonces → 401 with a typed reason, nothing stored; a
// fuzz of 1,000 malformed bodies → 4xx, no case created, nothing thrown past the handler.
import { type Engine, memoryStorage } from '@gridflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hotlineSigner } from '../src/hotline-signature.js';
import { hotlineWebhook } from '../src/hotline-webhook.js';
import { type FakeHotlinePlatform, fakeHotlinePlatform } from '../src/testing/fake-hotline-platform.js';
import { sampleOrderRecord } from '../src/testing/hotline-records.js';
import { districtEngine, sampleIntake } from './fixtures/district.js';
import { fuzzBodies } from './fixtures/fuzz-bodies.js';
import { type Served, serve } from './fixtures/serve.js';

const SECRET = 'signature-test-secret';
const PATH = '/hotline/push';
let platform: FakeHotlinePlatform;
let webhook: Served;
let engine: Engine;
let handler: (request: Request) => Promise<Response>;

beforeAll(async () => {
  platform = await fakeHotlinePlatform({ secret: SECRET });
  engine = districtEngine({ storage: memoryStorage(), intake: sampleIntake() });
  handler = hotlineWebhook({ engine, appId: platform.appId, secret: SECRET, bodyLimitBytes: 64 * 1024 });
  webhook = await serve(handler, PATH, 64 * 1024);
});
afterAll(async () => {
  await webhook.close();
  await platform.close();
  await engine.stop();
});

/** How much the engine holds: cases and quarantine rows, whatever their status. */
async function stored() {
  const cases = (await engine.query({ limit: 1000 })).items.length;
  const rows = (await engine.quarantine.list({ limit: 1000 })).items.length;
  return { cases, rows };
}

async function post(body: string, headers: Record<string, string>) {
  const response = await fetch(webhook.url, { method: 'POST', headers, body });
  return { status: response.status, json: (await response.json()) as { data: { reason: string } } };
}

describe('signature checks at the webhook', () => {
  const body = JSON.stringify(sampleOrderRecord(1));
  const sign = (payload: string, clock?: { now: () => Date }) =>
    hotlineSigner({ appId: platform.appId, secret: SECRET, ...(clock ? { clock } : {}) }).sign({
      method: 'POST',
      pathAndQuery: PATH,
      body: payload,
    });

  it('answers 401 naming the reason for a missing header, a bad signature, a tampered body and a stale timestamp, storing nothing', async () => {
    const before = await stored();
    const { 'X-Signature': _, ...unsigned } = sign(body);
    expect(await post(body, unsigned)).toMatchObject({
      status: 401,
      json: { code: 401, data: { reason: 'MISSING_HEADER', header: 'X-Signature' } },
    });
    expect(await post(body, { ...sign(body), 'X-Signature': 'ab'.repeat(32) })).toMatchObject({
      status: 401,
      json: { data: { reason: 'BAD_SIGNATURE' } },
    });
    expect(await post(body.replace('路灯', '水管'), sign(body))).toMatchObject({
      status: 401,
      json: { data: { reason: 'BAD_SIGNATURE' } },
    });
    const wrongSecret = hotlineSigner({ appId: platform.appId, secret: 'guessed' });
    expect(await post(body, wrongSecret.sign({ method: 'POST', pathAndQuery: PATH, body }))).toMatchObject({
      status: 401,
      json: { data: { reason: 'BAD_SIGNATURE' } },
    });
    const tenMinutesAgo = { now: () => new Date(Date.now() - 600_000) };
    expect(await post(body, sign(body, tenMinutesAgo))).toMatchObject({
      status: 401,
      json: { data: { reason: 'STALE_TIMESTAMP', header: 'X-Timestamp' } },
    });
    expect(await stored()).toEqual(before);
  });

  it('applies a signed push once and answers its replay 401 REPLAYED_NONCE, storing nothing more', async () => {
    const headers = sign(body);
    expect((await post(body, headers)).status).toBe(200);
    const after = await stored();
    expect(after.cases).toBe(1);
    expect(await post(body, headers)).toMatchObject({
      status: 401,
      json: { data: { reason: 'REPLAYED_NONCE' } },
    });
    expect(await stored()).toEqual(after);
  });

  it('answers 4xx to 1,000 malformed signed bodies, creates no case and throws nothing past the handler', async () => {
    const before = await stored();
    const bodies = fuzzBodies(1000, 20260302);
    const statuses = new Map<number, number>();
    const outside4xx: { kind: string; status: number; answer: unknown }[] = [];
    let reachedEngine = 0;
    for (const [i, { kind, body: payload }] of bodies.entries()) {
      const headers = sign(payload);
      // Most through the handler in process (fast); every tenth over HTTP through the Node adapter.
      const response =
        i % 10 === 0
          ? await fetch(webhook.url, { method: 'POST', headers, body: payload })
          : await handler(new Request(`http://127.0.0.1${PATH}`, { method: 'POST', headers, body: payload }));
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const answer = (await response.json()) as { data: { status?: string } | null };
      if (answer.data?.status === 'quarantined') reachedEngine++;
      if (response.status < 400 || response.status >= 500)
        outside4xx.push({ kind, status: response.status, answer });
    }
    expect(outside4xx).toEqual([]);
    expect([...statuses.keys()].sort()).toEqual([400, 422]);
    const after = await stored();
    expect(after.cases).toBe(before.cases);
    // Every signed malformed body the engine saw is kept in quarantine, none lost.
    expect(reachedEngine).toBe(1000);
    expect(after.rows).toBeGreaterThan(before.rows);
    // Unsigned, the same bodies are refused at the door.
    for (const { body: payload } of bodies.slice(0, 20)) {
      expect((await post(payload, { 'content-type': 'application/json' })).status).toBe(401);
    }
  }, 120_000);
});
