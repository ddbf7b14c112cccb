import { isGridflowError } from '../errors.js';
import type { Engine } from '../runtime/engine-types.js';
import type { Actor } from '../types.js';
import { seededRandom } from './seeded-random.js';

/** Who sends a random move: the district's dispatcher, the housing department, or the case's requester. */
type Sender = 'dispatcher' | 'housing' | 'resident';
/** A move for a case in some state; `r` (a random number) picks its payload. */
export type WorkOrderMove = (r: number) => { by: Sender; event: { type: string; [field: string]: unknown } };

const RATINGS = ['verySatisfied', 'satisfied', 'basicallySatisfied', 'unsatisfied', 'veryUnsatisfied'];
const REASONS = ['resolved', 'partiallyResolved', 'explained', 'notResponsible', 'referred'];
const reply = (r: number) => ({ type: 'reply', result: '已处理', solved: r % 3 > 0, publicReply: '已处理' });
const followUp = (r: number) => ({
  type: 'followUp',
  reached: r % 5 > 0,
  rating: RATINGS[r % 5],
  unitAtFault: r % 2 === 0,
});

/** The moves that make sense in each `work-order` state; moves along the main path are listed more often. */
export const WORK_ORDER_MOVES: Record<string, WorkOrderMove[]> = {
  submitted: [
    () => ({ by: 'dispatcher', event: { type: 'accept' } }),
    () => ({ by: 'dispatcher', event: { type: 'accept' } }),
    () => ({ by: 'dispatcher', event: { type: 'accept' } }),
    () => ({ by: 'dispatcher', event: { type: 'notAccepted', reason: '不予受理' } }),
    (r) => ({
      by: 'dispatcher',
      event: { type: 'answerOnSpot', answer: '已答复', reason: r % 2 ? 'resolved' : 'explained' },
    }),
    () => ({ by: 'resident', event: { type: 'withdraw' } }),
  ],
  pendingDispatch: [
    () => ({ by: 'dispatcher', event: { type: 'dispatch', leadUnit: 'dept-housing' } }),
    () => ({ by: 'dispatcher', event: { type: 'dispatch', leadUnit: 'dept-housing' } }),
    () => ({ by: 'resident', event: { type: 'withdraw' } }),
  ],
  dispatched: [
    () => ({ by: 'housing', event: { type: 'signFor' } }),
    () => ({ by: 'housing', event: { type: 'signFor' } }),
    () => ({ by: 'housing', event: { type: 'return', reason: '非本单位职责' } }),
  ],
  returnReview: [
    (r) => ({ by: 'dispatcher', event: { type: 'reviewReturn', upheld: r % 2 === 0, note: '审核' } }),
  ],
  'inProgress.working': [
    (r) => ({ by: 'housing', event: reply(r) }),
    (r) => ({ by: 'housing', event: reply(r) }),
    () => ({ by: 'housing', event: { type: 'suspend', reason: '等待配件' } }),
  ],
  'inProgress.suspended': [() => ({ by: 'housing', event: { type: 'resume' } })],
  replied: [
    (r) => ({ by: 'dispatcher', event: { type: 'verify', passed: r % 4 > 0 } }),
    (r) => ({ by: 'dispatcher', event: followUp(r) }),
    (r) => ({ by: 'resident', event: { type: 'rate', rating: RATINGS[r % 5] } }),
  ],
  followingUp: [
    (r) => ({ by: 'dispatcher', event: { type: 'close', reason: REASONS[r % 5] } }),
    (r) => ({ by: 'dispatcher', event: { type: 'close', reason: REASONS[r % 5] } }),
    () => ({ by: 'dispatcher', event: { type: 'reopen', reason: '群众不满意' } }),
    (r) => ({ by: 'dispatcher', event: { ...followUp(r), reached: true } }),
    (r) => ({ by: 'resident', event: { type: 'rate', rating: RATINGS[r % 5] } }),
  ],
};

/**
 * Actors of {@link playRandomWorkOrders}: the dispatcher at `district`, a handler at `dept-housing`, and one
 * resident per grid.
 *
 * @example
 * ```ts
 * const actor = randomHistoryActors.resident('grid-a1');
 * ```
 */
export const randomHistoryActors = {
  dispatcher: { id: 'u-disp', roles: ['dispatcher'], orgUnit: 'district' } as Actor,
  housing: { id: 'u-house', roles: ['departmentHandler'], orgUnit: 'dept-housing' } as Actor,
  resident: (grid: string): Actor => ({ id: `r-${grid}`, roles: ['resident'], orgUnit: grid }),
};

/**
 * Play a seeded random district of `work-order` cases: open cases in the given grids, move random cases
 * along (dispatch, sign-for, returns, suspensions, replies, ratings, reopenings, closings) and let hours pass
 * so SLA timers fire. The same seed plays the same story. Needs a directory with `district` and
 * `dept-housing` and an engine with a virtual clock (`advance` runs what falls due).
 *
 * @example
 * ```ts
 * await playRandomWorkOrders(t.engine, (ms) => t.advance(ms), { seed: 7, steps: 80, grids: ['grid-a1'] });
 * ```
 */
export async function playRandomWorkOrders(
  engine: Engine,
  advance: (ms: number) => Promise<void>,
  options: { seed: number; steps: number; grids: readonly string[] },
): Promise<string[]> {
  const random = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const cases: Array<{ id: string; grid: string }> = [];
  for (let i = 0; i < options.steps; i++) {
    const roll = random();
    if (roll < 0.14 || cases.length === 0) {
      const grid = pick(options.grids);
      const c = await engine.createCase({
        flow: 'work-order',
        actor: randomHistoryActors.resident(grid),
        orgUnit: grid,
        input: { title: '随机诉求', urgency: random() < 0.3 ? 'urgent' : 'normal' },
      });
      cases.push({ id: c.id, grid });
    } else if (roll < 0.22) {
      await advance(Math.ceil(random() * 120) * 3_600_000);
    } else {
      const target = pick(cases);
      const moves = WORK_ORDER_MOVES[(await engine.getCase(target.id)).state] ?? [];
      if (moves.length === 0) continue;
      const move = pick(moves)(Math.floor(random() * 1000));
      const actor =
        move.by === 'resident' ? randomHistoryActors.resident(target.grid) : randomHistoryActors[move.by];
      await engine.send({ caseId: target.id, actor, event: move.event }).catch((error: unknown) => {
        // A guard may refuse (a reopening without an unsatisfied rating): that is part of the story.
        if (!isGridflowError(error, 'EVENT_NOT_ACCEPTED')) throw error;
      });
    }
  }
  return cases.map((c) => c.id);
}
