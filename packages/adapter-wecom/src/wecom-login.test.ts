import { isGridflowError, isPermanentFailure } from '@gridflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeWecomServer, fakeWecomServer } from './testing/index.js';
import { wecomClient } from './wecom-client.js';
import { wecomLogin } from './wecom-login.js';

let fake: FakeWecomServer;
beforeAll(async () => {
  fake = await fakeWecomServer();
});
afterAll(() => fake.close());
const login = (state?: string) =>
  wecomLogin({
    client: wecomClient(fake.appOptions()),
    redirectUri: 'https://grid.example.gov.cn/auth/wecom?next=/cases',
    state,
  });

describe('wecomLogin', () => {
  it("builds the sign-in address in the order of WeCom's document, with the redirect URL-encoded", () => {
    expect(login('abc123').authorizeUrl()).toBe(
      'https://open.weixin.qq.com/connect/oauth2/authorize?appid=wwfakecorp0001' +
        '&redirect_uri=https%3A%2F%2Fgrid.example.gov.cn%2Fauth%2Fwecom%3Fnext%3D%2Fcases' +
        '&response_type=code&scope=snsapi_base&state=abc123&agentid=1000002#wechat_redirect',
    );
    expect(login().authorizeUrl('perSession42')).toContain('&state=perSession42&');
  });

  it('refuses a state that WeCom would not carry back', () => {
    const error = (() => {
      try {
        login().authorizeUrl('a&b=c');
      } catch (e) {
        return e;
      }
    })();
    expect(isGridflowError(error, 'VALIDATION_FAILED') && error.details.field).toBe('state');
  });

  it('reads the member user id behind a code', async () => {
    fake.registerCode('c-member', { userid: 'wangfang' });
    expect(await login().userIdFromCode('c-member')).toBe('wangfang');
  });

  it('answers FORBIDDEN for someone who is not a member of the corp', async () => {
    fake.registerCode('c-outsider', { openid: 'o-123' });
    const error = await login()
      .userIdFromCode('c-outsider')
      .catch((e: unknown) => e);
    expect(isGridflowError(error, 'FORBIDDEN') && error.details.external).toBe(true);
  });

  it('fails permanently on an unknown or spent code (40029)', async () => {
    const error = await login()
      .userIdFromCode('never-issued')
      .catch((e: unknown) => e);
    expect(isPermanentFailure(error)).toBe(true);
    expect((error as { errcode: number }).errcode).toBe(40029);
  });
});
