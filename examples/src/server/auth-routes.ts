import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { ServerDeps } from './app-types.js';
import { HttpError } from './http-errors.js';
import { ROLE_LABELS } from './labels.js';
import { sameToken } from './session.js';
import { signInPage } from './sign-in-page.js';

const LOGIN_COOKIE = 'gf_login';
const WECOM_STATE_COOKIE = 'gf_wecom_state';

/**
 * `/auth`: the sign-in page (demo people and the WeCom button), demo sign-in, WeCom web sign-in and its
 * callback, sign-out; and `GET /api/session`, which tells the dashboard who is signed in and its CSRF token.
 *
 * @example
 * ```ts
 * app.route('/', authRoutes(deps));
 * ```
 */
export function authRoutes({ setup, sessions, config }: ServerDeps): Hono {
  const app = new Hono();
  const oneTime = (c: Parameters<typeof setCookie>[0], name: string) => {
    const token = randomBytes(18).toString('hex');
    setCookie(c, name, token, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: config.secureCookies,
      path: '/auth',
      maxAge: 600,
    });
    return token;
  };

  app.get('/auth/sign-in', (c) => {
    const token = oneTime(c, LOGIN_COOKIE);
    const { units, members } = setup.district.config;
    return c.html(
      signInPage({ units, members, token, wecom: setup.wecom !== null, demo: config.demoSignIn }),
    );
  });

  app.post('/auth/demo', async (c) => {
    if (!config.demoSignIn) throw new HttpError('FORBIDDEN', 'demo sign-in is off');
    const form = await c.req.parseBody();
    const token = typeof form.token === 'string' ? form.token : undefined;
    const expected = getCookie(c, LOGIN_COOKIE);
    if (!expected || !sameToken(token, expected))
      throw new HttpError('CSRF_REJECTED', 'the sign-in form is stale; reload it');
    const memberId = typeof form.memberId === 'string' ? form.memberId : '';
    await sessions.signIn(c, memberId);
    return c.redirect('/', 303);
  });

  app.get('/auth/wecom', (c) => {
    if (!setup.wecom) throw new HttpError('FORBIDDEN', 'WeCom sign-in is not configured');
    return c.redirect(setup.wecom.login.authorizeUrl(oneTime(c, WECOM_STATE_COOKIE)), 302);
  });

  app.get('/auth/wecom/callback', async (c) => {
    if (!setup.wecom) throw new HttpError('FORBIDDEN', 'WeCom sign-in is not configured');
    const expected = getCookie(c, WECOM_STATE_COOKIE);
    if (!expected || !sameToken(c.req.query('state'), expected)) {
      throw new HttpError(
        'CSRF_REJECTED',
        'the sign-in state does not match the one this browser started with',
      );
    }
    const userId = await setup.wecom.login.userIdFromCode(c.req.query('code') ?? '');
    const member = await setup.engine.directory.findMemberByExternalId('wecom', userId);
    if (!member) throw new HttpError('FORBIDDEN', `WeCom user ${userId} is not in the district's directory`);
    await sessions.signIn(c, member.id);
    return c.redirect('/', 302);
  });

  app.post('/auth/sign-out', async (c) => {
    const session = await sessions.require(c);
    sessions.checkCsrf(c, session);
    sessions.signOut(c);
    return c.json({ signedOut: true });
  });

  app.get('/api/session', async (c) => {
    const { member, csrfToken } = await sessions.require(c);
    const unit = await setup.engine.directory.getUnit(member.orgUnit);
    return c.json({
      member: {
        id: member.id,
        name: member.name,
        roles: member.roles,
        roleLabels: member.roles.map((r) => ROLE_LABELS[r] ?? r),
        orgUnit: member.orgUnit,
        unitName: unit?.name ?? member.orgUnit,
        unitKind: unit?.kind ?? null,
      },
      csrfToken,
      now: setup.engine.clock.now().toISOString(),
    });
  });
  return app;
}
