import type { HotlineProfile } from '../hotline-profile.js';
import { isRecord, readField } from '../hotline-record-fields.js';
import type { WriteBackVerb } from '../hotline-write-back-inputs.js';

/**
 * One write-back the fake platform accepted: the verb, the order, the idempotency key and the body as sent.
 *
 * @example
 * ```ts
 * const steps = platform.callsFor('GD1').map((call: FakeWriteBack) => call.verb); // ['signFor', 'reply']
 * ```
 */
export interface FakeWriteBack {
  /** The write-back verb, or `ack` for a to-do acknowledgement. */
  verb: WriteBackVerb | 'ack';
  /** The order. */
  orderNo: string;
  /** The idempotency key sent. */
  idempotencyKey: string;
  /** The request body. */
  body: Record<string, unknown>;
  /** When it was received. */
  at: Date;
}

/** A business answer: the envelope's code and message, and its data. */
export interface FakeAnswer {
  code: string | number;
  message: string;
  data?: unknown;
}

type OrderState = 'dispatched' | 'signed' | 'replied' | 'returned' | 'closed';

/**
 * Business codes of the fake platform (as real ones do, it answers HTTP 200 with a code): 2001 no such order,
 * 2002 not signed for (未签收), 2003 the order's state does not allow this verb. Signature failures answer 401
 * with 1001 bad signature, 1002 stale timestamp, 1003 replayed nonce, 1004 missing header; 1005 is a missing
 * idempotency key, 1006 a key reused for another body, 1007 a body that is not a JSON object.
 *
 * @example
 * ```ts
 * expect(error.code).toBe(String(FAKE_CODES.notSignedFor));
 * ```
 */
export const FAKE_CODES = { noSuchOrder: 2001, notSignedFor: 2002, stateForbids: 2003 } as const;

/** The fake platform's orders and the rules real platforms apply to write-backs. */
export function fakePlatformState(profile: HotlineProfile, now: () => Date) {
  const orders = new Map<string, { seq: number; record: unknown; state: OrderState; acked: boolean }>();
  const accepted: FakeWriteBack[] = [];
  let sequence = 0;
  const ok = (data?: unknown): FakeAnswer => ({ code: profile.envelope.success, message: 'ok', data });

  function know(record: unknown): string | null {
    if (!isRecord(record)) return null;
    const orderNo = readField(record, profile.fields.orderNo);
    if (typeof orderNo !== 'string' || orderNo === '') return null;
    if (!orders.has(orderNo))
      orders.set(orderNo, { seq: ++sequence, record, state: 'dispatched', acked: false });
    return orderNo;
  }

  function pending() {
    return [...orders.values()].filter((order) => !order.acked).sort((a, b) => a.seq - b.seq);
  }

  return {
    know,
    isKnown: (orderNo: string) => orders.has(orderNo),
    acked: () => [...orders.entries()].filter(([, order]) => order.acked).map(([orderNo]) => orderNo),
    calls: () => accepted as readonly FakeWriteBack[],

    /** 待办: orders not yet acknowledged, after `cursor` (a sequence number) or on page `page` (from 1). */
    todo(query: { cursor: string | null; page: number | null; pageSize: number }): FakeAnswer {
      const open = pending();
      const names = profile.api.todoFields;
      if (query.page !== null) {
        const slice = open.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
        return ok({
          [names.records]: slice.map((o) => o.record),
          [names.nextCursor]: null,
          [names.total]: open.length,
        });
      }
      const after = Number(query.cursor ?? 0);
      const rest = open.filter((order) => order.seq > after);
      const page = rest.slice(0, query.pageSize);
      const next = rest.length > page.length ? String(page.at(-1)!.seq) : null;
      return ok({
        [names.records]: page.map((o) => o.record),
        [names.nextCursor]: next,
        [names.total]: open.length,
      });
    },

    apply(verb: WriteBackVerb | 'ack', body: Record<string, unknown>, idempotencyKey: string): FakeAnswer {
      const orderNo = typeof body.orderNo === 'string' ? body.orderNo : '';
      const order = orders.get(orderNo);
      if (!order) return { code: FAKE_CODES.noSuchOrder, message: `工单不存在: ${orderNo}` };
      const refusal = refuse(verb, order.state);
      if (refusal) return refusal;
      if (verb === 'ack') order.acked = true;
      if (verb === 'signFor') order.state = 'signed';
      if (verb === 'reply') order.state = 'replied';
      if (verb === 'returnOrder') order.state = 'returned';
      if (verb === 'close') order.state = 'closed';
      accepted.push({ verb, orderNo, idempotencyKey, body, at: now() });
      return ok({ accepted: true, receiptId: `R${accepted.length}` });
    },
  };
}

function refuse(verb: WriteBackVerb | 'ack', state: OrderState): FakeAnswer | null {
  const forbid = (why: string) => ({ code: FAKE_CODES.stateForbids, message: `工单状态不允许${why}` });
  switch (verb) {
    case 'ack':
      return null;
    case 'signFor':
      return state === 'dispatched' ? null : forbid('签收');
    case 'returnOrder':
      return state === 'dispatched' || state === 'signed' ? null : forbid('退单');
    case 'close':
      return state === 'replied' ? null : forbid('办结');
    default:
      if (state === 'dispatched') return { code: FAKE_CODES.notSignedFor, message: '工单未签收' };
      return state === 'signed' ? null : forbid(verb === 'reply' ? '回复' : '此操作');
  }
}
