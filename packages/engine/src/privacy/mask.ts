/**
 * A mainland China mobile number (11 digits from 13x to 19x) or a landline with its area code
 * (`010-12345678`, `0898 6612 3456`, an optional extension), optionally with `+86`/`86`/`0086` before a mobile.
 *
 * @example
 * ```ts
 * PHONE_PATTERN.test('13812345678'); // true
 * ```
 */
export const PHONE_PATTERN =
  /^(?:(?:\+|00)?86[- ]?)?1[3-9]\d{9}$|^0\d{2,3}[- ]?\d{3,4}[- ]?\d{4}(?:-\d{1,6})?$/;

// In free text: a mobile, a landline with area code, or an 18-digit resident ID (身份证号), not inside a longer
// run of digits (an order number is not a phone number).
const MOBILE_IN_TEXT = /(?<![\d])(?:(?:\+|00)?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?![\d])/g;
const LANDLINE_IN_TEXT = /(?<![\d])0\d{2,3}[- ]\d{3,4}[- ]?\d{4}(?![\d])/g;
const ID_CARD_IN_TEXT =
  /(?<![\dXx])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dXx])/g;

/**
 * Mask a phone number for display: the first three and last four digits stay, the rest become `*`
 * (`138****5678`, `010****5678`). Anything that is not a phone number is masked whole.
 *
 * @example
 * ```ts
 * maskPhone('13812345678'); // '138****5678'
 * ```
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '').replace(/^(?:0086|86)(?=1[3-9]\d{9}$)/, '');
  if (digits.length < 7) return '*'.repeat(Math.max(digits.length, 4));
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/**
 * Mask a personal name for display: the family name stays (`王*`, `欧阳**`; `Z*** S***` for Latin letters).
 *
 * @example
 * ```ts
 * maskName('王芳'); // '王*'
 * ```
 */
export function maskName(name: string): string {
  const trimmed = name.trim();
  if (/^[\p{Script=Han}·]+$/u.test(trimmed)) {
    const chars = [...trimmed];
    const keep = chars.length >= 4 ? 2 : 1;
    return chars.slice(0, keep).join('') + '*'.repeat(chars.length - keep);
  }
  return trimmed
    .split(/\s+/)
    .map((word) => (word ? `${[...word][0]}${'*'.repeat([...word].length - 1)}` : word))
    .join(' ');
}

/**
 * Mask the phone numbers and resident ID numbers a resident wrote into free text (a description, a reply).
 *
 * @example
 * ```ts
 * maskPersonalText('请联系 13812345678，身份证 110101199003071234'); // '请联系 138****5678，身份证 110101********1234'
 * ```
 */
export function maskPersonalText(text: string): string {
  return text
    .replace(ID_CARD_IN_TEXT, (id) => `${id.slice(0, 6)}********${id.slice(-4)}`)
    .replace(MOBILE_IN_TEXT, maskPhone)
    .replace(LANDLINE_IN_TEXT, maskPhone);
}
