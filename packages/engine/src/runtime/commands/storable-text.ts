import { validationError } from '../../errors.js';

/** Deeper than any request a flow defines; a guard against a crafted, endlessly nested payload. */
const MAX_DEPTH = 32;

/**
 * Refuse text that one storage keeps and another cannot: a NUL character (Postgres `text` and `jsonb` reject it)
 * or a lone UTF-16 surrogate (not valid Unicode, so not valid UTF-8). Checked in every string and object key of
 * a request before anything is stored, so memory and Postgres answer alike: `VALIDATION_FAILED` naming the
 * field, never an `ADAPTER_FAILED` that an intake would retry for ever.
 *
 * @example
 * ```ts
 * assertStorableText({ title: 'a\u0000b' }, 'input'); // throws VALIDATION_FAILED, field 'input.title'
 * ```
 */
export function assertStorableText(value: unknown, path: string, depth = 0): void {
  if (typeof value === 'string') {
    if (!isStorable(value)) throw validationError(path, UNSTORABLE);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (depth > MAX_DEPTH) throw validationError(path, `is nested more than ${MAX_DEPTH} levels deep`);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) assertStorableText(value[i], `${path}.${i}`, depth + 1);
    return;
  }
  if (value instanceof Date) return;
  for (const key of Object.keys(value)) {
    const field = path ? `${path}.${key}` : key;
    if (!isStorable(key)) throw validationError(field, `has a key that ${UNSTORABLE}`);
    assertStorableText((value as Record<string, unknown>)[key], field, depth + 1);
  }
}

const UNSTORABLE = 'contains a NUL character or a lone surrogate (invalid Unicode)';

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isStorable(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}
