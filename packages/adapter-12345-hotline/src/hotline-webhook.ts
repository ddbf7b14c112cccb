import { type Clock, type Engine, type IngestResult, isGridflowError, type Logger } from '@gridflow/engine';
import { z } from 'zod';
import { memoryNonceStore, type NonceStore } from './hotline-nonce-store.js';
import { parseOptions } from './hotline-options.js';
import { DEFAULT_HOTLINE_PROFILE, type HotlineProfile } from './hotline-profile.js';
import { hotlineQuarantineReason } from './hotline-quarantine.js';
import { isRecord, readField } from './hotline-record-fields.js';
import { hotlineSigner } from './hotline-signature.js';
import { type PlainRequest, type PlainResponse, webHandlerOf } from './plain-exchange.js';

/**
 * Options of {@link hotlineWebhook}. `appId` and `secret` are the platform app's; `source` must be the
 * `source` of the engine's `hotlineIntake` (its actions go to `<source>-actions`).
 *
 * @example
 * ```ts
 * const options: HotlineWebhookOptions = { engine, appId: 'district-7', secret: process.env.HOTLINE_SECRET!,
 *   profile, nonceStore: redisNonces, bodyLimitBytes: 256 * 1024 };
 * ```
 */
export interface HotlineWebhookOptions {
  /** The engine pushed records are ingested into. */
  engine: Pick<Engine, 'ingest'>;
  /** The app id the platform signs as. */
  appId: string;
  /** The shared secret signatures are checked with. */
  secret: string;
  /** Default: the default profile (its signature scheme, window and header names apply). */
  profile?: HotlineProfile;
  /** Default `hotline`. */
  source?: string;
  /** Where verified nonces are kept; share one between processes behind the same platform. Default: memory. */
  nonceStore?: NonceStore;
  /** The clock for the timestamp window; default the system clock. */
  clock?: Pick<Clock, 'now'>;
  /** Larger bodies get 413 before anything else is read. Default 1 MiB. */
  bodyLimitBytes?: number;
  /** Where refused and failed pushes are reported. */
  logger?: Pick<Logger, 'warn' | 'error'>;
}

const optionsSchema = z.object({
  engine: z.custom<Pick<Engine, 'ingest'>>((v) => typeof (v as Engine)?.ingest === 'function', {
    message: 'must be an engine',
  }),
  appId: z.string().min(1, 'must not be empty'),
  secret: z.string().min(1, 'must not be empty'),
  profile: z.custom<HotlineProfile>(
    (v) => isRecord(v) && isRecord(v.signature),
    'must be a hotlineProfile()',
  ),
  source: z.string().min(1),
  nonceStore: z.custom<NonceStore>((v) => typeof (v as NonceStore)?.remember === 'function').optional(),
  clock: z.custom<Pick<Clock, 'now'>>((v) => typeof (v as Clock)?.now === 'function').optional(),
  bodyLimitBytes: z.number().int().min(1),
  logger: z
    .custom<Pick<Logger, 'warn' | 'error'>>((v) => typeof (v as Logger)?.warn === 'function')
    .optional(),
});

/**
 * The 12345 platform's push endpoint as a web-standard handler (adapt it to Node with `toNodeHandler`). Answers
 * in the profile's envelope (`{ code, message, data }`):
 *
 * - 200, the profile's success code: applied, or a duplicate (`data.status`), with the case id; a re-push of an
 *   order answers the same case and writes nothing;
 * - 401 with `data.reason` `MISSING_HEADER`, `BAD_SIGNATURE`, `STALE_TIMESTAMP` or `REPLAYED_NONCE`: nothing
 *   stored; 405 for a method other than POST; 413 for a body over the limit;
 * - 422 (a JSON object that cannot be applied) or 400 (a signed body that is not a JSON object): the record is
 *   kept in the engine's quarantine, `data.reason` names the field, the platform need not push it again;
 * - 503 with `Retry-After` when the engine could not store it now (a storage outage): push again later.
 *
 * Nothing thrown inside leaves the handler: an unexpected error is answered 500 and logged.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * const webhook = hotlineWebhook({ engine, appId: 'district-7', secret, profile });
 * createServer(toNodeHandler(webhook, { bodyLimitBytes: 1024 * 1024 })).listen(8080);
 * ```
 */
export function hotlineWebhook(options: HotlineWebhookOptions): (request: Request) => Promise<Response> {
  const parsed = parseOptions(
    optionsSchema,
    {
      ...options,
      profile: options.profile ?? DEFAULT_HOTLINE_PROFILE,
      source: options.source ?? 'hotline',
      bodyLimitBytes: options.bodyLimitBytes ?? 1024 * 1024,
    },
    'hotlineWebhook',
  );
  const { engine, profile, source, bodyLimitBytes, logger } = parsed;
  const clock = parsed.clock ?? { now: () => new Date() };
  const signer = hotlineSigner({
    appId: parsed.appId,
    secret: parsed.secret,
    scheme: profile.signature.scheme,
    windowSeconds: profile.signature.windowSeconds,
    headers: profile.signature.headers,
    nonceStore: parsed.nonceStore ?? memoryNonceStore({ clock }),
    clock,
  });
  const answer = (
    status: number,
    message: string,
    data: unknown = null,
    headers: Record<string, string> = {},
  ): PlainResponse => {
    const code = status === 200 ? profile.envelope.success : status;
    const body = {
      [profile.envelope.code]: code,
      [profile.envelope.message]: message,
      [profile.envelope.data]: data,
    };
    return {
      status,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    };
  };

  async function handle(request: PlainRequest): Promise<PlainResponse> {
    if (request.method !== 'POST') return answer(405, 'only POST', null, { allow: 'POST' });
    const { body } = request;
    if (body === null || body.byteLength > bodyLimitBytes) {
      return answer(413, `the body is over ${bodyLimitBytes} bytes`);
    }
    const verdict = await signer.verify({ ...request, body });
    if (!verdict.ok) {
      const { code, message, header } = verdict.reason;
      return answer(401, message, { reason: code, header: header ?? null });
    }
    const record = parseRecord(body);
    const isAction = isRecord(record) && readField(record, profile.actionFields.actionId) !== undefined;
    let result: IngestResult;
    try {
      result = await engine.ingest(isAction ? `${source}-actions` : source, record);
    } catch (error) {
      if (isGridflowError(error, 'VALIDATION_FAILED')) return answer(400, error.message);
      if (!isGridflowError(error) || !TRANSIENT.has(error.code)) throw error;
      // Storage down, a version conflict, the engine stopping: nothing was stored, the platform pushes again.
      logger?.warn('hotline webhook: the record could not be stored now', { error: String(error) });
      return answer(503, `not stored, push again later (${error.code})`, null, { 'retry-after': '5' });
    }
    if (result.status !== 'quarantined') {
      const { status, caseId, externalId } = result;
      return answer(200, status === 'applied' ? 'ok' : 'duplicate', { status, caseId, externalId });
    }
    const reason = hotlineQuarantineReason(result.reason);
    const data = { status: 'quarantined', quarantineId: result.quarantineId, reason };
    return answer(isRecord(record) ? 422 : 400, `kept in quarantine: ${reason.message}`, data);
  }

  const failed = (error: unknown) => {
    logger?.error('hotline webhook failed', { error: String(error) });
    return answer(500, 'internal error');
  };
  const plain = (request: PlainRequest) => handle(request).catch(failed);
  return webHandlerOf(plain, bodyLimitBytes, failed);
}

const TRANSIENT = new Set(['ADAPTER_FAILED', 'VERSION_CONFLICT', 'ENGINE_STOPPED']);
const UTF8 = new TextDecoder('utf-8', { fatal: false });
/** Deeper than any order; a deeper body is kept as text, so storing it cannot exhaust the stack. */
const MAX_DEPTH = 32;

/** The body as JSON when it is JSON, else as its text: a signed body is the platform's, kept either way. */
function parseRecord(body: Uint8Array): unknown {
  const text = UTF8.decode(body);
  try {
    const value: unknown = JSON.parse(text);
    return deeperThan(value, MAX_DEPTH) ? text : value;
  } catch {
    return text;
  }
}

/** Whether `value` nests deeper than `limit` levels; stops at the first branch that does. */
function deeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (limit === 0) return true;
  if (Array.isArray(value)) return value.some((item) => deeperThan(item, limit - 1));
  for (const key in value) {
    if (deeperThan((value as Record<string, unknown>)[key], limit - 1)) return true;
  }
  return false;
}
