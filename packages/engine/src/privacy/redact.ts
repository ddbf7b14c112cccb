import { maskName, maskPersonalText, maskPhone } from './mask.js';

/**
 * How much personal data a reader may see: `all` (the command centre, the requester themselves, or trusted
 * server code that passed no actor), `masked` (handling units and everyone else who may read the case).
 *
 * @example
 * ```ts
 * const view = redactPersonalData(record.context, 'masked');
 * ```
 */
export type PersonalDataAccess = 'all' | 'masked';

const MAX_DEPTH = 32;

/**
 * A copy of `value` fit for a reader with `masked` access: every object under a key named `caller` shows a masked
 * name and phone, or only `{ confidential: true }` when the caller asked for confidentiality; phone and ID numbers
 * in every other string are masked. `all` access returns `value` itself.
 *
 * @example
 * ```ts
 * redactPersonalData({ caller: { name: '王芳', phone: '13812345678', confidential: false } }, 'masked');
 * // { caller: { name: '王*', phone: '138****5678', confidential: false } }
 * ```
 */
export function redactPersonalData<T>(value: T, access: PersonalDataAccess): T {
  return access === 'all' ? value : (redact(value, 0) as T);
}

function redact(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return maskPersonalText(value);
  if (typeof value !== 'object' || value === null || value instanceof Date || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = key === 'caller' ? redactCaller(item) : redact(item, depth + 1);
  }
  return out;
}

function redactCaller(caller: unknown): unknown {
  if (typeof caller !== 'object' || caller === null) return caller;
  const { name, phone, confidential, ...rest } = caller as Record<string, unknown>;
  if (confidential === true) return { confidential: true };
  return {
    ...(redact(rest, 1) as object),
    ...(typeof name === 'string' ? { name: maskName(name) } : {}),
    ...(typeof phone === 'string' ? { phone: maskPhone(phone) } : {}),
    confidential: confidential ?? false,
  };
}
