import { isGridflowError } from '@gridflow/engine';
import { describe, expect, it } from 'vitest';
import { wecomClient } from './wecom-client.js';
import { wecomLogin } from './wecom-login.js';
import { parseWecomOptions, wecomCallbackSettingsSchema, wecomClientOptionsSchema } from './wecom-options.js';
import { wecomRobotNotifier } from './wecom-robot.js';

const fieldOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (isGridflowError(error, 'VALIDATION_FAILED')) return error.details.field;
    throw error;
  }
  return 'accepted';
};

const app = { corpId: 'ww1234', corpSecret: 's3cret', agentId: 1000002 };

describe('WeCom options', () => {
  it('names the missing or bad option as options.<field>', () => {
    expect(fieldOf(() => wecomClient({ ...app, corpId: '' }))).toBe('options.corpId');
    expect(fieldOf(() => wecomClient({ ...app, corpSecret: undefined as unknown as string }))).toBe(
      'options.corpSecret',
    );
    expect(fieldOf(() => wecomClient({ ...app, agentId: 'abc' }))).toBe('options.agentId');
    expect(fieldOf(() => wecomClient({ ...app, agentId: 1.5 }))).toBe('options.agentId');
    expect(fieldOf(() => wecomClient({ ...app, baseUrl: 'ftp://x' }))).toBe('options.baseUrl');
    expect(fieldOf(() => wecomClient({ ...app, rateLimit: { perMinute: -1 } }))).toBe(
      'options.rateLimit.perMinute',
    );
    expect(fieldOf(() => wecomClient(undefined as never))).toBe('options.corpId');
    expect(fieldOf(() => wecomRobotNotifier({ webhookUrl: 'https://example.com/send' }))).toBe(
      'options.webhookUrl',
    );
    expect(fieldOf(() => wecomLogin({ client: wecomClient(app), redirectUri: 'not a url' }))).toBe(
      'options.redirectUri',
    );
    expect(
      fieldOf(() => wecomLogin({ client: wecomClient(app), redirectUri: 'https://a.example', state: 'a-b' })),
    ).toBe('options.state');
  });

  it('lists every problem in details.issues', () => {
    try {
      parseWecomOptions(wecomCallbackSettingsSchema, { token: '', encodingAESKey: 'short', corpId: '' });
      expect.unreachable();
    } catch (error) {
      expect(isGridflowError(error) && error.details.issues).toEqual([
        { path: 'options.token', message: expect.any(String) },
        { path: 'options.encodingAESKey', message: 'must be 43 characters of base64' },
        { path: 'options.corpId', message: 'must not be empty' },
      ]);
    }
  });

  it('fills defaults and reads a numeric agent id given as a string', () => {
    const parsed = parseWecomOptions(wecomClientOptionsSchema, {
      ...app,
      agentId: '1000002',
      baseUrl: 'http://127.0.0.1:1/cgi-bin',
    });
    expect(parsed.agentId).toBe(1000002);
    expect(parsed.baseUrl).toBe('http://127.0.0.1:1/cgi-bin/');
    expect(parsed.rateLimit).toEqual({ perMinute: 10_000, burst: 1_000 });
    expect(parsed.busyRetry).toEqual({ attempts: 2, delayMs: 200 });
    expect(parsed.memberLimits).toBe(true);
  });
});
