import { validationError } from '@gridflow/engine';

/**
 * Cursors are the sort key of the last row returned (`createdAt`, `id`), base64url-encoded JSON: keyset
 * pagination, so a page costs the same however deep it is.
 *
 * @example
 * ```ts
 * const cursor = encodeCursor(last.createdAt, last.id);
 * const { at, id } = decodeCursor(cursor);
 * ```
 */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

/**
 * Read a cursor made by {@link encodeCursor}; anything else is a `VALIDATION_FAILED` on `cursor`.
 *
 * @example
 * ```ts
 * decodeCursor(page.nextCursor!);
 * ```
 */
export function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const date = new Date(at as string);
    if (typeof at === 'string' && typeof id === 'string' && !Number.isNaN(date.getTime()))
      return { at: date, id };
  } catch {
    // fall through to the typed error below
  }
  throw validationError('cursor', 'is not a cursor returned by this storage');
}

/**
 * Clamp a page size to the contract's 1..1000, default 50.
 *
 * @example
 * ```ts
 * pageSize(undefined); // 50
 * ```
 */
export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw validationError('limit', 'must be an integer from 1 to 1000');
  }
  return limit;
}
