import { validationError } from '../errors.js';

/**
 * Encode the position after a row in a `(createdAt, id)`-ordered list as an opaque cursor.
 *
 * @example
 * ```ts
 * const nextCursor = encodeCursor(last.createdAt, last.id);
 * ```
 */
export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.getTime(), id])).toString('base64url');
}

/**
 * Decode a cursor made by {@link encodeCursor}; anything else is a `VALIDATION_FAILED` on `cursor`.
 *
 * @example
 * ```ts
 * const after = query.cursor ? decodeCursor(query.cursor) : null;
 * ```
 */
export function decodeCursor(cursor: string): { at: number; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && Number.isFinite(value[0]) && typeof value[1] === 'string') {
      return { at: value[0], id: value[1] };
    }
  } catch {
    // Falls through to the validation error below.
  }
  throw validationError('cursor', 'is not a cursor returned by this storage');
}

/**
 * The page size a query asks for: 50 by default, and an error outside 1 to 1000.
 *
 * @example
 * ```ts
 * const limit = pageLimit(query.limit);
 * ```
 */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw validationError('limit', 'must be an integer from 1 to 1000');
  }
  return limit;
}
