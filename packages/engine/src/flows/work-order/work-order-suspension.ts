import { deadlineIn, workingHours } from '../../flow/working-time.js';
import { cancelSla, pauseSla, SLA_DEADLINE } from '../sla/sla-clock.js';
import { toWorkingHours } from '../sla/sla-time.js';
import { delayOf, ev, SUSPENSION_LIMIT, timerEnqueue, type workOrderActions } from './work-order-actions.js';
import type { Suspension, WorkOrderContext } from './work-order-context.js';
import { commandCentreOf, dispatchersOf, leadOrDispatchers, notify } from './work-order-notices.js';
import type { WorkOrderRules } from './work-order-rules.js';
import type { workOrderSetup } from './work-order-setup.js';

type Setup = ReturnType<typeof workOrderSetup>;
type Actions = ReturnType<typeof workOrderActions>;
/** The machine's states config: v2's and v3's suspension states differ, so both are typed as this. */
type StatesConfig = NonNullable<Parameters<Setup['createMachine']>[0]['states']>;

/** The suspensions with the open one (approved, not ended) ended at `at`. */
const endOpen = (c: WorkOrderContext, at: string) =>
  c.suspensions.map((x) => (x.to === null && x.from !== null ? { ...x, to: at } : x));

/** The newest suspension, replaced by `change` when it is still waiting for a decision. */
const decidePending = (c: WorkOrderContext, change: (pending: Suspension) => Suspension) => {
  const pending = c.suspensions.at(-1);
  if (pending?.decision !== 'pending') return null;
  return [...c.suspensions.slice(0, -1), change(pending)];
};

/**
 * The suspension (挂起) part of `inProgress`: the `suspend` transition of `working` and the states it leads to.
 * Versions 1 and 2 suspend at once, for as long as the unit likes. From v3 a suspension is requested
 * (`suspensionRequested`) and approved by the command centre for at most the flow's limit; while it lasts the
 * clock keeps the working time left and its deadline stays on the case where it falls if the suspension runs its
 * course (so the case stays in overdue lists), and when the approved time runs out the case resumes on its own or
 * the command centre is alerted.
 *
 * @internal
 * @example
 * ```ts
 * const suspension = suspensionStates(s, a, rules);
 * const working = { on: { suspend: suspension.suspend } };
 * ```
 */
export function suspensionStates(s: Setup, a: Actions, rules: WorkOrderRules | null) {
  if (!rules) {
    return {
      suspend: {
        target: 'suspended' as const,
        actions: [
          s.assign(({ context, event }) => ({
            suspensions: [
              ...context.suspensions,
              { reason: ev(event, 'suspend').reason, from: event.meta.at, to: null, by: event.meta.actor.id },
            ],
          })),
          a.pauseClockOnSuspend,
        ],
      },
      states: {
        suspended: {
          on: {
            resume: {
              target: 'working',
              actions: [
                s.assign(({ context, event }) => ({
                  suspensions: context.suspensions.map((x, i) =>
                    i === context.suspensions.length - 1 ? { ...x, to: event.meta.at } : x,
                  ),
                })),
                a.resumeClock,
              ],
            },
          },
        },
      } satisfies StatesConfig as StatesConfig,
    };
  }

  const request = s.enqueueActions(({ context, event, enqueue }) => {
    const e = ev(event, 'suspend');
    const record: Suspension = {
      reason: e.reason,
      by: e.meta.actor.id,
      at: e.meta.at,
      length: e.length ?? null,
      decision: 'pending',
      note: null,
      from: null,
      to: null,
      granted: null,
      limitAt: null,
      overdue: false,
    };
    enqueue.assign({ suspensions: [...context.suspensions, record] });
    notify(enqueue, context, {
      topic: 'suspensionRequested',
      to: dispatchersOf(context),
      text: `工单 ${context.caseId} 申请挂起: ${e.reason}`,
      answerable: true,
    });
  });

  const approve = s.enqueueActions(({ context, event, enqueue }) => {
    const e = ev(event, 'approveSuspension');
    const granted = e.length ?? context.suspensions.at(-1)?.length ?? rules.suspension.max;
    const limitAt = deadlineIn(granted.amount, granted.unit);
    const suspensions = decidePending(context, (pending) => ({
      ...pending,
      decision: 'approved',
      note: e.note ?? null,
      granted,
      from: e.meta.at,
      limitAt,
    }));
    if (!suspensions) return;
    enqueue.assign({ suspensions });
    timerEnqueue(enqueue).raise(
      { type: 'suspension.limit' },
      { id: SUSPENSION_LIMIT, delay: delayOf(granted) },
    );
    const sla = context.sla;
    if (sla.policy.pauseOnSuspend && sla.status === 'running' && !sla.breachedAt) {
      // Paused with the working time left; the deadline stays where it falls if the suspension runs its course.
      cancelSla(enqueue, sla);
      const paused = pauseSla(sla, 'paused');
      const hours = toWorkingHours(granted) + (paused.remainingHours ?? 0);
      const deadline = deadlineIn(hours, 'workingHours');
      enqueue.assign({ sla: { ...paused, deadline, next: { amount: hours, unit: 'workingHours' } } });
      timerEnqueue(enqueue).raise({ type: 'sla.breach' }, { id: SLA_DEADLINE, delay: workingHours(hours) });
    }
    const text = `挂起申请已批准, 至 ${limitAt} 止`;
    notify(enqueue, context, { topic: 'suspensionApproved', to: leadOrDispatchers(context), text });
  });

  const reject = s.enqueueActions(({ context, event, enqueue }) => {
    const e = ev(event, 'rejectSuspension');
    const suspensions = decidePending(context, (pending) => ({
      ...pending,
      decision: 'rejected',
      note: e.reason,
    }));
    if (!suspensions) return;
    enqueue.assign({ suspensions });
    const text = `挂起申请未批准: ${e.reason}`;
    notify(enqueue, context, { topic: 'suspensionRejected', to: leadOrDispatchers(context), text });
  });

  /**
   * End the suspension: recorded, its timer off, the clock's projected deadline off before it runs again (a
   * deadline already passed stays on the case: it is overdue).
   */
  const end = s.enqueueActions(({ context, event, enqueue }) => {
    enqueue.assign({ suspensions: endOpen(context, event.meta.at) });
    enqueue.cancel(SUSPENSION_LIMIT);
    if (context.sla.status === 'paused' && !context.sla.breachedAt) cancelSla(enqueue, context.sla);
  });

  const limitReached =
    rules.suspension.onLimit === 'resume'
      ? {
          target: 'working' as const,
          actions: [
            end,
            a.resumeClock,
            s.enqueueActions(({ context, enqueue }) =>
              notify(enqueue, context, {
                topic: 'suspensionEnded',
                to: [leadOrDispatchers(context), context.leadUnit ? dispatchersOf(context) : null],
                text: `工单 ${context.caseId} 挂起期满, 已恢复办理`,
              }),
            ),
          ],
        }
      : {
          actions: s.enqueueActions(({ context, enqueue }) => {
            enqueue.assign({
              suspensions: context.suspensions.map((x) =>
                x.to === null && x.from !== null ? { ...x, overdue: true } : x,
              ),
            });
            notify(enqueue, context, {
              topic: 'suspensionOverdue',
              to: [leadOrDispatchers(context), commandCentreOf(context)],
              text: `工单 ${context.caseId} 挂起已超过批准期限`,
            });
          }),
        };

  return {
    suspend: {
      guard: 'suspensionWithinLimit' as const,
      target: 'suspensionRequested' as const,
      actions: request,
    },
    states: {
      suspensionRequested: {
        on: {
          approveSuspension: {
            guard: 'grantWithinLimit' as const,
            target: 'suspended' as const,
            actions: approve,
          },
          rejectSuspension: { target: 'working' as const, actions: reject },
        },
      },
      suspended: {
        on: {
          resume: { target: 'working' as const, actions: [end, a.resumeClock] },
          'suspension.limit': limitReached,
        },
      },
    } satisfies StatesConfig as StatesConfig,
  };
}

/**
 * v3, at the reply: a pending suspension request lapses, the open suspension ends, and its timers go.
 *
 * @internal
 * @example
 * ```ts
 * reply: { actions: [endSuspensionAtReply(s), ...] }
 * ```
 */
export function endSuspensionAtReply(s: Setup) {
  return s.enqueueActions(({ context, event, enqueue }) => {
    enqueue.assign({
      suspensions: endOpen(context, event.meta.at).map((x) =>
        x.decision === 'pending' ? { ...x, decision: 'lapsed' as const } : x,
      ),
    });
    enqueue.cancel(SUSPENSION_LIMIT);
    if (context.sla.status === 'paused') cancelSla(enqueue, context.sla);
  });
}
