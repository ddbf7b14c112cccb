import { z } from 'zod';

/**
 * A title, a reason, a note: trimmed, never blank, at most 200 characters.
 *
 * @example
 * ```ts
 * z.object({ title: shortText }).parse({ title: ' 路灯不亮 ' }); // { title: '路灯不亮' }
 * ```
 */
export const shortText = z.string().trim().min(1).max(200);

/**
 * A description, a reply, a result: trimmed, never blank, at most 4,000 characters (the length 12345 platforms
 * and Open311 allow for a description).
 *
 * @example
 * ```ts
 * z.object({ result: longText }).parse({ result: '已更换灯泡，恢复照明' });
 * ```
 */
export const longText = z.string().trim().min(1).max(4_000);

/**
 * A reference to a unit, member or case by id: no surrounding spaces, never blank, at most 200 characters.
 *
 * @example
 * ```ts
 * z.object({ leadUnit: idRef }).parse({ leadUnit: 'dept-housing' });
 * ```
 */
export const idRef = z
  .string()
  .min(1)
  .max(200)
  .refine((id) => id.trim() === id, 'must not start or end with spaces');

/**
 * A photo or document link: `http` or `https` only (never `javascript:` or `data:`), at most 2,048 characters.
 *
 * @example
 * ```ts
 * photoUrl.parse('https://img.example/1.jpg');
 * ```
 */
export const photoUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2_048);

/**
 * Up to nine photo links, as WeChat and most 12345 apps allow per report.
 *
 * @example
 * ```ts
 * photoUrls.parse(['https://img.example/1.jpg', 'https://img.example/2.jpg']);
 * ```
 */
export const photoUrls = z.array(photoUrl).max(9);
