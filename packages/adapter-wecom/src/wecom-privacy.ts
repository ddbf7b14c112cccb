import {
  COMMAND_CENTRE_ROLES,
  type Member,
  maskPersonalText,
  maskPhone,
  type Notice,
  redactPersonalData,
} from '@gridflow/engine';

/**
 * Who reads a message, as far as personal data goes: the command centre (指挥中心: `dispatcher`,
 * `supervisor`) sees a caller's name and whether they asked for confidentiality; `staff` (everyone below)
 * sees names masked and a confidential caller (保密) not at all. Nobody gets a whole phone number on WeCom.
 *
 * @example
 * ```ts
 * const audience: WecomAudience = member.roles.includes('dispatcher') ? 'commandCentre' : 'staff';
 * ```
 */
export type WecomAudience = 'commandCentre' | 'staff';

/**
 * The {@link WecomAudience} of a member, by role.
 *
 * @example
 * ```ts
 * wecomAudienceOf({ id: 'd-ma', name: '马', roles: ['dispatcher'], orgUnit: 'district' }); // 'commandCentre'
 * ```
 */
export function wecomAudienceOf(member: Pick<Member, 'roles'>): WecomAudience {
  return member.roles.some((role) => COMMAND_CENTRE_ROLES.includes(role)) ? 'commandCentre' : 'staff';
}

const MAX_DEPTH = 32;

/** Phones masked everywhere; a caller keeps the name and the confidential flag (the command centre's view). */
function maskPhones(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return maskPersonalText(value);
  if (typeof value !== 'object' || value === null || value instanceof Date || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => maskPhones(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const caller = key === 'caller' && typeof item === 'object' && item !== null ? item : null;
    const phone = caller && (caller as { phone?: unknown }).phone;
    out[key] = maskPhones(item, depth + 1);
    if (typeof phone === 'string') (out[key] as Record<string, unknown>).phone = maskPhone(phone);
  }
  return out;
}

/**
 * A copy of `notice` fit to leave for WeCom, read by `audience`: phone and ID numbers masked in the text and
 * in every string of `data` (`138****5678`); a `caller` under `data` shown with a masked phone to the command
 * centre, and to staff with a masked name, or only as `{ confidential: true }` when the caller asked for
 * confidentiality. Built-in flows send notices masked already; this guards notices of any flow.
 *
 * @example
 * ```ts
 * protectNotice(notice, 'staff').data?.caller; // { confidential: true } for a 保密 caller
 * ```
 */
export function protectNotice(notice: Notice, audience: WecomAudience): Notice {
  const text = maskPersonalText(notice.text);
  if (!notice.data) return { ...notice, text };
  const data =
    audience === 'staff'
      ? redactPersonalData(notice.data, 'masked')
      : (maskPhones(notice.data, 0) as Record<string, unknown>);
  return { ...notice, text, data };
}

/**
 * One line about the caller for a message, from a notice already passed through {@link protectNotice}: name
 * and masked phone, `（保密）` after them for the command centre; null when there is no caller or the reader
 * may not see them.
 *
 * @example
 * ```ts
 * callerLine({ caller: { name: '王*', phone: '138****5678', confidential: false } }); // '王* 138****5678'
 * ```
 */
export function callerLine(data: Record<string, unknown> | undefined): string | null {
  const caller = data?.caller;
  if (typeof caller !== 'object' || caller === null) return null;
  const { name, phone, confidential } = caller as Record<string, unknown>;
  const parts = [name, phone].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  if (parts.length === 0) return null;
  return `${parts.join(' ')}${confidential === true ? '（保密）' : ''}`;
}
