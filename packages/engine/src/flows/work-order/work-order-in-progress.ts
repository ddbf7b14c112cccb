import { deadlineIn } from '../../flow/working-time.js';
import { ev, type workOrderActions } from './work-order-actions.js';
import { dispatchersOf, leadOrDispatchers, notify, requesterOf } from './work-order-notices.js';
import { openSummons, summonsPatch, whistlePatch } from './work-order-records.js';
import type { WorkOrderRules } from './work-order-rules.js';
import type { workOrderSetup } from './work-order-setup.js';
import { endSuspensionAtReply, suspensionStates } from './work-order-suspension.js';
import { writeBack } from './work-order-write-back.js';

type Setup = ReturnType<typeof workOrderSetup>;
type Actions = ReturnType<typeof workOrderActions>;

const DEFAULT_REPORT_IN = { amount: 1, unit: 'workingDays' } as const;

/**
 * The `inProgress` state of a work order: the lead unit works on it (`working`), suspends it (`suspended`, from v3
 * after `suspensionRequested`), asks for more time (`extensionRequested`), whistles departments in, marks it
 * hard, and replies.
 *
 * @internal
 * @example
 * ```ts
 * states: { inProgress: inProgressState(s, a, { rules, watched }) }
 * ```
 */
export function inProgressState<W extends object>(
  s: Setup,
  a: Actions,
  options: { rules: WorkOrderRules | null; watched: W },
) {
  const { rules, watched } = options;
  const suspension = suspensionStates(s, a, rules);
  return {
    initial: 'working' as const,
    states: {
      working: {
        on: {
          suspend: suspension.suspend,
          requestExtension: {
            guard: 'beforeDeadline' as const,
            target: 'extensionRequested' as const,
            actions: s.enqueueActions(({ context, event, enqueue }) => {
              writeBack(enqueue, context, event, 'requestExtension');
              const e = ev(event, 'requestExtension');
              const record = {
                by: e.meta.actor.id,
                at: e.meta.at,
                extra: e.extra,
                reason: e.reason,
                decision: 'pending' as const,
                granted: null,
              };
              enqueue.assign({ extensions: [...context.extensions, record] });
              notify(enqueue, context, {
                topic: 'extensionRequested',
                to: dispatchersOf(context),
                text: `工单 ${context.caseId} 申请延期: ${e.reason}`,
                answerable: true,
              });
            }),
          },
        },
      },
      ...suspension.states,
      extensionRequested: {
        on: {
          approveExtension: { target: 'working' as const, actions: a.decideExtension(true) },
          rejectExtension: { target: 'working' as const, actions: a.decideExtension(false) },
        },
      },
    },
    on: {
      reply: {
        target: '#work-order.replied' as const,
        actions: [
          ...(rules ? [endSuspensionAtReply(s)] : []),
          s.enqueueActions(({ context, event, enqueue }) => {
            writeBack(enqueue, context, event, 'reply');
            const e = ev(event, 'reply');
            enqueue.assign({
              repliedAt: e.meta.at,
              reply: { result: e.result, solved: e.solved, publicReply: e.publicReply },
              suspensions: context.suspensions.map((x) =>
                x.to === null && x.from !== null ? { ...x, to: e.meta.at } : x,
              ),
              extensions: context.extensions.map((x) =>
                x.decision === 'pending' ? { ...x, decision: 'lapsed' as const } : x,
              ),
            });
            notify(enqueue, context, { topic: 'replied', to: requesterOf(context), text: e.publicReply });
          }),
          a.stopClock('stopped'),
        ],
      },
      whistle: {
        actions: [
          s.assign(({ context, event }) => {
            const e = ev(event, 'whistle');
            const within = e.reportInWithin ?? DEFAULT_REPORT_IN;
            return whistlePatch(context, e, within, deadlineIn(within.amount, within.unit));
          }),
          a.planReportIns,
          s.enqueueActions(({ context, enqueue }) => {
            const whistle = context.whistles.at(-1);
            for (const summons of whistle?.summons ?? []) {
              notify(enqueue, context, {
                topic: 'whistle',
                to: { unit: summons.unit, role: 'departmentHandler' },
                text: `吹哨报到: ${whistle?.reason}; 请于 ${summons.dueAt} 前报到`,
                data: { whistleId: whistle?.id, dueAt: summons.dueAt },
                answerable: true,
              });
            }
          }),
        ],
      },
      reportIn: {
        guard: 'summoned' as const,
        actions: s.enqueueActions(({ context, event, enqueue }) => {
          const found = openSummons(context, event.meta.actor.orgUnit, ev(event, 'reportIn').whistleId);
          if (!found) return;
          enqueue.assign(
            summonsPatch(context, found.whistle.id, found.summons.unit, { reportedAt: event.meta.at }),
          );
          a.cancelReportIn(enqueue, found.whistle.id, found.summons.unit);
        }),
      },
      ...(rules
        ? {
            reportPart: {
              actions: s.enqueueActions(({ context, event, enqueue }) => {
                const e = ev(event, 'reportPart');
                const report = {
                  by: e.meta.actor.id,
                  at: e.meta.at,
                  unit: e.meta.actor.orgUnit,
                  result: e.result,
                };
                enqueue.assign({ coReports: [...(context.coReports ?? []), report] });
                notify(enqueue, context, {
                  topic: 'partReported',
                  to: leadOrDispatchers(context),
                  text: `协办单位 ${report.unit} 反馈: ${e.result}`,
                  data: { unit: report.unit },
                });
              }),
            },
          }
        : {}),
      ...(a.ladder.config.on.hard
        ? {
            markHard: {
              actions: s.enqueueActions(({ context, event, enqueue }) => {
                enqueue.assign({ hard: true });
                a.escalate(enqueue, { ...context, hard: true }, 'hard', event);
              }),
            },
          }
        : {}),
      ...watched,
    },
  };
}
