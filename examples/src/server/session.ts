import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Actor, Directory, Member } from '@gridflow/engine';
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { HttpError } from './http-errors.js';

/** The session cookie: `<memberId>.<csrf>.<expiresAt>`, HMAC-SHA256-signed by hono's signed cookies. */
export const SESSION_COOKIE = 'gf_session';
/** The header every state-changing request carries, holding the session's CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';
const SESSION_HOURS = 12;

/**
 * The signed-in member as the routes see it.
 *
 * @example
 * ```ts
 * const { actor, member, csrfToken } = await sessions.require(c);
 * ```
 */
export interface Session {
  member: Member;
  actor: Actor;
  csrfToken: string;
}

/**
 * Session cookies for one server: signed, HTTP-only, `SameSite=Lax`, never in a URL.
 *
 * @example
 * ```ts
 * const sessions = sessionCookies({ secret, directory, secure: false });
 * await sessions.signIn(c, 'staff-a1-1');
 * ```
 */
export interface SessionCookies {
  signIn(c: Context, memberId: string): Promise<Session>;
  signOut(c: Context): void;
  /** The session, or null when there is none (or it is forged, expired, or its member left). */
  read(c: Context): Promise<Session | null>;
  /** The session, or `UNAUTHENTICATED`. */
  require(c: Context): Promise<Session>;
  /** `CSRF_REJECTED` unless the request's `x-csrf-token` header equals the session's token. */
  checkCsrf(c: Context, session: Session): void;
}

/**
 * Equal strings, compared in constant time.
 *
 * @example
 * ```ts
 * sameToken(c.req.header('x-csrf-token'), session.csrfToken);
 * ```
 */
export function sameToken(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Create {@link SessionCookies}.
 *
 * @example
 * ```ts
 * const sessions = sessionCookies({ secret: config.sessionSecret, directory: engine.directory, secure: false });
 * ```
 */
export function sessionCookies(options: {
  secret: string;
  directory: Pick<Directory, 'getMember'>;
  secure: boolean;
  now?: () => number;
}): SessionCookies {
  const now = options.now ?? Date.now;
  const toSession = (member: Member, csrfToken: string): Session => ({
    member,
    actor: { id: member.id, roles: member.roles, orgUnit: member.orgUnit },
    csrfToken,
  });
  const read = async (c: Context): Promise<Session | null> => {
    const value = await getSignedCookie(c, options.secret, SESSION_COOKIE);
    if (!value) return null;
    const [memberId, csrfToken, expires] = value.split('.');
    if (!memberId || !csrfToken || !(Number(expires) > now())) return null;
    const member = await options.directory.getMember(memberId);
    return member ? toSession(member, csrfToken) : null;
  };
  return {
    async signIn(c, memberId) {
      const member = await options.directory.getMember(memberId);
      if (!member) throw new HttpError('FORBIDDEN', `${memberId} is not a member of this district`);
      const csrfToken = randomBytes(18).toString('base64url');
      const expires = now() + SESSION_HOURS * 3_600_000;
      await setSignedCookie(c, SESSION_COOKIE, `${member.id}.${csrfToken}.${expires}`, options.secret, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: options.secure,
        path: '/',
        maxAge: SESSION_HOURS * 3600,
      });
      return toSession(member, csrfToken);
    },
    signOut: (c) => deleteCookie(c, SESSION_COOKIE, { path: '/' }),
    read,
    async require(c) {
      const session = await read(c);
      if (!session) throw new HttpError('UNAUTHENTICATED', 'sign in first');
      return session;
    },
    checkCsrf(c, session) {
      if (!sameToken(c.req.header(CSRF_HEADER), session.csrfToken)) {
        throw new HttpError(
          'CSRF_REJECTED',
          `a state-changing request needs the ${CSRF_HEADER} header of the session`,
        );
      }
    },
  };
}
