import type { FlowDefinition } from '../../flow/define-flow.js';
import { orderingKeyOf } from '../../flow/effect-action.js';
import type { OutboxRecord, TimerPlan, TimerRecord } from '../../storage/storage.js';

/** The durable writes a transition's actions ask for. */
export interface ActionPlan {
  cancelTimers: string[];
  scheduleTimers: TimerRecord[];
  outbox: OutboxRecord[];
}

interface PlannedDelay {
  delayMs: number;
  plan: TimerPlan;
  provisional: boolean;
}

interface ActionLike {
  type: string;
  params?: unknown;
}

/**
 * Turn the actions XState's pure `transition` returned into timer and outbox rows. Delayed `raise` and
 * `sendTo` (always to the case itself: no other live actors exist) become timers with an absolute due time;
 * `cancel` deletes them; `emit` and the flow's declared effects become outbox rows whose idempotency key is
 * derived from the case version and the action's position, so it is stable across retries and processes. An
 * effect declared with `effect({ orderingKey })` gets its key here.
 */
export function planActions(
  flow: FlowDefinition,
  actions: readonly ActionLike[],
  ctx: { caseId: string; version: number; now: Date; delays: readonly PlannedDelay[]; newId: () => string },
): ActionPlan {
  const cancel = new Set<string>();
  const schedule = new Map<string, TimerRecord>();
  const outbox: OutboxRecord[] = [];
  const unusedDelays = [...ctx.delays];
  for (const action of actions) {
    const params = (action.params ?? {}) as Record<string, unknown>;
    switch (action.type) {
      case 'xstate.raise':
      case 'xstate.sendTo': {
        if (typeof params.delay !== 'number') break;
        const key = typeof params.id === 'string' ? params.id : ctx.newId();
        const event = params.event as TimerRecord['event'];
        const i = unusedDelays.findIndex((d) => d.delayMs === params.delay);
        const planned = i >= 0 ? unusedDelays.splice(i, 1)[0] : undefined;
        schedule.set(key, {
          id: ctx.newId(),
          caseId: ctx.caseId,
          key,
          event: { ...event },
          dueAt: new Date(ctx.now.getTime() + params.delay),
          provisional: planned?.provisional ?? false,
          plan: planned?.plan ?? null,
        });
        break;
      }
      case 'xstate.cancel': {
        const key = params.sendId as string;
        schedule.delete(key);
        cancel.add(key);
        break;
      }
      case 'xstate.emit': {
        const event = params.event as { type: string };
        outbox.push(outboxRow(ctx, outbox.length, event.type, event, null));
        break;
      }
      default:
        if (flow.effects.includes(action.type)) {
          const implementation = flow.machine.implementations.actions[action.type];
          const key = orderingKeyOf(implementation, action.type, params, ctx.caseId);
          outbox.push(outboxRow(ctx, outbox.length, action.type, params, key));
        }
    }
  }
  return { cancelTimers: [...cancel], scheduleTimers: [...schedule.values()], outbox };
}

function outboxRow(
  ctx: { caseId: string; version: number; now: Date },
  index: number,
  type: string,
  payload: unknown,
  orderingKey: string | null,
): OutboxRecord {
  const id = `${ctx.caseId}:${ctx.version}:${index}`;
  return {
    id,
    caseId: ctx.caseId,
    type,
    payload,
    idempotencyKey: id,
    orderingKey,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: ctx.now,
    lastError: null,
    createdAt: ctx.now,
    deliveredAt: null,
  };
}
