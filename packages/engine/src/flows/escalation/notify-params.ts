import type { Role } from '../../types.js';

/**
 * Params of the `notify` effect the built-in flows declare: who to tell (a member, or the members of a unit,
 * optionally only those with a role), a stable topic for templates, and a plain-text fallback.
 *
 * @example
 * ```ts
 * const n: NotifyParams = { caseId: 'c-1', to: { unit: 'street-east', role: 'streetStaff' },
 *   topic: 'workOrder.escalated', text: '工单 c-1 已升级至街道', data: { trigger: 'slaBreach' } };
 * ```
 */
export interface NotifyParams {
  caseId: string;
  to: { unit?: string; member?: string; role?: Role };
  /** Template key, e.g. `workOrder.dispatched`, `workOrder.slaReminder`, `workOrder.escalated`. */
  topic: string;
  text: string;
  data?: Record<string, unknown>;
}
