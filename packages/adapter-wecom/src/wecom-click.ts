import {
  type Directory,
  type Engine,
  type GridflowError,
  isGridflowError,
  type Member,
} from '@gridflow/engine';
import { parseWecomButtonKey, type WecomButtonAction, wecomClickKey } from './wecom-card-key.js';
import { WECOM_CARD_UPDATE_EFFECT, type WecomCardUpdate } from './wecom-card-updater.js';
import { WecomCallbackError } from './wecom-callback-error.js';
import { type WecomXmlElement, wecomXmlText } from './wecom-xml.js';

/**
 * The part of the engine a WeCom callback uses: send the click's event, record the card update in the
 * outbox, read a case's journal to say who acted first, and report rejected callbacks on `events`.
 *
 * @example
 * ```ts
 * const engine: WecomCallbackEngine = createEngine(options);
 * ```
 */
export type WecomCallbackEngine = Pick<Engine, 'send' | 'enqueueEffect' | 'history' | 'events'>;

/** What handling a click needs. */
export interface ClickContext {
  engine: WecomCallbackEngine;
  directory: Pick<Directory, 'findMemberByExternalId'>;
  externalIdSystem: string;
}

/** The engine said no: the click is answered on the card, not retried. */
const REFUSALS = new Set([
  'FORBIDDEN',
  'EVENT_NOT_ACCEPTED',
  'CASE_NOT_FOUND',
  'VALIDATION_FAILED',
  'IDEMPOTENCY_KEY_REUSED',
  'FLOW_NOT_FOUND',
]);

const required = (message: WecomXmlElement, name: string): string => {
  const value = wecomXmlText(message, name);
  if (!value) throw new WecomCallbackError('BAD_REQUEST', `template_card_event without ${name}`);
  return value;
};

/**
 * What the button reads after a refusal. If the event is in the case's journal, someone acted first: the
 * clicker themselves (on another card, or in the web app) or someone else (已被他人接单). Otherwise the refusal
 * itself. Never who the other person was.
 */
async function refusalText(
  ctx: ClickContext,
  action: WecomButtonAction,
  member: Member,
  error: GridflowError,
): Promise<string> {
  try {
    const done = (await ctx.engine.history(action.caseId)).filter((e) => e.type === action.event).at(-1);
    if (done)
      return done.actor.id === member.id ? `已${action.label} · ${member.name}` : `已被他人${action.label}`;
  } catch {
    // No journal to read (the case is gone): answer from the refusal alone.
  }
  if (error.code === 'FORBIDDEN' || error.code === 'CASE_NOT_FOUND') return `无权${action.label}`;
  if (error.code === 'EVENT_NOT_ACCEPTED') return `无法${action.label}，请在系统中查看`;
  return `未能${action.label}，请在系统中办理`;
}

/**
 * Handle a decrypted `template_card_event`: the button's key names the case and the event, the clicker
 * (`FromUserName`) becomes the actor through the directory, `engine.send` runs with a key from `TaskId`,
 * `ResponseCode` and the user (WeCom's retries and a second process act once), and the card update is
 * enqueued through the outbox under a key of its own. Engine refusals are answered on the card; anything else
 * the engine throws goes up (a 500, and WeCom tries again). A key not made by gridflow is left alone.
 */
export async function handleCardClick(ctx: ClickContext, message: WecomXmlElement): Promise<void> {
  const userId = required(message, 'FromUserName');
  const action = parseWecomButtonKey(required(message, 'EventKey'));
  const taskId = required(message, 'TaskId');
  const responseCode = required(message, 'ResponseCode');
  if (!action) return;
  const key = wecomClickKey(taskId, responseCode, userId);
  const update = (replaceName: string) => {
    const payload: WecomCardUpdate = { responseCode, userIds: [userId], replaceName };
    return ctx.engine.enqueueEffect({
      type: WECOM_CARD_UPDATE_EFFECT,
      caseId: action.caseId,
      payload,
      idempotencyKey: `${key}:card`,
    });
  };

  const member = await ctx.directory.findMemberByExternalId(ctx.externalIdSystem, userId);
  if (!member) {
    await update('账号未登记，无法操作');
    throw new WecomCallbackError('UNKNOWN_MEMBER', `no member with ${ctx.externalIdSystem} id ${userId}`);
  }
  let replaceName: string;
  try {
    await ctx.engine.send({
      caseId: action.caseId,
      actor: { id: member.id, roles: member.roles, orgUnit: member.orgUnit },
      event: { type: action.event },
      idempotencyKey: key,
    });
    replaceName = `已${action.label} · ${member.name}`;
  } catch (error) {
    if (!isGridflowError(error) || !REFUSALS.has(error.code)) throw error;
    replaceName = await refusalText(ctx, action, member, error);
  }
  await update(replaceName);
}
