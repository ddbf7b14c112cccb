import { isPermanentFailure } from '@gridflow/engine';
import { describe, expect, it } from 'vitest';
import {
  classifyHotlineResponse,
  HotlineApiError,
  hotlineApiError,
  parseRetryAfter,
} from './hotline-errors.js';
import { DEFAULT_HOTLINE_PROFILE, hotlineProfile } from './hotline-profile.js';

const now = new Date('2026-10-21T07:27:00Z');
const classify = (
  status: number,
  businessCode: string | null,
  retryAfter: string | null = null,
  profile = DEFAULT_HOTLINE_PROFILE,
) => classifyHotlineResponse({ status, businessCode, retryAfter, profile, now });

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates, and never goes below zero', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:00:00 GMT', now)).toBe(0);
  });

  it.each([null, undefined, '', 'soon', '-5', '1.5', '1e3', 'Friday'])('answers null for %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeNull();
  });
});

describe('classifyHotlineResponse', () => {
  it.each([
    [200, '0', null, { kind: 'ok' }],
    [200, '5000', null, { kind: 'retryable' }],
    [200, '-1', null, { kind: 'retryable' }],
    [200, '2002', null, { kind: 'retryable' }],
    [200, '2001', null, { kind: 'permanent' }],
    [200, '4290', null, { kind: 'retryAfter', retryAfterMs: 60_000 }],
    [200, '4290', '7', { kind: 'retryAfter', retryAfterMs: 7_000 }],
    [200, null, null, { kind: 'permanent' }],
    [429, null, '3', { kind: 'retryAfter', retryAfterMs: 3_000 }],
    [429, null, 'Wed, 21 Oct 2026 07:27:30 GMT', { kind: 'retryAfter', retryAfterMs: 30_000 }],
    [429, null, null, { kind: 'retryAfter', retryAfterMs: 60_000 }],
    [503, null, '10', { kind: 'retryAfter', retryAfterMs: 10_000 }],
    [503, null, null, { kind: 'retryable' }],
    [500, '0', null, { kind: 'retryable' }],
    [502, null, null, { kind: 'retryable' }],
    [408, null, null, { kind: 'retryable' }],
    [401, '1001', null, { kind: 'permanent' }],
    [401, '1002', null, { kind: 'retryable' }],
    [401, '1003', null, { kind: 'retryable' }],
    [400, null, null, { kind: 'permanent' }],
    [404, null, null, { kind: 'permanent' }],
  ])('reads HTTP %i with code %j (Retry-After %j) as %j', (status, code, retryAfter, expected) => {
    expect(classify(status, code, retryAfter)).toEqual(expected);
  });

  it('takes success and retryable codes from the profile', () => {
    const profile = hotlineProfile({
      envelope: { success: 10000 },
      errorCodes: { retryable: ['E_BUSY'], rateLimited: [] },
    });
    expect(classify(200, '10000', null, profile)).toEqual({ kind: 'ok' });
    expect(classify(200, '0', null, profile)).toEqual({ kind: 'permanent' });
    expect(classify(200, 'E_BUSY', null, profile)).toEqual({ kind: 'retryable' });
    expect(classify(200, '4290', null, profile)).toEqual({ kind: 'permanent' });
  });
});

describe('hotlineApiError', () => {
  const facts = { operation: 'reply', status: 200, code: '2003', message: '状态不允许' };

  it('marks a permanent failure the way the engine dead-letters', () => {
    const error = hotlineApiError(facts, { kind: 'permanent' });
    expect(error).toBeInstanceOf(HotlineApiError);
    expect(isPermanentFailure(error)).toBe(true);
    expect(error.message).toBe('reply: 状态不允许');
  });

  it('carries the wait of a retry-after failure and stays retryable', () => {
    const error = hotlineApiError(facts, { kind: 'retryAfter', retryAfterMs: 5_000 });
    expect(isPermanentFailure(error)).toBe(false);
    expect(error.retryAfterMs).toBe(5_000);
    expect(hotlineApiError(facts, { kind: 'retryable' }).retryAfterMs).toBeUndefined();
  });
});
