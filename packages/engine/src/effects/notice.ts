import { z } from 'zod';
import { validationError } from '../errors.js';
import type { Role } from '../types.js';

/**
 * The effect type under which flows declare notices: a notifier registers its handler as `effects.notify`.
 *
 * @example
 * ```ts
 * createEngine({ ...options, effects: { [NOTIFY_EFFECT]: wecomNotifier(wecomOptions) } });
 * ```
 */
export const NOTIFY_EFFECT = 'notify';

/**
 * An event the recipient may answer a notice with, shown as a button (e.g. WeCom's template card); only events
 * whose payload is empty or all optional are offered, so the button can send `{ type: event }` as it is.
 *
 * @example
 * ```ts
 * const take: NoticeAction = { event: 'takeOrder', label: '接单' };
 * ```
 */
export interface NoticeAction {
  /** The event type the button sends, as the recipient. */
  event: string;
  /** The button's text. */
  label: string;
}

/**
 * Who a notice goes to. Resolve it with `resolveRecipients`:
 * - `{ member }`: that member.
 * - `{ unit, role }`: the members holding `role` at `unit`; if none, at its nearest ancestor that has some.
 * - `{ unit, anyRole }`: the members holding any of the roles at the nearest unit of the chain that has one.
 *   For "whoever handles this unit" when the flow cannot know the unit's tier: a department's handlers, a
 *   community's staff and a street's staff are different roles, and telling all three would reach the wrong
 *   people further up the tree.
 *
 * @example
 * ```ts
 * const partyOrg: NoticeRecipient = { unit: 'comm-1', role: 'partyOrg' };
 * const handlers: NoticeRecipient = { unit: 'dept-housing', anyRole: ['departmentHandler', 'communityStaff'] };
 * const member: NoticeRecipient = { member: 'u-li' };
 * ```
 */
export type NoticeRecipient =
  | { member: string }
  | { unit: string; role: Role }
  | { unit: string; anyRole: readonly Role[] };

/**
 * What a built-in flow asks a notifier to tell someone (the payload of every `notify` effect): the case, who,
 * a stable topic to pick a template by (`workOrder.dispatched`; see `BUILT_IN_TOPICS`), a plain-text fallback,
 * facts for the template, and the events the recipient may answer with.
 *
 * @example
 * ```ts
 * const notice: Notice = { caseId: 'c-1', flowId: 'three-orders', to: { member: 'm-li' },
 *   topic: 'threeOrders.issued', text: '三单制 楼道灯坏了: 党组织已下单, 请接单',
 *   actions: [{ event: 'takeOrder', label: '接单' }] };
 * ```
 */
export interface Notice {
  /** The case the notice is about. */
  caseId: string;
  /** Flow of the case (`work-order`, `grid-report` ...). */
  flowId: string;
  /** Who receives it: a member, or a role at a unit resolved up the tree. */
  to: NoticeRecipient;
  /** Template key: `<flow>.<what happened>`, camelCase words joined by dots. */
  topic: string;
  /** The whole message as plain text, for channels without templates (SMS). */
  text: string;
  /** Facts for templates (state, deadline, unit names); no personal data unless masked. */
  data?: Record<string, unknown>;
  /** Events the recipient may answer with (buttons such as 接单). */
  actions?: readonly NoticeAction[];
}

const name = z.string().trim().min(1);

/**
 * Schema of {@link Notice}, strict: an unknown field is an error, so a typo in a flow never passes silently.
 *
 * @example
 * ```ts
 * noticeSchema.safeParse(delivery.payload).success;
 * ```
 */
export const noticeSchema: z.ZodType<Notice> = z
  .object({
    caseId: name,
    flowId: name,
    to: z.union(
      [
        z.object({ member: name }).strict(),
        z.object({ unit: name, role: name }).strict(),
        z.object({ unit: name, anyRole: z.array(name).min(1) }).strict(),
      ],
      { error: 'must be { member }, { unit, role } or { unit, anyRole }' },
    ),
    topic: z
      .string()
      .regex(/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/, 'must look like "workOrder.dispatched"'),
    text: name,
    data: z.record(z.string(), z.unknown()).optional(),
    actions: z
      .array(z.object({ event: name, label: name }).strict())
      .refine((actions) => new Set(actions.map((a) => a.event)).size === actions.length, {
        message: 'must not offer the same event twice',
      })
      .optional(),
  })
  .strict();

/**
 * Check a value is a {@link Notice} (a notifier's first step with an outbox payload). Throws `VALIDATION_FAILED`
 * naming the field, such as `notice.to` or `notice.actions[0].label`.
 *
 * @example
 * ```ts
 * const notify: EffectHandler = async ({ payload }) => {
 *   const notice = parseNotice(payload);
 *   await send(notice);
 * };
 * ```
 */
export function parseNotice(value: unknown): Notice {
  const parsed = noticeSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`),
    'notice',
  );
  throw validationError(field, issue.message, parsed.error);
}
