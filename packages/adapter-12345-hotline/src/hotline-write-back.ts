import {
  type EffectDelivery,
  isGridflowError,
  permanentFailure,
  retryAfter,
  validationError,
} from '@gridflow/engine';
import { type PlatformWriteBack, platformWriteBackSchema } from '@gridflow/engine/flows';
import { z } from 'zod';
import type { HotlineClient } from './hotline-client.js';
import { HotlineApiError } from './hotline-errors.js';
import { parseOptions } from './hotline-options.js';
import { isRecord } from './hotline-record-fields.js';
import type { HotlineUnitTable } from './hotline-units.js';

/**
 * Options of {@link hotlineWriteBack}. The client carries the profile (paths, envelope, error codes, signature).
 *
 * @example
 * ```ts
 * const options: HotlineWriteBackOptions = { client, units, platform: 'hotline', defaultUnitCode: 'QJ01' };
 * ```
 */
export interface HotlineWriteBackOptions {
  /** The platform client the write-backs are made with. */
  client: Pick<HotlineClient, 'signFor' | 'returnOrder' | 'requestExtension' | 'reply' | 'close'>;
  /** To name the acting unit by its platform code; without a code the unit id is sent. */
  units?: HotlineUnitTable;
  /** The `origin.platform` this handler writes back to: the `source` of its `hotlineIntake`. Default `hotline`. */
  platform?: string;
  /** The platform code sent when neither the acting unit nor the lead unit has one (the district's own). */
  defaultUnitCode?: string;
}

const optionsSchema = z.object({
  client: z.custom<HotlineWriteBackOptions['client']>(
    (v) => isRecord(v) && typeof v.signFor === 'function' && typeof v.close === 'function',
    'must be a hotlineClient()',
  ),
  units: z
    .custom<HotlineUnitTable>((v) => typeof (v as HotlineUnitTable)?.codeOf === 'function', {
      message: 'must be a hotlineUnitTable()',
    })
    .optional(),
  platform: z.string().min(1),
  defaultUnitCode: z.string().min(1).optional(),
});

/**
 * The effect handler of the work order's `platformWriteBack` effect for a 12345 platform: 签收 → `signFor`,
 * 退单 → `returnOrder`, 延期申请 → `requestExtension` (with the deadline asked for), 回复 → `reply` (solved or
 * not, the handling result as its text), 办结 → `close`. Every call is signed and carries the delivery's
 * idempotency key, so a retried delivery is applied once by the platform.
 *
 * Failures: the platform's 429 and rate-limit codes wait as its `Retry-After` says (the engine's `retryAfter`,
 * not counted as attempts); 5xx, timeouts and the profile's retryable codes (among them 2002 "not signed for
 * yet") are retried with backoff; everything else, and a payload that is not a write-back, is a permanent
 * failure and dead-lettered at once. The engine delivers one case's write-backs one after another, so a 回复 is
 * only sent once its 签收 was delivered; a dead 签收 holds the 回复 back until someone retries or discards it.
 *
 * @example
 * ```ts
 * const client = hotlineClient({ baseUrl, appId: 'district-7', secret, profile });
 * const engine = createEngine({ ...options, effects: {
 *   [PLATFORM_WRITE_BACK_EFFECT]: hotlineWriteBack({ client, units, defaultUnitCode: 'QJ01' }),
 * } });
 * ```
 */
export function hotlineWriteBack(
  options: HotlineWriteBackOptions,
): (delivery: EffectDelivery) => Promise<void> {
  const parsed = parseOptions(
    optionsSchema,
    { ...options, platform: options.platform ?? 'hotline' },
    'hotlineWriteBack',
  );
  const { client, units, platform, defaultUnitCode } = parsed;
  const codeOf = (payload: PlatformWriteBack) =>
    units?.codeOf(payload.unit) ??
    (payload.leadUnit ? units?.codeOf(payload.leadUnit) : null) ??
    defaultUnitCode ??
    payload.unit;

  function send(payload: PlatformWriteBack, idempotencyKey: string): Promise<unknown> {
    const common = {
      orderNo: payload.origin.orderNo,
      idempotencyKey,
      time: new Date(payload.at),
      handler: payload.by,
      unit: codeOf(payload),
    };
    switch (payload.step) {
      case 'signFor':
        return client.signFor({ ...common, ...(payload.data.note ? { note: payload.data.note } : {}) });
      case 'return':
        return client.returnOrder({ ...common, reason: payload.data.reason });
      case 'requestExtension':
        return client.requestExtension({
          ...common,
          reason: payload.data.reason,
          newDeadline: new Date(payload.data.newDeadline),
        });
      case 'reply':
        return client.reply({
          ...common,
          result: payload.data.solved ? 'solved' : 'unsolved',
          text: payload.data.result,
        });
      case 'close':
        return client.close({
          ...common,
          reason: payload.data.reason,
          ...(payload.data.note ? { note: payload.data.note } : {}),
        });
    }
  }

  return async (delivery) => {
    const checked = platformWriteBackSchema.safeParse(delivery.payload);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      const field = ['payload', ...issue.path.map(String)].join('.');
      throw permanentFailure(validationError(field, `not a platform write-back: ${issue.message}`));
    }
    const payload = checked.data;
    if (payload.origin.platform !== platform) {
      throw permanentFailure(
        validationError('payload.origin.platform', `${payload.origin.platform} is not ${platform}`),
      );
    }
    try {
      await send(payload, delivery.idempotencyKey);
    } catch (error) {
      if (error instanceof HotlineApiError && error.retryAfterMs !== undefined) {
        throw retryAfter(error, error.retryAfterMs);
      }
      // The client refuses input the platform would refuse too (an empty reason): retrying cannot fix it.
      if (isGridflowError(error, 'VALIDATION_FAILED')) throw permanentFailure(error);
      throw error;
    }
  };
}
