import type { Rating, WorkOrderEventType } from '@gridflow/engine/flows';
import { z } from 'zod';
import type { HotlineProfile } from './hotline-profile.js';
import {
  type HotlineMappingReason,
  isRecord,
  reasonFromIssue,
  renameFields,
} from './hotline-record-fields.js';
import { type HotlineDeadline, parseBeijingDateTime, parseHotlineDeadline } from './hotline-time.js';

/**
 * What the platform did to an order it already sent: 催办 `urge`, 督办 `supervise`, 撤单 `withdraw`, 延期审批
 * `extensionApproved`/`extensionDenied`, 退单审核 `returnUpheld`/`returnRejected`, 回访 `followUpRating`.
 *
 * @example
 * ```ts
 * const type: HotlineActionType = 'returnRejected';
 * ```
 */
export type HotlineActionType = HotlineProfile['actionTypes'][string];

/**
 * A platform action, normalized, with the `work-order` event it becomes. `idempotencyKey` is built from the
 * platform's action id, so a re-pushed action is applied once.
 *
 * @example
 * ```ts
 * const result = mapHotlineAction(body, profile);
 * if (result.ok) await engine.send({ caseId, actor, event: result.action.event, idempotencyKey: result.action.idempotencyKey });
 * ```
 */
export interface HotlineAction {
  /** The platform's id of the action; the intake applies each once. */
  actionId: string;
  /** The order the action is about. */
  orderNo: string;
  /** What the platform did (回访, 延期通过, 督办 ...). */
  type: HotlineActionType;
  /** When the platform did it. */
  at: Date;
  /** The platform's note, or null. */
  note: string | null;
  /** 回访: the rating, or `null` when the caller was not reached (or the action is not a follow-up). */
  rating: Rating | null;
  /** 延期通过: the new deadline the platform granted, when it says. */
  newDeadline: HotlineDeadline | null;
  /** `hotline-action:<actionId>`: one event per action, however often it is pushed. */
  idempotencyKey: string;
  /** The work-order event the action becomes. */
  event: { type: WorkOrderEventType; [field: string]: unknown };
}

/**
 * The action mapping's answer.
 *
 * @example
 * ```ts
 * const result: HotlineActionResult = mapHotlineAction(body, profile);
 * ```
 */
export type HotlineActionResult =
  | { ok: true; action: HotlineAction }
  | { ok: false; reason: HotlineMappingReason };

const blank = (v: unknown) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);
const id = z.preprocess(
  (v) => (Number.isSafeInteger(v) ? String(v) : blank(v)),
  z.string().regex(/^[0-9A-Za-z_.\-/]{1,64}$/, 'must be 1-64 letters, digits or -_./'),
);
const inTable = (table: Record<string, string>, what: string) =>
  z.preprocess(
    blank,
    z.string().refine((v) => Object.hasOwn(table, v), {
      message: `is not a known ${what}`,
      params: { reason: 'BAD_VALUE' },
    }),
  );
const when = (parse: (text: string) => unknown, form: string) =>
  z.preprocess(
    blank,
    z.string().refine((v) => parse(v.trim()) !== null, {
      message: `must be ${form}`,
      params: { reason: 'BAD_DATE' },
    }),
  );

const actionSchemas = new WeakMap<HotlineProfile, ReturnType<typeof buildActionSchema>>();

/** Built once per profile: building costs several times parsing with it. */
function actionSchema(profile: HotlineProfile) {
  let schema = actionSchemas.get(profile);
  if (!schema) {
    schema = buildActionSchema(profile);
    actionSchemas.set(profile, schema);
  }
  return schema;
}

function buildActionSchema(profile: HotlineProfile) {
  return z.object({
    actionId: id,
    orderNo: id,
    type: inTable(profile.actionTypes, 'action type'),
    at: when(parseBeijingDateTime, 'yyyy-MM-dd HH:mm:ss'),
    note: z.preprocess(blank, z.string().trim().max(2000)).optional(),
    rating: inTable(profile.ratings, 'rating').optional(),
    newDeadline: when(parseHotlineDeadline, 'yyyy-MM-dd or yyyy-MM-dd HH:mm:ss').optional(),
  });
}

/**
 * Map a raw platform action record, purely; never throws. A follow-up (回访) without a rating is refused with
 * `MISSING_FIELD` on the rating field.
 *
 * @example
 * ```ts
 * mapHotlineAction({ actionId: 'A9', orderNo: 'GD1', actionType: '催办', actionTime: '2026-03-03 10:00:00' }, profile);
 * // { ok: true, action: { type: 'urge', event: { type: 'urge', note: '12345平台催办' }, … } }
 * ```
 */
export function mapHotlineAction(raw: unknown, profile: HotlineProfile): HotlineActionResult {
  if (!isRecord(raw)) {
    return {
      ok: false,
      reason: { code: 'BAD_TYPE', field: '$', property: null, message: 'the record must be a JSON object' },
    };
  }
  const renamed = renameFields(raw, profile.actionFields);
  const parsed = actionSchema(profile).safeParse(renamed);
  if (!parsed.success) {
    return { ok: false, reason: reasonFromIssue(parsed.error.issues[0]!, renamed, profile.actionFields) };
  }
  const record = parsed.data;
  const type = profile.actionTypes[record.type]!;
  const rated = record.rating === undefined ? undefined : profile.ratings[record.rating]!;
  if (type === 'followUpRating' && rated === undefined) {
    const field = profile.actionFields.rating;
    return {
      ok: false,
      reason: {
        code: 'MISSING_FIELD',
        field,
        property: 'rating',
        message: `${field} is required for a follow-up`,
      },
    };
  }
  const rating = rated === undefined || rated === 'notReached' ? null : rated;
  const note = record.note ?? null;
  return {
    ok: true,
    action: {
      actionId: record.actionId,
      orderNo: record.orderNo,
      type,
      at: parseBeijingDateTime(record.at.trim())!,
      note,
      rating,
      newDeadline: record.newDeadline ? parseHotlineDeadline(record.newDeadline.trim()) : null,
      idempotencyKey: `hotline-action:${record.actionId}`,
      event: eventOf(type, note, rating),
    },
  };
}

function eventOf(
  type: HotlineActionType,
  note: string | null,
  rating: Rating | null,
): HotlineAction['event'] {
  switch (type) {
    case 'urge':
      return { type: 'urge', note: note ?? '12345平台催办' };
    case 'supervise':
      return { type: 'supervise', note: note ?? '12345平台督办' };
    case 'withdraw':
      return note ? { type: 'withdraw', reason: note } : { type: 'withdraw' };
    case 'extensionApproved':
      // The new deadline is not sent as `extra`: turning it into working time needs the engine's calendar.
      return note ? { type: 'approveExtension', note } : { type: 'approveExtension' };
    case 'extensionDenied':
      return { type: 'rejectExtension', reason: note ?? '12345平台未批准延期' };
    case 'returnUpheld':
      return { type: 'reviewReturn', upheld: true, note: note ?? '12345平台同意退单' };
    case 'returnRejected':
      return { type: 'reviewReturn', upheld: false, note: note ?? '12345平台驳回退单' };
    case 'followUpRating':
      return rating ? { type: 'followUp', reached: true, rating } : { type: 'followUp', reached: false };
  }
}
