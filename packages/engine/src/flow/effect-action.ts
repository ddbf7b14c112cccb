import { validationError } from '../errors.js';

/**
 * How an effect's rows are ordered: `'case'` orders them by the case id; a function derives the key from the
 * action's params and the case id. Rows with equal keys are delivered one after another in commit order,
 * whatever their effect type or case; rows without a key are delivered in parallel.
 *
 * @example
 * ```ts
 * const perCase: OrderingKey<{ orderNo: string }> = 'case';
 * const perOrder: OrderingKey<{ orderNo: string }> = (params) => `hotline:${params.orderNo}`;
 * ```
 */
export type OrderingKey<TParams> = 'case' | ((params: TParams, caseId: string) => string);

/**
 * Options of {@link effect}.
 *
 * @example
 * ```ts
 * const options: EffectOptions<{ orderNo: string }> = { orderingKey: 'case' };
 * ```
 */
export interface EffectOptions<TParams> {
  /** Deliver this effect's rows in commit order per key (a write-back to a platform). Default: unordered. */
  orderingKey?: OrderingKey<TParams>;
}

/** `Symbol.for`, so the engine and `@gridflow/engine/testing` bundles read each other's effects. */
const EFFECT_OPTIONS = Symbol.for('gridflow.effect.options');

/**
 * Declare an effect action in `setup({ actions })`. It does nothing when XState resolves it; the engine turns
 * each occurrence into an outbox row carrying its `params`, delivered to the effect handler of the same name.
 * The options ride on the function (not in the flow's content hash: ordering changes delivery, not the case).
 *
 * @example
 * ```ts
 * setup({ actions: {
 *   notify: effect<{ to: string; text: string }>(),
 *   // 12345 write-backs (签收, 回复, 办结) must reach the platform in the order they happened:
 *   writeBack: effect<{ orderNo: string; status: string }>({ orderingKey: 'case' }),
 * } })
 * ```
 */
export function effect<TParams = Record<string, unknown>>(
  options: EffectOptions<TParams> = {},
): (args: unknown, params: TParams) => void {
  const key = options.orderingKey;
  if (key !== undefined && key !== 'case' && typeof key !== 'function') {
    throw validationError('orderingKey', "must be 'case' or a function (params, caseId) => string");
  }
  const action = () => {};
  // Non-enumerable and keyed by a symbol: XState and the content hash see a plain function.
  Object.defineProperty(action, EFFECT_OPTIONS, { value: Object.freeze({ ...options }) });
  return action;
}

/**
 * True for an action made with {@link effect}.
 *
 * @example
 * ```ts
 * isEffectAction(flow.machine.implementations.actions.notify); // true
 * ```
 */
export function isEffectAction(action: unknown): boolean {
  return typeof action === 'function' && EFFECT_OPTIONS in action;
}

/**
 * The ordering key of one occurrence of an effect, or null when the effect is unordered.
 *
 * @example
 * ```ts
 * const action = flow.machine.implementations.actions.writeBack;
 * orderingKeyOf(action, 'writeBack', params, 'c-1'); // 'c-1' for `effect({ orderingKey: 'case' })`
 * ```
 */
export function orderingKeyOf(action: unknown, type: string, params: unknown, caseId: string): string | null {
  const key = (action as { [EFFECT_OPTIONS]?: EffectOptions<unknown> } | undefined)?.[EFFECT_OPTIONS]
    ?.orderingKey;
  if (key === undefined) return null;
  if (key === 'case') return caseId;
  const value = key(params, caseId);
  if (typeof value !== 'string' || value.length === 0) {
    throw validationError(`effects.${type}.orderingKey`, 'must return a non-empty string');
  }
  return value;
}
