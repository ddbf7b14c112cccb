import { parseWecomButtonKey } from '@gridflow/adapter-wecom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DistrictFixture, districtFixture, WECOM_CALLBACK } from './district-fixture.js';
import { signInDemo, testClient } from './http-client.js';

let f: DistrictFixture;
beforeAll(async () => {
  f = await districtFixture();
});
afterAll(() => f?.close());

async function wecomSignIn(code: string) {
  const client = testClient(f.url);
  const start = await client.get('/auth/wecom');
  expect(start.status).toBe(302);
  const location = new URL(start.headers.get('location')!);
  expect(location.origin).toBe('https://open.weixin.qq.com');
  expect(location.searchParams.get('appid')).toBe(f.fake.corpId);
  expect(location.searchParams.get('redirect_uri')).toBe(`${f.config.publicUrl}/auth/wecom/callback`);
  const state = location.searchParams.get('state')!;
  return { client, state, back: (s = state) => client.get(`/auth/wecom/callback?code=${code}&state=${s}`) };
}

describe('sign-in', () => {
  it('signs a member in through WeCom web sign-in against the fake WeCom server', async () => {
    f.fake.registerCode('code-ok', { userid: 'staff-xingfu-1' });
    const { client, back } = await wecomSignIn('code-ok');
    const returned = await back();
    expect(returned.status).toBe(302);
    const cookie = returned.headers.getSetCookie().find((l) => l.startsWith('gf_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(returned.headers.get('location')).toBe('/');
    const session = (await (await client.get('/api/session')).json()) as {
      member: { id: string; unitName: string };
    };
    expect(session.member).toMatchObject({ id: 'staff-xingfu-1', unitName: '幸福社区' });
  });

  it('refuses a WeCom return whose state is not the one the browser started with', async () => {
    f.fake.registerCode('code-state', { userid: 'staff-xingfu-1' });
    const { client, back } = await wecomSignIn('code-state');
    const forged = await back('abc123');
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('CSRF_REJECTED');
    expect(client.cookies.has('gf_session')).toBe(false);
  });

  it('refuses someone WeCom knows who is not a member of the corp', async () => {
    f.fake.registerCode('code-outsider', { openid: 'o-outsider' });
    const { client, back } = await wecomSignIn('code-outsider');
    expect((await back()).status).toBe(403);
    expect((await client.get('/api/session')).status).toBe(401);
  });

  it('signs in through the demo page only with the page token', async () => {
    const client = testClient(f.url);
    const page = await client.get('/auth/sign-in');
    const html = await page.text();
    expect(html).toContain('企业微信登录');
    expect(html).toContain('data-member="resident-xingfu-1-1"');
    const withoutToken = await client.request('/auth/demo', {
      method: 'POST',
      body: new URLSearchParams({ token: 'guess', memberId: 'dispatcher-1' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(withoutToken.status).toBe(403);
    expect(client.cookies.has('gf_session')).toBe(false);
    const signed = await signInDemo(f.url, 'dispatcher-1');
    expect(signed.cookies.has('gf_session')).toBe(true);
  });

  it('keeps the session out of URLs and refuses a tampered cookie', async () => {
    const client = await signInDemo(f.url, 'resident-xingfu-1-1');
    const session = client.cookies.get('gf_session')!;
    expect(decodeURIComponent(session)).toMatch(/^resident-xingfu-1-1\./);
    const tampered = testClient(f.url);
    tampered.cookies.set('gf_session', session.replace('resident-xingfu-1-1', 'dispatcher-1'));
    expect((await tampered.get('/api/cases')).status).toBe(401);
  });

  it('refuses every state-changing request without the session CSRF token', async () => {
    const client = await signInDemo(f.url, 'staff-xingfu-1');
    const noToken = await client.request(`/api/cases/${f.mine.id}/events`, {
      method: 'POST',
      json: { type: 'signFor' },
      csrf: false,
    });
    expect(noToken.status).toBe(403);
    expect(((await noToken.json()) as { error: { code: string } }).error.code).toBe('CSRF_REJECTED');
    const other = await signInDemo(f.url, 'staff-xingfu-2');
    const wrongToken = await client.request('/api/cases', {
      method: 'POST',
      json: {},
      headers: { 'x-csrf-token': other.csrf! },
      csrf: false,
    });
    expect(wrongToken.status).toBe(403);
    const signOut = await client.request('/auth/sign-out', { method: 'POST', csrf: false });
    expect(signOut.status).toBe(403);
    expect((await f.running.setup.engine.getCase(f.mine.id)).state).toBe('dispatched');
    const out = await client.request('/auth/sign-out', { method: 'POST' });
    expect(out.status).toBe(200);
    expect((await client.get('/api/session')).status).toBe(401);
  });
});

describe('the WeCom callback', () => {
  it('turns a 签收 button click through the fake WeCom server into the event, as the member who clicked', async () => {
    const { engine, district } = f.running.setup;
    await engine.send({
      caseId: f.mine.id,
      actor: district.person('dispatcher-1'),
      event: { type: 'urge', note: '请签收' },
    });
    await engine.drainOutbox();
    const signForKey = (d: { content: Record<string, unknown> }) =>
      ((d.content.button_list as { key: string }[] | undefined) ?? [])
        .map((b) => b.key)
        .find((key) => parseWecomButtonKey(key)?.event === 'signFor');
    const card = f.fake
      .delivered('staff-xingfu-1')
      .find((d) => d.msgtype === 'template_card' && signForKey(d));
    expect(card, 'a card with a 签收 button reached the community').toBeDefined();
    const result = await f.fake.clickButton({
      callbackUrl: `${f.url}/wecom/callback`,
      ...WECOM_CALLBACK,
      fromUser: 'staff-xingfu-1',
      taskId: card!.taskId!,
      eventKey: signForKey(card!)!,
    });
    expect(result.status).toBe(200);
    const after = await engine.getCase(f.mine.id);
    expect(after.state).toMatch(/^inProgress/);
    expect((await engine.history(f.mine.id)).at(-1)).toMatchObject({
      type: 'signFor',
      actor: { id: 'staff-xingfu-1' },
    });
  });
});
