import {
  hotlineClient,
  hotlineIntake,
  hotlineUnitTable,
  hotlineWebhook,
  hotlineWriteBack,
  type Open311ServiceBinding,
  open311Handler,
} from '@gridflow/adapter-12345-hotline';
import {
  WECOM_CARD_UPDATE_EFFECT,
  type WecomCallbackHandler,
  type WecomLogin,
  wecomCallback,
  wecomCardUpdater,
  wecomClient,
  wecomLogin,
  wecomNotifier,
} from '@gridflow/adapter-wecom';
import {
  type Clock,
  createEngine,
  type EffectHandler,
  type Engine,
  memoryDirectory,
  pointsEffects,
  type Storage,
} from '@gridflow/engine';
import {
  builtInFacts,
  gridReportFlow,
  microWishFlow,
  PLATFORM_WRITE_BACK_EFFECT,
  threeOrdersFlow,
  workOrderFlowV1,
  workOrderFlowV2,
} from '@gridflow/engine/flows';
import { pointsLedgerFor } from '../demo-engine.js';
import { buildDistrict, type District } from '../district.js';
import { type EffectFailures, effectFailures } from './effect-failures.js';
import { type NoticeInbox, noticeInbox } from './notice-inbox.js';
import type { ServerConfig } from './server-config.js';
import { unmountedEffects } from './unmounted-effects.js';

/**
 * The engine and every adapter the district server mounts.
 *
 * @example
 * ```ts
 * const setup = districtSetup({ storage, clock: systemClock, config });
 * await setup.engine.start();
 * ```
 */
export interface DistrictSetup {
  engine: Engine;
  district: District;
  /** WeCom sign-in and the callback that turns card clicks into events; null when WeCom is not configured. */
  wecom: { login: WecomLogin; callback: WecomCallbackHandler } | null;
  /** The 12345 platform's signed push webhook. */
  hotlineWebhook: (request: Request) => Promise<Response>;
  /** Open311 GeoReport v2, under `/open311/v2`. */
  open311: (request: Request) => Promise<Response>;
  /** Effect failures by adapter and error code, for the operations view. */
  failures: EffectFailures;
  /** The in-app inbox (通知) that takes `notify` when WeCom is not configured; null when WeCom delivers. */
  inbox: NoticeInbox | null;
}

const OPEN311_SERVICES: Open311ServiceBinding[] = [
  {
    code: 'streetlight',
    name: '路灯报修',
    description: '路灯不亮、损坏',
    type: 'realtime',
    keywords: ['路灯'],
    group: '市政',
    category: 'utilities',
    requestType: 'help',
  },
  {
    code: 'noise',
    name: '噪音扰民',
    description: '施工或生活噪音',
    type: 'realtime',
    keywords: ['噪音'],
    group: '环境',
    category: 'environment',
    requestType: 'complaint',
  },
];

/**
 * Build the district's engine on `storage` with every built-in flow and the adapters: WeCom notifications,
 * card updates, callback and sign-in (when configured), the 12345 hotline intake and webhook, and Open311.
 * Members get their WeCom user id (`externalIds.wecom`) equal to their directory id.
 *
 * @example
 * ```ts
 * const { engine, wecom, hotlineWebhook } = districtSetup({ storage, clock: systemClock, config });
 * ```
 */
export function districtSetup(options: {
  storage: Storage;
  clock: Clock;
  config: ServerConfig;
}): DistrictSetup {
  const { storage, clock, config } = options;
  const district = buildDistrict();
  const directory = memoryDirectory({
    units: district.config.units,
    members: district.config.members.map((m) => ({ ...m, externalIds: { wecom: m.id } })),
  });
  const hotlineSeat = { id: 'hotline-seat', roles: ['dispatcher', 'supervisor'], orgUnit: 'district' };
  // The demo district's platform codes are its unit ids.
  const units = hotlineUnitTable(Object.fromEntries(district.config.units.map((u) => [u.id, u.id])));
  const hotline = hotlineIntake({
    units,
    actor: hotlineSeat,
    defaultOrgUnit: 'district',
  });
  const client = config.wecom
    ? wecomClient({
        corpId: config.wecom.corpId,
        corpSecret: config.wecom.corpSecret,
        agentId: config.wecom.agentId,
        clock,
        ...(config.wecom.baseUrl ? { baseUrl: config.wecom.baseUrl } : {}),
      })
    : null;
  const inbox = client ? null : noticeInbox({ directory, clock });
  const effects: Record<string, EffectHandler> = {
    notify: client
      ? wecomNotifier({ client, directory, caseUrl: `${config.publicUrl}/cases/{caseId}` })
      : inbox!.deliver,
    ...(client ? { [WECOM_CARD_UPDATE_EFFECT]: wecomCardUpdater({ client }) } : {}),
    ...(config.hotline.baseUrl
      ? {
          [PLATFORM_WRITE_BACK_EFFECT]: hotlineWriteBack({
            client: hotlineClient({
              baseUrl: config.hotline.baseUrl,
              appId: config.hotline.appId,
              secret: config.hotline.secret,
            }),
            units,
            platform: hotline.source,
            defaultUnitCode: 'district',
          }),
        }
      : {}),
    // 微心愿 points go to the ledger next to the cases (the same Postgres schema and tenant).
    ...pointsEffects(pointsLedgerFor(storage, clock)),
    // Everything else waits in the dead letters with its reason, to be retried once its adapter is set up.
    '*': unmountedEffects({
      [PLATFORM_WRITE_BACK_EFFECT]: '未配置 12345 平台回写 (HOTLINE_API_BASE)',
      [WECOM_CARD_UPDATE_EFFECT]: '未配置企业微信 (WECOM_*)',
    }),
  };
  const failures = effectFailures({ notify: client ? 'wecom' : 'inbox' });
  const engine = createEngine({
    storage,
    flows: [workOrderFlowV1, workOrderFlowV2, gridReportFlow, threeOrdersFlow, microWishFlow],
    directory,
    clock,
    effects,
    metrics: { facts: builtInFacts },
    intakes: hotline.intakes,
    ownsAdapters: false,
  });
  failures.watch(engine);
  const wecom =
    client && config.wecom
      ? {
          login: wecomLogin({ client, redirectUri: `${config.publicUrl}/auth/wecom/callback` }),
          callback: wecomCallback({
            token: config.wecom.token,
            encodingAESKey: config.wecom.encodingAESKey,
            corpId: config.wecom.corpId,
            engine,
            directory,
          }),
        }
      : null;
  return {
    engine,
    district,
    wecom,
    failures,
    inbox,
    hotlineWebhook: hotlineWebhook({
      engine,
      appId: config.hotline.appId,
      secret: config.hotline.secret,
      source: hotline.source,
      clock,
    }),
    open311: open311Handler({
      engine,
      services: OPEN311_SERVICES,
      apiKeys: { [config.open311ApiKey]: hotlineSeat },
      orgUnit: 'district',
      basePath: '/open311/v2',
    }),
  };
}
