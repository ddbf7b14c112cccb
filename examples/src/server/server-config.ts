import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * The district server's settings, read from the environment by {@link serverConfigFromEnv}.
 *
 * @example
 * ```ts
 * const config: ServerConfig = serverConfigFromEnv({ PORT: '8080' });
 * ```
 */
export interface ServerConfig {
  port: number;
  /** The address people reach the server at; WeCom sends browsers back to `<publicUrl>/auth/wecom/callback`. */
  publicUrl: string;
  /** Key of the HMAC that signs session cookies (32 bytes or more). A random one when not set. */
  sessionSecret: string;
  /** Offer the demo sign-in page listing the district's people. Never in production. */
  demoSignIn: boolean;
  /** Marks cookies `Secure` (behind HTTPS). */
  secureCookies: boolean;
  wecom: WecomSettings | null;
  /**
   * The 12345 platform: its app id and secret sign the webhook; with `baseUrl` (`HOTLINE_API_BASE`) the
   * status write-backs (签收, 回复, 办结 …) are sent to it, otherwise they wait in the dead letters.
   */
  hotline: { appId: string; secret: string; baseUrl?: string };
  /** `api_key` of the Open311 endpoint (an app's seat at the district). */
  open311ApiKey: string;
  /**
   * The variables left unset outside the demo whose endpoints therefore refuse everything (`HOTLINE_SECRET`:
   * the 12345 webhook; `OPEN311_API_KEY`: Open311 filing); the server says so when it starts.
   */
  closed: string[];
}

/**
 * A WeCom app (自建应用): its API credentials and its callback settings.
 *
 * @example
 * ```ts
 * const wecom: WecomSettings = { corpId: 'ww1', corpSecret: 's', agentId: 1000002, token: 'T', encodingAESKey: 'k'.repeat(43) };
 * ```
 */
export interface WecomSettings {
  corpId: string;
  corpSecret: string;
  agentId: number;
  token: string;
  encodingAESKey: string;
  /** API base; tests and the demo point it at the fake WeCom server. */
  baseUrl?: string;
}

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  PUBLIC_URL: z.url().optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  DEMO_SIGN_IN: flag.optional(),
  SECURE_COOKIES: flag.default(false),
  WECOM_CORP_ID: z.string().min(1).optional(),
  WECOM_SECRET: z.string().min(1).optional(),
  WECOM_AGENT_ID: z.coerce.number().int().nonnegative().optional(),
  WECOM_TOKEN: z.string().min(1).optional(),
  WECOM_AES_KEY: z.string().length(43, 'must be 43 characters of base64').optional(),
  WECOM_API_BASE: z.url().optional(),
  HOTLINE_APP_ID: z.string().min(1).default('hotline-12345'),
  HOTLINE_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  HOTLINE_API_BASE: z.url().optional(),
  OPEN311_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
});

/**
 * How {@link serverConfigFromEnv} fills what the environment leaves out.
 *
 * @example
 * ```ts
 * const options: ServerConfigOptions = { demo: true };
 * ```
 */
export interface ServerConfigOptions {
  /**
   * The simulated district (`pnpm demo`, tests): the demo sign-in page is on unless `DEMO_SIGN_IN=false`, and the
   * 12345 secret and the Open311 key have fixed demo values. Otherwise (`pnpm serve`, the default) the demo
   * sign-in is off unless `DEMO_SIGN_IN=true`, and an unset `HOTLINE_SECRET` or `OPEN311_API_KEY` becomes a
   * random value no one knows, so the endpoint refuses everything until it is configured (see `closed`).
   */
  demo?: boolean;
}

/** Demo values of the 12345 secret and the Open311 key: known to anyone who reads this file. */
const DEMO_HOTLINE_SECRET = 'change-me-hotline-secret';
const DEMO_OPEN311_API_KEY = 'open311-demo-key';

/**
 * Read {@link ServerConfig} from environment variables (`PORT`, `PUBLIC_URL`, `SESSION_SECRET`, `DEMO_SIGN_IN`,
 * `WECOM_*`, `HOTLINE_APP_ID`, `HOTLINE_SECRET`, `HOTLINE_API_BASE`, `OPEN311_API_KEY`). WeCom is on when all of `WECOM_CORP_ID`,
 * `WECOM_SECRET`, `WECOM_AGENT_ID`, `WECOM_TOKEN` and `WECOM_AES_KEY` are set. A bad value throws naming the variable.
 * Outside the demo nothing that opens the server has a default: see {@link ServerConfigOptions}.
 *
 * @example
 * ```ts
 * const config = serverConfigFromEnv(process.env);
 * const demo = serverConfigFromEnv(process.env, { demo: true });
 * ```
 */
export function serverConfigFromEnv(
  env: Record<string, string | undefined>,
  options: ServerConfigOptions = {},
): ServerConfig {
  const demo = options.demo ?? false;
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`environment variable ${issue.path.join('.')} ${issue.message}`);
  }
  const e = parsed.data;
  const wecomParts = [e.WECOM_CORP_ID, e.WECOM_SECRET, e.WECOM_AGENT_ID, e.WECOM_TOKEN, e.WECOM_AES_KEY];
  const wecom =
    wecomParts.every((v) => v !== undefined) && e.WECOM_AGENT_ID !== undefined
      ? {
          corpId: e.WECOM_CORP_ID!,
          corpSecret: e.WECOM_SECRET!,
          agentId: e.WECOM_AGENT_ID,
          token: e.WECOM_TOKEN!,
          encodingAESKey: e.WECOM_AES_KEY!,
          ...(e.WECOM_API_BASE ? { baseUrl: e.WECOM_API_BASE } : {}),
        }
      : null;
  return {
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://127.0.0.1:${e.PORT}`).replace(/\/$/, ''),
    sessionSecret: e.SESSION_SECRET ?? unguessable(),
    demoSignIn: e.DEMO_SIGN_IN ?? demo,
    secureCookies: e.SECURE_COOKIES,
    wecom,
    hotline: {
      appId: e.HOTLINE_APP_ID,
      secret: e.HOTLINE_SECRET ?? (demo ? DEMO_HOTLINE_SECRET : unguessable()),
      ...(e.HOTLINE_API_BASE ? { baseUrl: e.HOTLINE_API_BASE } : {}),
    },
    open311ApiKey: e.OPEN311_API_KEY ?? (demo ? DEMO_OPEN311_API_KEY : unguessable()),
    closed: demo
      ? []
      : [
          ...(e.HOTLINE_SECRET === undefined ? ['HOTLINE_SECRET'] : []),
          ...(e.OPEN311_API_KEY === undefined ? ['OPEN311_API_KEY'] : []),
        ],
  };
}

const unguessable = () => randomBytes(32).toString('base64url');
