import { isPermanentFailure } from '@gridflow/engine';
import { describe, expect, it } from 'vitest';
import { classifyWecomErrcode, isWecomApiError, WecomApiError, wecomReplyError } from './wecom-errors.js';

describe('WeCom error codes', () => {
  it('refetches the token on 40014, 42001, 42007 and 42009', () => {
    for (const code of [40014, 42001, 42007, 42009])
      expect(classifyWecomErrcode(code).kind).toBe('retry-token');
  });

  it('waits about a minute after 45009 and briefly after 45033', () => {
    const rate = wecomReplyError('message/send', { errcode: 45009, errmsg: 'api freq out of limit' });
    expect([rate.kind, rate.retryable, rate.retryAfterMs]).toEqual(['retry-after', true, 60_000]);
    expect(wecomReplyError('message/send', { errcode: 45033 }).retryAfterMs).toBe(1_000);
  });

  it('retries system busy (-1) and nothing else that WeCom refuses', () => {
    expect(wecomReplyError('message/send', { errcode: -1 }).retryable).toBe(true);
    for (const code of [40001, 40013, 40056, 42014, 42015, 42016, 42017, 42018, 93000, 81013, 60020, 12345]) {
      const error = wecomReplyError('message/send', { errcode: code, errmsg: 'x' });
      expect(isPermanentFailure(error), String(code)).toBe(true);
      expect(error.kind).toBe('permanent');
    }
  });

  it('names the option to fix for configuration errors', () => {
    expect(wecomReplyError('gettoken', { errcode: 40001, errmsg: 'invalid credential' }).message).toBe(
      'WeCom gettoken failed: 40001 invalid credential (invalid secret): check options.corpSecret',
    );
    expect(wecomReplyError('gettoken', { errcode: 40013 }).option).toBe('options.corpId');
    expect(wecomReplyError('message/send', { errcode: 40056 }).option).toBe('options.agentId');
    expect(wecomReplyError('webhook/send', { errcode: 93000 }).option).toBe('options.webhookUrl');
  });

  it('recognises its errors by brand, not by class identity', () => {
    const error = new WecomApiError({
      api: 'x',
      errcode: null,
      errmsg: 'network error',
      kind: 'retry',
      source: 'network',
    });
    expect(isWecomApiError(error)).toBe(true);
    expect(
      isWecomApiError(Object.assign(new Error('x'), { name: 'WecomApiError', kind: 'retry', api: 'x' })),
    ).toBe(true);
    expect(isWecomApiError(new Error('x'))).toBe(false);
    expect(error.message).toBe('WeCom x failed: network network error');
  });
});
