import { CATEGORIES } from './catalog.js';
import type { District } from './district.js';
import type { Random } from './random.js';

/** Things that may happen while a unit handles an order, besides the reply. */
export type Episode = 'whistle' | 'suspend' | 'extension' | 'hard' | 'urge' | 'supervise';

/**
 * How one work order will go, drawn once when the simulation first meets it: the intake decision, wrong
 * dispatches that the unit returns (退单), what happens while it is handled, whether the unit is late, and how
 * the follow-up call (回访) goes. The `*Done` flags keep one-off mishaps from repeating.
 *
 * @example
 * ```ts
 * const persona = drawPersona(rng, district, { orgUnit: 'grid-xingfu-1', category: 'utilities',
 *   requestType: 'help', fromHotline: true });
 * ```
 */
export interface WorkOrderPersona {
  intake: 'accept' | 'notAccepted' | 'answerOnSpot' | 'merge' | 'withdraw';
  rightUnit: string;
  /** Units it is wrongly dispatched to first; each returns it. */
  wrongUnits: string[];
  /** Dispute review (退单审核) upholds the returns. */
  upholdReturns: boolean;
  lateSignFor: boolean;
  episodes: Episode[];
  /** Replies after the deadline: an SLA breach. */
  slow: boolean;
  solved: boolean;
  failVerify: boolean;
  followUp: 'satisfied' | 'unitAtFault' | 'otherReasons' | 'unreached';
  /** The requester rates in the app instead of waiting for the follow-up call. */
  selfRate: boolean;
  /** The reply's time is planned; the next wake-up in progress replies. */
  replyPlanned: boolean;
  verifyFailedDone: boolean;
  reopenDone: boolean;
  unreachedDone: boolean;
}

const EPISODE_ODDS: Readonly<Record<Episode, number>> = {
  whistle: 0.12,
  suspend: 0.1,
  extension: 0.08,
  hard: 0.08,
  urge: 0.1,
  supervise: 0.05,
};

/**
 * Draw a {@link WorkOrderPersona}. Orders raised by another flow (随手拍, 三单制) are always accepted.
 *
 * @example
 * ```ts
 * const persona = drawPersona(sim.rng, sim.district, { orgUnit, category, requestType, fromHotline: false });
 * ```
 */
export function drawPersona(
  rng: Random,
  district: District,
  order: { orgUnit: string; category: string | undefined; requestType: string; fromHotline: boolean },
): WorkOrderPersona {
  const rightUnit = ownerUnit(district, order.orgUnit, order.category);
  const departments = district.departments.map((d) => d.id).filter((d) => d !== rightUnit);
  const returns = rng.weighted({ none: 85, one: 11, two: 4 });
  const wrongUnits: string[] = [];
  for (let i = 0; i < (returns === 'none' ? 0 : returns === 'one' ? 1 : 2); i++) {
    wrongUnits.push(rng.pick(departments.filter((d) => !wrongUnits.includes(d))));
  }
  const consultation = order.requestType === 'consultation';
  const intake = !order.fromHotline
    ? 'accept'
    : rng.weighted(
        consultation
          ? { answerOnSpot: 45, accept: 50, withdraw: 2, notAccepted: 3, merge: 0 }
          : { accept: 88, notAccepted: 3, answerOnSpot: 4, merge: 3, withdraw: 2 },
      );
  return {
    intake,
    rightUnit,
    wrongUnits,
    upholdReturns: rng.chance(0.85),
    lateSignFor: rng.chance(0.06),
    episodes: (Object.keys(EPISODE_ODDS) as Episode[]).filter((e) => rng.chance(EPISODE_ODDS[e])),
    slow: rng.chance(0.09),
    solved: rng.chance(0.9),
    failVerify: rng.chance(0.05),
    followUp: rng.weighted({ satisfied: 83, unitAtFault: 8, otherReasons: 4, unreached: 5 }),
    selfRate: rng.chance(0.1),
    replyPlanned: false,
    verifyFailedDone: false,
    reopenDone: false,
    unreachedDone: false,
  };
}

/** The unit that should handle a category of problem at `orgUnit`. */
export function ownerUnit(district: District, orgUnit: string, category: string | undefined): string {
  const owner = CATEGORIES.find((c) => c.id === category)?.owner ?? { tier: 'community' as const };
  if ('department' in owner) return owner.department;
  return district.above(orgUnit, owner.tier).id;
}
