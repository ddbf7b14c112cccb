/**
 * Words a reader sees for a flow's events, states and timers (Chinese in the built-in flows), used by
 * `engine.timeline` and case inspectors instead of raw ids such as `xstate.after.takeLimit.three-orders.issued`.
 * Display only: labels are not part of the flow's content hash, so rewording them needs no new version.
 *
 * @example
 * ```ts
 * const labels: FlowLabels = {
 *   events: { 'gridflow.create': '上报', signFor: '签收', 'sla.breach': '超出办理时限' },
 *   states: { dispatched: '待签收', 'inProgress.suspended': '挂起中' },
 *   timers: { takeLimit: '接单超时' },
 * };
 * ```
 */
export interface FlowLabels {
  /** Event type (a caller's, a raised timer's, or `gridflow.create`/`gridflow.migrate`) → label. */
  readonly events?: Readonly<Record<string, string>>;
  /** Dotted state path (`inProgress.suspended`) → label. */
  readonly states?: Readonly<Record<string, string>>;
  /** Delay name of an `after` timer (the `sla` of `xstate.after.sla.work-order.open`) → label. */
  readonly timers?: Readonly<Record<string, string>>;
}

const AFTER = 'xstate.after.';

/** Words for the engine's own entries when a flow does not name them. */
const ENGINE_EVENTS: Readonly<Record<string, string>> = {
  'gridflow.create': '创建',
  'gridflow.migrate': '版本迁移',
};

/**
 * What a timer whose delay has no label is called in a timeline.
 *
 * @example
 * ```ts
 * eventLabel(undefined, 'xstate.after.sla.repair.open') === DEFAULT_TIMER_LABEL; // true
 * ```
 */
export const DEFAULT_TIMER_LABEL = '超时提醒';

/**
 * The label of a journal entry's event type: the flow's `labels.events`, an `after` timer's `labels.timers`
 * entry (or its `labels.events` entry by delay name, or {@link DEFAULT_TIMER_LABEL}), the engine's own words for
 * creation and migration, or the type itself.
 *
 * @example
 * ```ts
 * eventLabel({ timers: { takeLimit: '接单超时' } }, 'xstate.after.takeLimit.three-orders.issued'); // '接单超时'
 * eventLabel(undefined, 'signFor'); // 'signFor'
 * ```
 */
export function eventLabel(labels: FlowLabels | undefined, type: string): string {
  const own = labels?.events?.[type];
  if (own) return own;
  if (type.startsWith(AFTER)) {
    const delay = type.slice(AFTER.length).split('.')[0] ?? '';
    return labels?.timers?.[delay] ?? labels?.events?.[delay] ?? DEFAULT_TIMER_LABEL;
  }
  return ENGINE_EVENTS[type] ?? type;
}

/**
 * The label of a dotted state path (each leaf of a parallel state's `a,b` path labelled on its own), falling
 * back to the path.
 *
 * @example
 * ```ts
 * stateLabel({ states: { dispatched: '待签收' } }, 'dispatched'); // '待签收'
 * ```
 */
export function stateLabel(labels: FlowLabels | undefined, path: string): string {
  return path
    .split(',')
    .map((leaf) => labels?.states?.[leaf] ?? leaf)
    .join(', ');
}
