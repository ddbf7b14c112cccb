import { type EffectDelivery, permanentFailure } from '@gridflow/engine';

/**
 * Why an effect was dead-lettered by this server: no adapter for its type is mounted (WeCom or the 12345
 * platform not configured, no points ledger). The name is the code the operations page shows.
 *
 * @example
 * ```ts
 * new EffectNotMountedError('platformWriteBack', '未配置 12345 平台 (HOTLINE_API_BASE)').name; // 'EFFECT_NOT_MOUNTED'
 * ```
 */
export class EffectNotMountedError extends Error {
  override readonly name = 'EFFECT_NOT_MOUNTED';
  constructor(
    readonly effectType: string,
    readonly reason: string,
  ) {
    super(`${effectType}: no adapter mounted (${reason}); retry from 运维 once it is configured`);
  }
}

/**
 * The handler for effect types no adapter takes here: each delivery is dead-lettered at once with the reason,
 * so it waits visibly in the operations page (and can be retried once the adapter is configured) instead of
 * being dropped.
 *
 * @example
 * ```ts
 * createEngine({ ...options, effects: { '*': unmountedEffects({ platformWriteBack: '未配置 12345 平台' }) } });
 * ```
 */
export function unmountedEffects(
  reasons: Readonly<Record<string, string>>,
): (delivery: EffectDelivery) => Promise<void> {
  return async (delivery) => {
    const reason = reasons[delivery.type] ?? '本服务未接入此类效果';
    throw permanentFailure(new EffectNotMountedError(delivery.type, reason));
  };
}
