import type { Open311Failure } from './open311-validate.js';
import { isW3cDateTime } from './open311-validate.js';

/**
 * The filters of `GET requests`, checked. `ids` overrides every other filter, as the spec says; otherwise the
 * window is at most `maxDays` (default 90) and ends now unless `end_date` says otherwise, and at most `limit`
 * (1,000) requests are returned.
 *
 * @example
 * ```ts
 * const query = parseOpen311Query(url.searchParams, new Date());
 * if (query.ok) engine.query({ createdFrom: query.filter.start, createdTo: query.filter.end, limit: query.filter.limit });
 * ```
 */
export interface Open311RequestFilter {
  /** `service_request_id` values, or null for any. */
  ids: string[] | null;
  /** `service_code` values, or null for any. */
  serviceCodes: string[] | null;
  /** `status` values, or null for any. */
  statuses: ('open' | 'closed')[] | null;
  /** `start_date`: requests at or after. */
  start: Date;
  /** `end_date`: requests before. */
  end: Date;
  /** Most requests to return. */
  limit: number;
}

const DAY_MS = 86_400_000;

function list(params: URLSearchParams, name: string): string[] | null {
  const values = params
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
  return values.length > 0 ? [...new Set(values)] : null;
}

/**
 * Parse and check the filters of `GET requests` (and the `start_date`/`end_date` window of FixMyStreet's
 * `servicerequestupdates`). Lists may be comma-separated or repeated. Dates must be W3C date-times with an
 * offset. Problems come back as the spec's 400 error list.
 *
 * @example
 * ```ts
 * parseOpen311Query(new URLSearchParams('start_date=2010-05-24T00:00:00Z&end_date=2010-06-24T00:00:00Z&status=open'), now);
 * ```
 */
export function parseOpen311Query(
  params: URLSearchParams,
  now: Date,
  options: { maxDays?: number; limit?: number } = {},
): { ok: true; filter: Open311RequestFilter } | { ok: false; failure: Open311Failure } {
  const maxDays = options.maxDays ?? 90;
  const problems: string[] = [];
  const date = (name: string): Date | null => {
    const text = params.get(name)?.trim();
    if (!text) return null;
    if (isW3cDateTime(text)) return new Date(text);
    problems.push(`${name} must be a W3C date-time with a time zone, like 2010-01-01T00:00:00Z`);
    return null;
  };
  const statuses = list(params, 'status');
  for (const status of statuses ?? []) {
    if (status !== 'open' && status !== 'closed') problems.push(`status ${status} is not open or closed`);
  }
  const startGiven = date('start_date');
  const endGiven = date('end_date');
  const end =
    endGiven ??
    (startGiven ? new Date(Math.min(now.getTime(), startGiven.getTime() + maxDays * DAY_MS)) : now);
  const start = startGiven ?? new Date(end.getTime() - maxDays * DAY_MS);
  if (start > end) problems.push('start_date is after end_date');
  else if (end.getTime() - start.getTime() > maxDays * DAY_MS)
    problems.push(`start_date to end_date spans more than ${maxDays} days`);
  const ids = list(params, 'service_request_id');
  if (problems.length > 0 && ids === null) {
    return {
      ok: false,
      failure: { status: 400, errors: problems.map((description) => ({ code: 400, description })) },
    };
  }
  return {
    ok: true,
    filter: {
      ids,
      serviceCodes: ids ? null : list(params, 'service_code'),
      statuses: ids ? null : (statuses as ('open' | 'closed')[] | null),
      start,
      end,
      limit: options.limit ?? 1000,
    },
  };
}
