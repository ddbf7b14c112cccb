/**
 * The delay name of an `after` timer key (`xstate.after.<delay>.<stateId>`), or the key itself: the name a
 * flow's `deadlines` list uses.
 *
 * @example
 * ```ts
 * deadlineName('xstate.after.sla.work-order.inProgress'); // 'sla'
 * ```
 */
export function deadlineName(key: string): string {
  return key.startsWith('xstate.after.') ? (key.split('.')[2] ?? key) : key;
}
