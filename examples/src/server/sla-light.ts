import type { Calendar, CaseView } from '@gridflow/engine';

/**
 * A case's SLA light: `red` overdue, `yellow` past the reminder point (a reminder went out, or at most one
 * working day left), `green` in time, `none` without a running deadline.
 *
 * @example
 * ```ts
 * const light: SlaLight = { light: 'yellow', workingDaysLeft: 1 };
 * ```
 */
export interface SlaLight {
  light: 'red' | 'yellow' | 'green' | 'none';
  /** Whole working days to the deadline (negative when overdue), null without one. */
  workingDaysLeft: number | null;
}

function reminded(context: Record<string, unknown>): boolean {
  const sla = context.sla as { remindersSent?: unknown[] } | undefined;
  return Array.isArray(sla?.remindersSent) && sla.remindersSent.length > 0;
}

/**
 * The light of `view` at `now`, in working days of `calendar`.
 *
 * @example
 * ```ts
 * slaLight(view, engine.clock.now(), engine.calendar); // { light: 'green', workingDaysLeft: 3 }
 * ```
 */
export function slaLight(
  view: Pick<CaseView, 'dueAt' | 'status' | 'context'>,
  now: Date,
  calendar: Calendar,
): SlaLight {
  if (!view.dueAt || view.status !== 'active') return { light: 'none', workingDaysLeft: null };
  const left = calendar.workingDaysBetween(now, view.dueAt);
  if (view.dueAt.getTime() <= now.getTime()) return { light: 'red', workingDaysLeft: Math.min(left, 0) };
  return { light: left <= 1 || reminded(view.context) ? 'yellow' : 'green', workingDaysLeft: left };
}
