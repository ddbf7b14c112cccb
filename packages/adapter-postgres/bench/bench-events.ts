import { createEngine } from '@gridflow/engine';
import pg from 'pg';
import { type PostgresStorage, postgresStorage } from '../src/index.js';
import { ticketDirectory, worker } from '../test/fixtures/ticket-flow.js';
import { runFor } from './bench-stats.js';
import { slaFlow } from './bench-flow.js';

/** Turns each side gets: the run time is split into this many slices per side. */
const SLICES = 10;

/**
 * Events per second of `engine.send` on Postgres, and of the raw floor: the same transition's writes by hand
 * with `pg` in one transaction (lock the case row, update the snapshot, insert the journal row), prepared
 * statements, same tables and indexes, same snapshot and event sizes. Each lane owns its own case, so
 * neither side measures contention. The sides take turns in ten short slices each (`ms` in all per side).
 *
 * @example
 * ```ts
 * const { engine, raw } = await benchEvents(url, schema, 8, 5_000);
 * ```
 */
export async function benchEvents(
  url: string,
  schema: string,
  connections: number,
  ms: number,
): Promise<{ engine: number; storage: number; raw: number; noFacts: number }> {
  const pool = new pg.Pool({
    connectionString: url,
    max: connections,
    ...(process.env.BENCH_ASYNC ? { options: '-c synchronous_commit=off' } : {}),
  });
  const storage = postgresStorage({ client: pool, schema, tenantId: `bench-${connections}` });
  const engine = createEngine({ storage, flows: [slaFlow], directory: ticketDirectory });
  // The same engine on a storage that does not say it keeps case facts: the commit path as before them.
  const blind: PostgresStorage = Object.create(storage, {
    capabilities: { value: { ...storage.capabilities, caseFacts: false } },
  });
  const engineNoFacts = createEngine({ storage: blind, flows: [slaFlow], directory: ticketDirectory });
  try {
    const cases = await Promise.all(
      Array.from({ length: connections }, () =>
        engine.createCase({ flow: 'sla', actor: worker, orgUnit: 'comm-1' }),
      ),
    );
    const rawIds = await copyCasesForRaw(
      pool,
      schema,
      storage.tenantId,
      cases.map((c) => c.id),
    );
    const sendOne = (lane: number) =>
      engine.send({ caseId: cases[lane]!.id, actor: worker, event: { type: 'touch' } }).then(() => undefined);
    const plainCases = await Promise.all(
      Array.from({ length: connections }, () =>
        engineNoFacts.createCase({ flow: 'sla', actor: worker, orgUnit: 'comm-1' }),
      ),
    );
    const sendPlain = (lane: number) =>
      engineNoFacts
        .send({ caseId: plainCases[lane]!.id, actor: worker, event: { type: 'touch' } })
        .then(() => undefined);
    const rawOne = rawTransition(pool, schema, storage.tenantId, rawIds);
    const storageIds = await copyCasesForRaw(
      pool,
      schema,
      storage.tenantId,
      cases.map((c) => c.id),
      'st-',
    );
    const storageOne = storageTransition(storage, storageIds);

    // Warm all three up (JIT, prepared statements), then take turns in short slices, rotating the order each
    // round: this machine's speed drifts over seconds, and fine turns make the drift hit every side alike.
    const sides = { engine: sendOne, raw: rawOne, storage: storageOne, noFacts: sendPlain };
    type Side = keyof typeof sides;
    const order: Side[] = ['engine', 'raw', 'storage', 'noFacts'];
    for (const side of order) await runFor(500, connections, sides[side]);
    const slice = Math.max(200, Math.round(ms / SLICES));
    const totals = {
      engine: { events: 0, ms: 0 },
      raw: { events: 0, ms: 0 },
      storage: { events: 0, ms: 0 },
      noFacts: { events: 0, ms: 0 },
    };
    for (let round = 0; round < SLICES; round++) {
      for (let k = 0; k < order.length; k++) {
        const side = order[(round + k) % order.length]!;
        const started = performance.now();
        const rate = await runFor(slice, connections, sides[side]);
        const elapsed = performance.now() - started;
        totals[side].events += rate * (elapsed / 1000);
        totals[side].ms += elapsed;
      }
    }
    const perSecond = (side: Side) => totals[side].events / (totals[side].ms / 1000);
    return {
      engine: perSecond('engine'),
      storage: perSecond('storage'),
      raw: perSecond('raw'),
      noFacts: perSecond('noFacts'),
    };
  } finally {
    await engine.stop();
    await engineNoFacts.stop();
    await pool.end();
  }
}

/** Raw cases start as copies of engine cases, so snapshots have the same shape and size. */
async function copyCasesForRaw(
  pool: pg.Pool,
  schema: string,
  tenant: string,
  ids: string[],
  prefix = 'raw-',
): Promise<string[]> {
  const rawIds = ids.map((id) => `${prefix}${id}`);
  await pool.query(
    `insert into "${schema}".cases (tenant_id, id, flow_id, flow_version, state, status, snapshot, version, org_unit,
      assignee, requester_id, handling_units, due_at, created_at, updated_at)
    select tenant_id, $3 || id, flow_id, flow_version, state, status, snapshot, version, org_unit, assignee,
      requester_id, handling_units, due_at, created_at, updated_at
    from "${schema}".cases where tenant_id = $1 and id = any($2::text[])`,
    [tenant, ids, prefix],
  );
  return rawIds;
}

/**
 * The adapter alone: load the case, build the next version by hand (no XState, no engine), commit. The gap
 * between this and the engine is the engine's own work per event; between this and raw, the adapter's.
 */
function storageTransition(storage: PostgresStorage, ids: string[]) {
  return async (lane: number): Promise<void> => {
    const current = (await storage.loadCase(ids[lane]!))!;
    const at = new Date();
    const snapshot = current.snapshot as { context: { count: number } };
    const next = {
      ...current,
      snapshot: { ...snapshot, context: { ...snapshot.context, count: snapshot.context.count + 1 } },
      version: current.version + 1,
      updatedAt: at,
    };
    const entry = {
      caseId: current.id,
      seq: next.version,
      type: 'touch',
      event: { type: 'touch', meta: { actor: worker, at: at.toISOString() } },
      actor: worker,
      flowVersion: 1,
      fromState: current.state,
      toState: current.state,
      at,
      causationId: null,
      idempotencyKey: null,
    };
    const outcome = await storage.commit({
      case: next,
      expectedVersion: current.version,
      journal: [entry],
      cancelTimers: [],
      scheduleTimers: [],
      outbox: [],
      idempotency: null,
      consumeTimer: null,
    });
    if (outcome.status !== 'committed') throw new Error(`storage bench commit: ${outcome.status}`);
  };
}

function rawTransition(pool: pg.Pool, schema: string, tenant: string, ids: string[]) {
  const s = `"${schema}"`;
  const lock = `select snapshot, version, state from ${s}.cases where tenant_id = $1 and id = $2 for update`;
  const update = `update ${s}.cases set snapshot = $3, version = $4, state = $5, updated_at = $6
    where tenant_id = $1 and id = $2`;
  const journal = `insert into ${s}.journal (tenant_id, case_id, seq, type, event, actor, flow_version, from_state,
    to_state, at) values ($1, $2, $3, 'touch', $4, $5, 1, $6, $6, $7)`;
  return async (lane: number): Promise<void> => {
    const id = ids[lane]!;
    const conn = await pool.connect();
    try {
      await conn.query('BEGIN');
      const { rows } = await conn.query({ name: 'raw_lock', text: lock, values: [tenant, id] });
      const row = rows[0] as { snapshot: { context: { count: number } }; version: number; state: string };
      const at = new Date();
      row.snapshot.context.count += 1;
      const version = row.version + 1;
      await conn.query({
        name: 'raw_update',
        text: update,
        values: [tenant, id, JSON.stringify(row.snapshot), version, row.state, at],
      });
      const event = { type: 'touch', meta: { actor: worker, at: at.toISOString() } };
      await conn.query({
        name: 'raw_journal',
        text: journal,
        values: [tenant, id, version, JSON.stringify(event), JSON.stringify(worker), row.state, at],
      });
      await conn.query('COMMIT');
    } catch (error) {
      await conn.query('ROLLBACK');
      throw error;
    } finally {
      conn.release();
    }
  };
}
