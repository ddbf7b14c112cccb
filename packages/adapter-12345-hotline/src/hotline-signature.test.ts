import { createHash, createHmac } from 'node:crypto';
import { isGridflowError, virtualClock } from '@gridflow/engine';
import { describe, expect, it } from 'vitest';
import { memoryNonceStore } from './hotline-nonce-store.js';
import { hotlineSigner } from './hotline-signature.js';
import { computeSignature, sm3SelfTest, sortedParameters } from './hotline-signature-schemes.js';

const at = new Date('2026-03-02T01:15:00Z');
const timestamp = String(at.getTime() / 1000);
const body = '{"orderNo":"GD2026030200001","result":"已解决"}';
const parts = { method: 'POST', pathAndQuery: '/api/orders/reply?v=2', body };
const input = { ...parts, appId: 'district-7', timestamp, nonce: 'a1b2c3d4e5f6a7b8' };

describe('signature schemes, checked against the documented strings computed independently', () => {
  it('signs METHOD, path?query, timestamp, nonce and the body hash with HMAC-SHA256', () => {
    const bodyHash = createHash('sha256').update(body, 'utf8').digest('hex');
    const canonical = `POST\n/api/orders/reply?v=2\n${timestamp}\na1b2c3d4e5f6a7b8\n${bodyHash}`;
    const expected = createHmac('sha256', 's3cret').update(canonical, 'utf8').digest('hex');
    expect(computeSignature('hmac-sha256', 's3cret', input)).toBe(expected);
  });

  it('signs the same string with HMAC-SM3 and an SM3 body hash under sm3', () => {
    const bodyHash = createHash('sm3').update(body, 'utf8').digest('hex');
    const canonical = `POST\n/api/orders/reply?v=2\n${timestamp}\na1b2c3d4e5f6a7b8\n${bodyHash}`;
    expect(computeSignature('sm3', 's3cret', input)).toBe(
      createHmac('sm3', 's3cret').update(canonical).digest('hex'),
    );
  });

  it('signs sorted parameters plus &appSecret= with upper-case MD5 under md5-sorted', () => {
    const params = `appId=district-7&body=${body}&nonce=a1b2c3d4e5f6a7b8&timestamp=${timestamp}&v=2`;
    expect(sortedParameters(input)).toBe(params);
    const expected = createHash('md5').update(`${params}&appSecret=s3cret`).digest('hex').toUpperCase();
    expect(computeSignature('md5-sorted', 's3cret', input)).toBe(expected);
  });

  it('leaves empty values and a sign parameter out of the sorted parameters', () => {
    const withSign = { ...input, pathAndQuery: '/todo?sign=XYZ&empty=&b=2&a=1', body: '' };
    expect(sortedParameters(withSign)).toBe(
      `a=1&appId=district-7&b=2&nonce=a1b2c3d4e5f6a7b8&timestamp=${timestamp}`,
    );
  });

  it('passes the SM3 self-test on the standard vector and fails a digest that is not SM3', () => {
    expect(() => sm3SelfTest()).not.toThrow();
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    let error: unknown;
    try {
      sm3SelfTest(sha256);
    } catch (caught) {
      error = caught;
    }
    expect(isGridflowError(error, 'ADAPTER_FAILED') && error.details.reason).toBe('SM3_SELF_TEST_FAILED');
    const missing = () => createHash('no-such-hash').digest('hex');
    expect(() => sm3SelfTest(missing)).toThrow(/no SM3 hash/);
  });
});

describe('hotlineSigner', () => {
  const clock = virtualClock(at);
  const make = (scheme: 'hmac-sha256' | 'md5-sorted' | 'sm3' = 'hmac-sha256') =>
    hotlineSigner({ appId: 'district-7', secret: 's3cret', scheme, clock });

  it.each(['hmac-sha256', 'md5-sorted', 'sm3'] as const)(
    'verifies what it signed under %s',
    async (scheme) => {
      const signer = make(scheme);
      const headers = signer.sign(parts);
      expect(Object.keys(headers)).toEqual(['X-App-Id', 'X-Timestamp', 'X-Nonce', 'X-Signature']);
      expect(headers['X-Timestamp']).toBe(timestamp);
      expect(await signer.verify({ ...parts, headers: new Headers(headers) })).toMatchObject({
        ok: true,
        appId: 'district-7',
      });
    },
  );

  it.each([
    ['the body', { body: body.replace('已解决', '未解决') }],
    ['the method', { method: 'PUT' }],
    ['the path', { pathAndQuery: '/api/orders/return?v=2' }],
    ['the query', { pathAndQuery: '/api/orders/reply?v=3' }],
  ])('refuses a request whose %s was changed after signing', async (_what, change) => {
    const signer = make();
    const headers = signer.sign(parts);
    const result = await signer.verify({ ...parts, ...change, headers });
    expect(result).toMatchObject({ ok: false, reason: { code: 'BAD_SIGNATURE', header: 'X-Signature' } });
  });

  it('refuses a signature made with another secret or for another app id', async () => {
    const signer = make();
    const other = hotlineSigner({ appId: 'district-7', secret: 'guess', clock });
    expect(await signer.verify({ ...parts, headers: other.sign(parts) })).toMatchObject({
      ok: false,
      reason: { code: 'BAD_SIGNATURE' },
    });
    const headers = { ...signer.sign(parts), 'X-App-Id': 'district-8' };
    expect(await signer.verify({ ...parts, headers })).toMatchObject({
      ok: false,
      reason: { code: 'BAD_SIGNATURE' },
    });
  });

  it('refuses the same signed request the second time as a replayed nonce', async () => {
    const signer = make();
    const headers = signer.sign(parts);
    expect((await signer.verify({ ...parts, headers })).ok).toBe(true);
    expect(await signer.verify({ ...parts, headers })).toMatchObject({
      ok: false,
      reason: { code: 'REPLAYED_NONCE', header: 'X-Nonce' },
    });
  });

  it('does not spend a nonce on a request whose signature fails', async () => {
    const signer = make();
    const headers = signer.sign(parts);
    expect((await signer.verify({ ...parts, body: 'forged', headers })).ok).toBe(false);
    expect((await signer.verify({ ...parts, headers })).ok).toBe(true);
  });

  it('accepts a timestamp 300 s off either way and refuses one 301 s off', async () => {
    const signer = make();
    const fractional = { ...signer.sign(parts), 'X-Timestamp': `${timestamp}.5` };
    const resigned = (offset: number) => {
      const skewed = hotlineSigner({
        appId: 'district-7',
        secret: 's3cret',
        clock: { now: () => new Date(at.getTime() + offset * 1000) },
      });
      return skewed.sign(parts);
    };
    expect((await signer.verify({ ...parts, headers: resigned(300) })).ok).toBe(true);
    expect((await signer.verify({ ...parts, headers: resigned(-300) })).ok).toBe(true);
    expect(await signer.verify({ ...parts, headers: resigned(301) })).toMatchObject({
      ok: false,
      reason: { code: 'STALE_TIMESTAMP' },
    });
    expect(await signer.verify({ ...parts, headers: resigned(-301) })).toMatchObject({
      ok: false,
      reason: { code: 'STALE_TIMESTAMP' },
    });
    expect(await signer.verify({ ...parts, headers: fractional })).toMatchObject({
      ok: false,
      reason: { code: 'STALE_TIMESTAMP' },
    });
  });

  it.each(['X-App-Id', 'X-Timestamp', 'X-Nonce', 'X-Signature'])(
    'refuses a request without %s naming it',
    async (name) => {
      const signer = make();
      const headers: Record<string, string> = signer.sign(parts);
      delete headers[name];
      expect(await signer.verify({ ...parts, headers })).toMatchObject({
        ok: false,
        reason: { code: 'MISSING_HEADER', header: name },
      });
    },
  );

  it('reads Node-style lower-case header records and custom header names', async () => {
    const signer = hotlineSigner({ appId: 'a', secret: 's', clock, headers: { signature: 'X-Sign' } });
    const signed = signer.sign(parts);
    expect(Object.keys(signed)).toContain('X-Sign');
    const nodeHeaders = Object.fromEntries(Object.entries(signed).map(([k, v]) => [k.toLowerCase(), v]));
    expect((await signer.verify({ ...parts, headers: nodeHeaders })).ok).toBe(true);
  });

  it('refuses options without a secret, naming the option', () => {
    expect(() => hotlineSigner({ appId: 'a', secret: '' })).toThrow(
      expect.objectContaining({ details: { field: 'hotlineSigner.secret' } }),
    );
  });
});

describe('memoryNonceStore', () => {
  it('forgets a nonce once its time to live has passed', () => {
    const clock = virtualClock(at);
    const store = memoryNonceStore({ clock });
    expect(store.remember('a:n1', 1000)).toBe(true);
    expect(store.remember('a:n1', 1000)).toBe(false);
    clock.advanceBy(1001);
    expect(store.remember('a:n1', 1000)).toBe(true);
  });

  it('keeps at most maxEntries, dropping the oldest first', () => {
    const store = memoryNonceStore({ maxEntries: 3 });
    for (const n of ['n1', 'n2', 'n3', 'n4']) store.remember(n, 60_000);
    expect(store.size()).toBe(3);
    expect(store.remember('n4', 60_000)).toBe(false);
    expect(store.remember('n1', 60_000)).toBe(true);
  });
});
