import { hotlineApiError } from './hotline-errors.js';
import type { HotlineProfile } from './hotline-profile.js';
import { isRecord } from './hotline-record-fields.js';

/**
 * One page of the platform's to-do list (待办): raw records (map them with `mapHotlineOrder`), the cursor of the
 * next page (`null` at the end) and the platform's total when it says.
 *
 * @example
 * ```ts
 * const page: HotlineTodoPage = await client.listTodo({ cursor, pageSize: 50 });
 * ```
 */
export interface HotlineTodoPage {
  /** The page's records, as the platform sent them. */
  records: unknown[];
  /** Cursor of the next page, or null on the last. */
  nextCursor: string | null;
  /** Total records, when the platform says. */
  total: number | null;
}

/**
 * Read a platform answer's envelope (`{ code, message, data }` under the profile's names); `null` when the body
 * is not JSON or has no code.
 *
 * @example
 * ```ts
 * unwrapEnvelope('{"code":0,"message":"ok","data":[]}', profile); // { code: '0', message: 'ok', data: [] }
 * ```
 */
export function unwrapEnvelope(
  raw: string,
  profile: HotlineProfile,
): { code: string; message: string; data: unknown } | null {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isRecord(body) || !Object.hasOwn(body, profile.envelope.code)) return null;
  const message = body[profile.envelope.message];
  return {
    code: String(body[profile.envelope.code]),
    message: typeof message === 'string' ? message : '',
    data: body[profile.envelope.data],
  };
}

/**
 * Read a to-do page out of an envelope's data, or throw a retryable `BAD_ENVELOPE` error.
 *
 * @example
 * ```ts
 * todoPage({ records: [], nextCursor: null, total: 0 }, profile);
 * ```
 */
export function todoPage(data: unknown, profile: HotlineProfile): HotlineTodoPage {
  const names = profile.api.todoFields;
  const records = isRecord(data) ? data[names.records] : undefined;
  if (!Array.isArray(records)) {
    throw hotlineApiError(
      {
        operation: 'listTodo',
        status: 200,
        code: 'BAD_ENVELOPE',
        message: `data.${names.records} is not a list`,
      },
      { kind: 'retryable' },
    );
  }
  const next = (data as Record<string, unknown>)[names.nextCursor];
  const total = (data as Record<string, unknown>)[names.total];
  return {
    records,
    nextCursor:
      typeof next === 'string' && next !== '' ? next : typeof next === 'number' ? String(next) : null,
    total: typeof total === 'number' ? total : null,
  };
}
