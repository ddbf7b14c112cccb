import type { RequestType, Urgency } from '@gridflow/engine/flows';
import { CATEGORIES, ORDERS, PATROL_FINDINGS, REQUEST_TYPES, URGENCIES, WISHES } from './catalog.js';
import type { SimContext } from './sim-context.js';

/**
 * The ways a case comes in: a 12345 hotline call (work order), a grid worker's 随手拍, a resident's order to the
 * party organisation (三单制), a resident's small wish (微心愿).
 *
 * @example
 * ```ts
 * const kind: ArrivalKind = 'hotline';
 * ```
 */
export type ArrivalKind = 'hotline' | 'gridReport' | 'threeOrders' | 'microWish';

/** The mix of arrivals. */
export const ARRIVAL_MIX: Readonly<Record<ArrivalKind, number>> = {
  hotline: 56,
  gridReport: 20,
  threeOrders: 13,
  microWish: 11,
};

const PREFIX: Readonly<Record<ArrivalKind, string>> = {
  hotline: 'WO',
  gridReport: 'GR',
  threeOrders: 'TO',
  microWish: 'MW',
};

/**
 * Create one new case of `kind` in a random grid, with an id made of the kind, the seed and a counter (so a
 * run replays to the same ids), and plan the first look at it.
 *
 * @example
 * ```ts
 * const id = await arrive(sim, 'hotline', { seed: 42, serial: 17 }); // 'WO-42-0017'
 * ```
 */
export async function arrive(
  sim: SimContext,
  kind: ArrivalKind,
  ids: { seed: number; serial: number },
): Promise<string> {
  const { district, rng } = sim;
  const caseId = `${PREFIX[kind]}-${ids.seed}-${String(ids.serial).padStart(4, '0')}`;
  const grid = rng.pick(district.grids);
  const resident = rng.pick(district.actors(grid.id, 'resident'));
  const worker = district.actors(grid.id, 'gridWorker')[0]!;
  const address = `${grid.name} ${rng.int(1, 30)} 号楼`;
  if (kind === 'hotline') {
    const category = rng.weighted(Object.fromEntries(CATEGORIES.map((c) => [c.id, c.weight])));
    const title = rng.pick(CATEGORIES.find((c) => c.id === category)!.titles);
    const day = sim.now().toISOString().slice(0, 10).replaceAll('-', '');
    const hotlineNumber = `${day}${String(ids.serial).padStart(5, '0')}`;
    await sim.engine.createCase({
      flow: 'work-order',
      caseId,
      actor: sim.one('district', 'dispatcher'),
      orgUnit: grid.id,
      requesterId: resident.id,
      idempotencyKey: `hotline:${hotlineNumber}`,
      input: {
        title,
        description: `市民来电反映: ${title}, 地址 ${address}`,
        requestType: rng.weighted(REQUEST_TYPES) as RequestType,
        urgency: rng.weighted(URGENCIES) as Urgency,
        category,
        channel: 'hotline',
        hotlineNumber,
        location: { address },
        ladder: district.ladderOf(grid.id),
      },
    });
    sim.later(caseId, rng.between(0.1, 1));
  } else if (kind === 'gridReport') {
    const category = rng.pick(Object.keys(PATROL_FINDINGS));
    const description = `${rng.pick(PATROL_FINDINGS[category]!)}, 位于 ${address}`;
    await sim.engine.createCase({
      flow: 'grid-report',
      caseId,
      actor: worker,
      orgUnit: grid.id,
      input: {
        description,
        category,
        photos: [`https://img.example/patrol/${caseId}.jpg`],
        location: { lat: 30.25 + rng.between(0, 0.05), lng: 120.15 + rng.between(0, 0.05), address },
      },
    });
    sim.later(caseId, rng.between(0.1, 1));
  } else if (kind === 'threeOrders') {
    const title = rng.pick(ORDERS);
    // A grid worker sometimes places the order for an elderly resident.
    const forResident = rng.chance(0.2);
    await sim.engine.createCase({
      flow: 'three-orders',
      caseId,
      actor: forResident ? worker : resident,
      orgUnit: grid.id,
      ...(forResident ? { requesterId: resident.id } : {}),
      input: { title, description: `${title} (${address})` },
    });
    sim.later(caseId, rng.between(0.5, 4));
  } else {
    const title = rng.pick(WISHES);
    const collected = rng.chance(0.4);
    await sim.engine.createCase({
      flow: 'micro-wish',
      caseId,
      actor: collected ? worker : resident,
      orgUnit: grid.id,
      ...(collected ? { requesterId: resident.id } : {}),
      input: { title, description: `${resident.id} 的心愿: ${title}` },
    });
    sim.later(caseId, rng.between(1, 8));
  }
  return caseId;
}
