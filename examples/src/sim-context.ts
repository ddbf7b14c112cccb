import type { Actor, CaseView, Engine } from '@gridflow/engine';
import { isGridflowError } from '@gridflow/engine';
import type { District } from './district.js';
import type { Random } from './random.js';
import type { Task, WakeQueue } from './wake-queue.js';

/**
 * What every simulated actor works with: the engine, the district, the seeded randomness, and the wake-up
 * queue through which they plan their next look at a case.
 *
 * @example
 * ```ts
 * await sim.send(caseId, sim.pick(district.actors('district', 'dispatcher')), { type: 'accept' });
 * sim.later(caseId, 2); // look again in 2 working hours
 * ```
 */
export interface SimContext {
  engine: Engine;
  district: District;
  rng: Random;
  now(): Date;
  /** Plan a wake-up `hours` working hours from now. */
  later(caseId: string, hours: number, task?: Task): void;
  /** Plan a wake-up at an instant (moved to the next slot the simulation visits). */
  at(caseId: string, at: Date, task?: Task): void;
  /** Send an event; a refusal is counted in `refused` (a well-behaved simulation has none) and returns null. */
  send(
    caseId: string,
    actor: Actor,
    event: { type: string; [field: string]: unknown },
  ): Promise<CaseView | null>;
  /** One of the people with `role` at `unitId`. */
  one(unitId: string, role: string): Actor;
  /** Refused events by `flow:type:code`. */
  refused: Map<string, number>;
}

/**
 * Create the {@link SimContext}.
 *
 * @example
 * ```ts
 * const sim = simContext({ engine, district, rng: seededRandom(42), queue: wakeQueue() });
 * ```
 */
export function simContext(options: {
  engine: Engine;
  district: District;
  rng: Random;
  queue: WakeQueue;
}): SimContext {
  const { engine, district, rng, queue } = options;
  const refused = new Map<string, number>();
  return {
    engine,
    district,
    rng,
    refused,
    now: () => engine.clock.now(),
    later(caseId, hours, task) {
      queue.add(caseId, engine.calendar.addWorkingHours(engine.clock.now(), hours), task);
    },
    at(caseId, at, task) {
      queue.add(caseId, at, task);
    },
    async send(caseId, actor, event) {
      try {
        return await engine.send({ caseId, actor, event });
      } catch (error) {
        if (!isGridflowError(error)) throw error;
        const key = `${event.type}:${error.code}`;
        refused.set(key, (refused.get(key) ?? 0) + 1);
        return null;
      }
    },
    one(unitId, role) {
      const people = district.actors(unitId, role);
      if (people.length === 0) throw new Error(`nobody with role ${role} at ${unitId}`);
      return rng.pick(people);
    },
  };
}
