import { type EffectHandler, permanentFailure, validationError } from '@gridflow/engine';
import { z } from 'zod';
import type { WecomClient } from './wecom-client.js';
import { parseWecomOptions } from './wecom-options.js';

/**
 * The effect type of a card update: `wecomCallback` enqueues one after each click (`engine.enqueueEffect`), and
 * {@link wecomCardUpdater} delivers it. Register the updater under this type.
 *
 * @example
 * ```ts
 * createEngine({ ...options, effects: { [WECOM_CARD_UPDATE_EFFECT]: wecomCardUpdater({ client }) } });
 * ```
 */
export const WECOM_CARD_UPDATE_EFFECT = 'wecom.updateCard';

/**
 * The payload of a card update: the click's `ResponseCode` (single use, 72 hours), the WeCom users whose card
 * changes, and what the button now reads (`已接单 · 王芳`, `已被他人接单`).
 *
 * @example
 * ```ts
 * const update: WecomCardUpdate = { responseCode: 'RC1', userIds: ['wangfang'], replaceName: '已接单 · 王芳' };
 * ```
 */
export interface WecomCardUpdate {
  /** The click's `ResponseCode`: single use, valid 72 hours. */
  responseCode: string;
  /** WeCom user ids whose card changes. */
  userIds: string[];
  /** What the button reads now (`已接单 · 王芳`). */
  replaceName: string;
}

/**
 * Schema of {@link WecomCardUpdate}.
 *
 * @example
 * ```ts
 * wecomCardUpdateSchema.parse(delivery.payload);
 * ```
 */
export const wecomCardUpdateSchema: z.ZodType<WecomCardUpdate> = z
  .object({
    responseCode: z.string().min(1).max(512),
    userIds: z.array(z.string().min(1).max(64)).min(1).max(1000),
    replaceName: z.string().min(1).max(50),
  })
  .strict();

/**
 * Options of {@link wecomCardUpdater}.
 *
 * @example
 * ```ts
 * const options: WecomCardUpdaterOptions = { client };
 * ```
 */
export interface WecomCardUpdaterOptions {
  /** The app that sent the cards (WeCom answers 42015 to any other). */
  client: Pick<WecomClient, 'updateTemplateCard'>;
}

const optionsSchema = z.object({
  client: z.custom<WecomCardUpdaterOptions['client']>(
    (v) => typeof v === 'object' && v !== null && typeof (v as WecomClient).updateTemplateCard === 'function',
    'must be a wecomClient',
  ),
});

/**
 * The effect handler that updates a clicked template card (`message/update_template_card`): the buttons of
 * the clicker's card are replaced by one grey button reading `replaceName`. Registered under
 * {@link WECOM_CARD_UPDATE_EFFECT}, so updates go through the outbox: retried when WeCom is busy or limited,
 * dead-lettered with the reason when WeCom refuses (a response code used or older than 72 hours, 42015/42016),
 * never lost with the process. A bad payload is a permanent failure naming `payload.<field>`.
 *
 * @example
 * ```ts
 * import { WECOM_CARD_UPDATE_EFFECT, wecomCardUpdater } from '@gridflow/adapter-wecom';
 * const effects = { [WECOM_CARD_UPDATE_EFFECT]: wecomCardUpdater({ client }) };
 * ```
 */
export function wecomCardUpdater(options: WecomCardUpdaterOptions): EffectHandler {
  const { client } = parseWecomOptions(optionsSchema, options);
  return async (delivery) => {
    const parsed = wecomCardUpdateSchema.safeParse(delivery.payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw permanentFailure(
        validationError(['payload', ...issue.path.map(String)].join('.'), issue.message),
      );
    }
    const { responseCode, userIds, replaceName } = parsed.data;
    await client.updateTemplateCard({
      userids: userIds,
      response_code: responseCode,
      button: { replace_name: replaceName },
    });
  };
}
