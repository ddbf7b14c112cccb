import {
  type Directory,
  type EffectHandler,
  isGridflowError,
  type Member,
  type Notice,
  parseNotice,
  permanentFailure,
  resolveRecipients,
} from '@gridflow/engine';
import { z } from 'zod';
import type { WecomClient } from './wecom-client.js';
import { isWecomApiError } from './wecom-errors.js';
import { renderWecomMessage } from './wecom-messages.js';
import { parseWecomOptions } from './wecom-options.js';
import { type WecomAudience, wecomAudienceOf } from './wecom-privacy.js';
import type { WecomTemplates } from './wecom-templates.js';
import { undeliveredMember, type WecomUndelivered, WecomUndeliveredError } from './wecom-undelivered.js';

/**
 * Options of {@link wecomNotifier}.
 *
 * @example
 * ```ts
 * const options: WecomNotifierOptions = { client, directory, caseUrl: 'https://grid.example.gov.cn/cases/{caseId}' };
 * ```
 */
export interface WecomNotifierOptions {
  /** The app that sends (see `wecomClient`); its local limits apply. */
  client: Pick<WecomClient, 'sendMessage'>;
  /** Resolves `notice.to` and holds each member's WeCom user id in `externalIds.wecom`. */
  directory: Directory;
  /** A district's templates by topic; the others get the default rendering. */
  templates?: WecomTemplates;
  /** The link to a case: a URL with `{caseId}`, or a function. Without it messages carry no link. */
  caseUrl?: string | ((caseId: string) => string);
  /** The `externalIds` key holding the WeCom user id; default `wecom`. */
  externalIdSystem?: string;
  /** WeCom's duplicate-check window in seconds (at most 14,400, WeCom's maximum, the default). */
  duplicateCheckSeconds?: number;
}

const optionsSchema = z.object({
  client: z.custom<WecomNotifierOptions['client']>(
    (v) => typeof v === 'object' && v !== null && typeof (v as WecomClient).sendMessage === 'function',
    'must be a wecomClient',
  ),
  directory: z.custom<Directory>(
    (v) => typeof v === 'object' && v !== null && typeof (v as Directory).getMember === 'function',
    'must be a Directory',
  ),
  templates: z
    .record(
      z.string(),
      z.custom<unknown>((v) => typeof v === 'function', 'must be a function'),
    )
    .optional(),
  caseUrl: z
    .union([
      z.string().regex(/^https?:\/\/\S*\{caseId\}/, 'must be an http(s) URL with {caseId} in it'),
      z.custom<(caseId: string) => string>((v) => typeof v === 'function'),
    ])
    .optional(),
  externalIdSystem: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'must be a system name like "wecom"')
    .default('wecom'),
  duplicateCheckSeconds: z.number().int().min(1).max(14_400).default(14_400),
});

/** WeCom takes at most 1,000 users in one `touser`. */
const MAX_USERS = 1000;

type Addressed = { member: Member; wecomId: string };

const permanent = (error: unknown) => (isGridflowError(error) ? permanentFailure(error) : error);

/**
 * The `notify` effect handler for WeCom (register it as `effects[NOTIFY_EFFECT]`). For each delivery it checks
 * the payload (`parseNotice`), finds the members (`resolveRecipients`), renders one message per audience
 * (`renderWecomMessage`: the command centre and staff read personal data differently) and sends it with
 * `message/send` to up to 1,000 WeCom ids at a time, with WeCom's duplicate check on.
 *
 * Safe to retry: a card's `task_id` and the 消息编号 in every other message come from the delivery's
 * idempotency key, so a retry sends the very same body and WeCom does not show it twice. Failures follow the
 * engine's contract: an unknown recipient or a bad notice is permanent; a local or WeCom limit (30 a minute
 * and 1,000 an hour per member, the app's API rate, 45009) is a retry-after error, so nothing is silently
 * dropped; anything else is retried. Members without a WeCom id, and users WeCom reports in `invaliduser` (or
 * 81013), do not stop the others: once everyone else has the message, the delivery fails permanently with a
 * {@link WecomUndeliveredError} naming them and why.
 *
 * @example
 * ```ts
 * import { NOTIFY_EFFECT } from '@gridflow/engine';
 * import { WECOM_CARD_UPDATE_EFFECT, wecomCardUpdater, wecomClient, wecomNotifier } from '@gridflow/adapter-wecom';
 *
 * const client = wecomClient({ corpId, corpSecret, agentId });
 * const engine = createEngine({ storage, flows, directory, effects: {
 *   [NOTIFY_EFFECT]: wecomNotifier({ client, directory, caseUrl: 'https://grid.example.gov.cn/cases/{caseId}' }),
 *   [WECOM_CARD_UPDATE_EFFECT]: wecomCardUpdater({ client }),
 * } });
 * ```
 */
export function wecomNotifier(options: WecomNotifierOptions): EffectHandler {
  const o = parseWecomOptions(optionsSchema, options);
  const caseUrl =
    typeof o.caseUrl === 'string'
      ? (caseId: string) => (o.caseUrl as string).replaceAll('{caseId}', encodeURIComponent(caseId))
      : o.caseUrl;
  const templates = o.templates as WecomTemplates | undefined;

  const send = async (
    notice: Notice,
    idempotencyKey: string,
    audience: WecomAudience,
    part: string,
    to: Addressed[],
  ) => {
    let content: ReturnType<typeof renderWecomMessage>;
    try {
      content = renderWecomMessage(notice, { audience, idempotencyKey, part, caseUrl, templates });
    } catch (error) {
      throw permanentFailure(error); // a template or a case id WeCom cannot take: retrying changes nothing
    }
    const body = {
      touser: to.map((a) => a.wecomId).join('|'),
      ...content,
      enable_duplicate_check: 1 as const,
      duplicate_check_interval: o.duplicateCheckSeconds,
    };
    try {
      const reply = await o.client.sendMessage(body);
      const refused = (list: string | undefined, reason: string) => {
        const ids = new Set(
          (list ?? '')
            .split('|')
            .filter(Boolean)
            .map((id) => id.toLowerCase()),
        );
        return to
          .filter((a) => ids.has(a.wecomId.toLowerCase()))
          .map((a) => undeliveredMember(a.member, a.wecomId, reason));
      };
      return [
        ...refused(
          reply.invaliduser,
          "WeCom invaliduser: unknown to the corp or outside the app's visible range",
        ),
        ...refused(reply.unlicenseduser, 'WeCom unlicenseduser: the account has no licence'),
      ];
    } catch (error) {
      if (isWecomApiError(error) && error.errcode === 81013) {
        const reason =
          "WeCom 81013: no valid recipient (unknown to the corp or outside the app's visible range)";
        return to.map((a) => undeliveredMember(a.member, a.wecomId, reason));
      }
      throw error;
    }
  };

  return async (delivery) => {
    let notice: Notice;
    try {
      notice = parseNotice(delivery.payload);
    } catch (error) {
      throw permanent(error);
    }
    const resolved = await resolveRecipients(o.directory, notice.to);
    if (!resolved.ok) throw permanentFailure(new Error(`${resolved.reason}: ${resolved.message}`));

    const undelivered: WecomUndelivered[] = [];
    const byAudience: Record<WecomAudience, Addressed[]> = { staff: [], commandCentre: [] };
    for (const member of resolved.members) {
      const wecomId = member.externalIds?.[o.externalIdSystem];
      if (wecomId) byAudience[wecomAudienceOf(member)].push({ member, wecomId });
      else
        undelivered.push(undeliveredMember(member, null, `no WeCom id (externalIds.${o.externalIdSystem})`));
    }
    // Same order on every attempt: a retry must send the same bodies for the duplicate check to catch them.
    for (const audience of ['staff', 'commandCentre'] as const) {
      const list = byAudience[audience];
      for (let start = 0; start < list.length; start += MAX_USERS) {
        const part = `${audience === 'staff' ? 's' : 'c'}${start / MAX_USERS}`;
        undelivered.push(
          ...(await send(
            notice,
            delivery.idempotencyKey,
            audience,
            part,
            list.slice(start, start + MAX_USERS),
          )),
        );
      }
    }
    if (undelivered.length > 0) {
      throw new WecomUndeliveredError(notice, undelivered, resolved.members.length - undelivered.length);
    }
  };
}
