import {
  type Engine,
  type EffectHandler,
  createEngine,
  memoryDirectory,
  memoryPointsLedger,
  type PointsLedger,
  pointsEffects,
  type Storage,
  type Clock,
  type VirtualClock,
  virtualClock,
} from '@gridflow/engine';
import { type PostgresStorage, postgresPointsLedger } from '@gridflow/adapter-postgres';
import {
  builtInFacts,
  gridReportFlow,
  microWishFlow,
  threeOrdersFlow,
  workOrderFlowV1,
  workOrderFlowV2,
} from '@gridflow/engine/flows';
import { buildDistrict, type District } from './district.js';

/**
 * What the district's effect handlers saw: notifications by topic, other emitted effects by type.
 *
 * @example
 * ```ts
 * demo.effects.notify.get('workOrder.slaBreached'); // how many breach notices went out
 * ```
 */
export interface EffectCounts {
  notify: Map<string, number>;
  other: Map<string, number>;
}

/**
 * An engine for the simulated district, on a virtual clock, with every built-in flow, the points ledger and
 * effect handlers that count what they deliver (so nothing dead-letters). `ownsAdapters: false` leaves the
 * storage open after `engine.stop()`, for the district server to go on with.
 *
 * @example
 * ```ts
 * const demo = demoEngine({ storage: memoryStorage(), start: new Date('2026-09-14T08:00:00+08:00') });
 * ```
 */
export interface DemoEngine {
  engine: Engine;
  clock: VirtualClock;
  district: District;
  ledger: PointsLedger;
  effects: EffectCounts;
}

/**
 * Create a {@link DemoEngine} on `storage`, its clock at `start`.
 *
 * @example
 * ```ts
 * const { engine, clock } = demoEngine({ storage: await pgliteStorage({ dataDir }), start });
 * ```
 */
// Shown on the docs site (guide/district-server.md).
// #region engine
export function demoEngine(options: { storage: Storage; start: Date; ownsAdapters?: boolean }): DemoEngine {
  const clock = virtualClock(options.start);
  const district = buildDistrict();
  const ledger = pointsLedgerFor(options.storage, clock);
  const effects: EffectCounts = { notify: new Map(), other: new Map() };
  const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const notify: EffectHandler<{ topic?: string }> = ({ payload }) => {
    count(effects.notify, payload.topic ?? 'untitled');
  };
  const engine = createEngine({
    storage: options.storage,
    flows: [workOrderFlowV1, workOrderFlowV2, gridReportFlow, threeOrdersFlow, microWishFlow],
    directory: memoryDirectory(district.config),
    clock,
    effects: { ...pointsEffects(ledger), notify, '*': ({ type }) => void count(effects.other, type) },
    metrics: { facts: builtInFacts },
    instanceId: 'demo',
    // The district server goes on over the same storage after the simulation: then its maker closes it.
    ownsAdapters: options.ownsAdapters ?? true,
  });
  return { engine, clock, district, ledger, effects };
}
// #endregion engine

/**
 * The points ledger next to the cases: in the same Postgres schema and tenant, or in memory for a storage
 * that is not Postgres.
 *
 * @example
 * ```ts
 * const ledger = pointsLedgerFor(storage, systemClock);
 * ```
 */
export function pointsLedgerFor(storage: Storage, clock: Clock): PointsLedger {
  if (storage.name !== 'postgres') return memoryPointsLedger({ clock });
  const { client, schema, tenantId } = storage as PostgresStorage;
  return postgresPointsLedger({ client, schema, tenantId, clock });
}
