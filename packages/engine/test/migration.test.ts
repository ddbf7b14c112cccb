import { describe, expect, it } from 'vitest';
import { memoryDirectory } from '../src/directory/memory-directory.js';
import { isGridflowError } from '../src/errors.js';
import type { Engine } from '../src/runtime/engine-types.js';
import type { MigrationPlan } from '../src/runtime/migration/migration-types.js';
import { replayJournal } from '../src/runtime/commands/replay.js';
import { memoryStorage } from '../src/storage/memory-storage.js';
import type { Storage } from '../src/storage/storage.js';
import { createTestEngine } from '../src/testing/test-engine.js';
import { gridWorker, org, resident, staffA } from './fixtures/org.js';
import { repairFlow } from './fixtures/repair-flow.js';
import { repairFlowV2 } from './fixtures/repair-flow-v2.js';

const MONDAY_9AM = '2026-09-21T09:00:00+08:00';
const SLA_OPEN = 'xstate.after.slaDeadline.repair.open';
const SLA_ASSIGNED = 'xstate.after.slaDeadline.repair.assigned';
const SLA_WORKING = 'xstate.after.slaDeadline.repair.working';

const plan: MigrationPlan = {
  flow: 'repair',
  from: 1,
  to: 2,
  states: { open: 'open', assigned: 'working' },
  context: (ctx) => ({ ...ctx, priority: 'normal' }),
};

function setup(storage: Storage = memoryStorage()) {
  return createTestEngine({
    flows: [repairFlow, repairFlowV2],
    directory: memoryDirectory(org),
    start: MONDAY_9AM,
    storage,
    effects: { '*': async () => {} },
  });
}

async function openCase(engine: Engine, title = '路灯不亮') {
  return engine.createCase({
    flow: 'repair',
    flowVersion: 1,
    actor: resident,
    orgUnit: 'grid-a1',
    input: { title },
  });
}

async function assignedCase(engine: Engine) {
  const c = await openCase(engine, '井盖松动');
  await engine.send({ caseId: c.id, actor: staffA, event: { type: 'assign', to: 'g-wang' } });
  return c;
}

/** Everything storage holds about some cases, to prove a rejected migration wrote nothing. */
async function dump(engine: Engine, ids: string[]) {
  return Promise.all(
    ids.map(async (id) => ({
      record: await engine.storage.loadCase(id),
      journal: await engine.storage.readJournal(id),
      timers: await engine.storage.listTimers(id),
    })),
  );
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isGridflowError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('engine.migrate', () => {
  it('migrates live version-1 cases mid-flight and keeps their SLA timers at the original due time', async () => {
    const t = setup();
    const { engine } = t;
    const open = await openCase(engine);
    await t.advance('1 working day');
    const assigned = await assignedCase(engine);
    const [openTimer] = await engine.storage.listTimers(open.id);
    const [assignedTimer] = await engine.storage.listTimers(assigned.id);
    expect(assignedTimer?.key).toBe(SLA_ASSIGNED);

    await t.advance('1 working hour');
    const report = await engine.migrate(plan);

    expect(report.counts).toEqual({ selected: 2, migrated: 2, failed: 0 });
    const byId = new Map(report.cases.map((c) => [c.caseId, c]));
    expect(byId.get(open.id)).toMatchObject({ fromState: 'open', toState: 'open', ok: true });
    expect(byId.get(open.id)?.timers).toEqual({
      kept: [{ key: SLA_OPEN, dueAt: openTimer?.dueAt }],
      started: [],
      cancelled: [],
    });
    expect(byId.get(assigned.id)?.timers.kept).toEqual([{ key: SLA_WORKING, dueAt: assignedTimer?.dueAt }]);

    const migrated = await engine.getCase(assigned.id);
    expect(migrated).toMatchObject({ flowVersion: 2, state: 'working', version: 3, assignee: 'g-wang' });
    expect(migrated.context.priority).toBe('normal');
    expect(migrated.dueAt).toEqual(assignedTimer?.dueAt);
    const timers = await engine.storage.listTimers(assigned.id);
    expect(timers.map((x) => [x.key, x.dueAt])).toEqual([[SLA_WORKING, assignedTimer?.dueAt]]);

    const [last] = (await engine.history(assigned.id)).slice(-1);
    expect(last).toMatchObject({
      type: 'gridflow.migrate',
      seq: 3,
      flowVersion: 2,
      fromState: 'assigned',
      toState: 'working',
      actor: { id: 'system' },
    });
    expect(last?.event).toMatchObject({ from: 1, to: 2, fromState: 'assigned', toState: 'working' });

    // The renamed timer fires on version 2, once, at the due time it had on version 1.
    const dueAt = assignedTimer?.dueAt as Date;
    await t.advanceTo(new Date(dueAt.getTime() - 1));
    expect((await engine.getCase(assigned.id)).context.escalated).toBe(0);
    await t.advanceTo(dueAt);
    await t.advance('10 working days');
    const after = await engine.getCase(assigned.id);
    expect(after.context.escalated).toBe(1);
    const fired = (await engine.history(assigned.id)).filter((e) => e.type === SLA_WORKING);
    expect(fired.map((e) => e.at)).toEqual([dueAt]);
    expect(await engine.storage.listTimers(assigned.id)).toEqual([]);
  });

  it('leaves stored snapshots equal to the replay of their journal after a migration', async () => {
    const t = setup();
    const { engine } = t;
    const ids = [(await openCase(engine)).id, (await assignedCase(engine)).id];
    await engine.migrate(plan);
    await engine.send({ caseId: ids[0] as string, actor: staffA, event: { type: 'hold' } });
    await t.advance('1 working day');
    for (const id of ids) {
      const stored = await engine.storage.loadCase(id);
      const replayed = replayJournal(engine.flows, engine.calendar, await engine.history(id));
      expect(replayed.snapshot).toEqual(stored?.snapshot);
      expect(replayed).toMatchObject({ flowVersion: 2, state: stored?.state, version: stored?.version });
    }
  });

  it('reports per case in a dry run and writes nothing', async () => {
    const { engine } = setup();
    const ids = [(await openCase(engine)).id, (await assignedCase(engine)).id];
    const before = await dump(engine, ids);
    const report = await engine.migrate(plan, { dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.counts).toEqual({ selected: 2, migrated: 0, failed: 0 });
    const rows = report.cases.map((c) => [
      c.caseId,
      c.fromState,
      c.toState,
      c.ok,
      c.timers.kept.map((x) => x.key),
    ]);
    expect(rows.sort()).toEqual(
      [
        [ids[0], 'open', 'open', true, [SLA_OPEN]],
        [ids[1], 'assigned', 'working', true, [SLA_WORKING]],
      ].sort(),
    );
    expect(await dump(engine, ids)).toEqual(before);
  });

  it('rejects a map to a missing target state before touching any case', async () => {
    const { engine } = setup();
    const ids = [(await openCase(engine)).id, (await assignedCase(engine)).id];
    const before = await dump(engine, ids);
    const error = await rejection(
      engine.migrate({ ...plan, states: { open: 'open', assigned: 'inProgress' } }),
    );
    expect(error.code).toBe('MIGRATION_INVALID');
    expect(error.details.field).toBe('states.assigned');
    expect(error.message).toContain('"inProgress"');
    expect(await dump(engine, ids)).toEqual(before);
  });

  it('rejects a map that leaves a live case in an unmapped state, naming the case, before touching any', async () => {
    const { engine } = setup();
    const open = await openCase(engine);
    const assigned = await assignedCase(engine);
    const before = await dump(engine, [open.id, assigned.id]);
    const error = await rejection(engine.migrate({ ...plan, states: { open: 'open' } }));
    expect(error.code).toBe('MIGRATION_INVALID');
    expect(error.details.field).toBe('states.assigned');
    expect(error.details.unmapped).toEqual([{ caseId: assigned.id, state: 'assigned' }]);
    expect(await dump(engine, [open.id, assigned.id])).toEqual(before);
  });

  it('rejects unknown versions, source states and case ids with MIGRATION_INVALID', async () => {
    const { engine } = setup();
    const c = await openCase(engine);
    const bad: Array<[MigrationPlan, string]> = [
      [{ ...plan, to: 3 }, 'to'],
      [{ ...plan, from: 2, to: 2 }, 'to'],
      [{ ...plan, states: { ...plan.states, opne: 'open' } }, 'states.opne'],
      [{ ...plan, filter: { caseIds: [c.id, 'nope'] } }, 'filter.caseIds'],
      [{ ...plan, timers: 'reset' as never }, 'timers'],
      [{ ...plan, states: { open: 'toString', assigned: 'working' } }, 'states.open'],
    ];
    for (const [badPlan, field] of bad) {
      const error = await rejection(engine.migrate(badPlan));
      expect([error.code, error.details.field]).toEqual(['MIGRATION_INVALID', field]);
    }
    expect((await engine.getCase(c.id)).flowVersion).toBe(1);
  });

  it('keeps cases it did not select running on version 1', async () => {
    const t = setup();
    const { engine } = t;
    const chosen = await assignedCase(engine);
    const other = await assignedCase(engine);
    const report = await engine.migrate({ ...plan, filter: { caseIds: [chosen.id] } });
    expect(report.cases.map((c) => c.caseId)).toEqual([chosen.id]);
    expect((await engine.getCase(other.id)).flowVersion).toBe(1);
    expect((await engine.storage.listTimers(other.id)).map((x) => x.key)).toEqual([SLA_ASSIGNED]);
    // Version 1 has no `hold`; the other case still speaks version 1 and finishes on it.
    const reopened = await engine.send({ caseId: other.id, actor: staffA, event: { type: 'release' } });
    expect(reopened).toMatchObject({ state: 'open', flowVersion: 1 });
    const hold = await rejection(engine.send({ caseId: other.id, actor: staffA, event: { type: 'hold' } }));
    expect(hold.code).toBe('VALIDATION_FAILED');
    await t.advance('10 working days');
    expect((await engine.getCase(other.id)).context.escalated).toBe(1);
    await engine.send({ caseId: chosen.id, actor: gridWorker, event: { type: 'fix' } });
    expect((await engine.getCase(chosen.id)).status).toBe('done');
  });
});

describe('engine.migrate timer policies', () => {
  const toHold: MigrationPlan = { ...plan, states: { open: 'onHold', assigned: 'working' } };

  it('replan (the default) cancels a deadline the target state lacks and starts the target delays from now', async () => {
    const t = setup();
    const { engine } = t;
    const c = await openCase(engine);
    await t.advance('2 working hours');
    const now = t.clock.now();
    const report = await engine.migrate(toHold);
    expect(report.timers).toBe('replan');
    const holdUntil = engine.calendar.addWorkingHours(now, 4);
    expect(report.cases[0]?.timers).toEqual({
      kept: [],
      started: [{ key: 'xstate.after.holdLimit.repair.onHold', dueAt: holdUntil }],
      cancelled: [{ key: SLA_OPEN, dueAt: engine.calendar.addWorkingDays(new Date(MONDAY_9AM), 3) }],
    });
    expect(await engine.getCase(c.id)).toMatchObject({ state: 'onHold', dueAt: null });
    const [timer] = await engine.storage.listTimers(c.id);
    expect(timer).toMatchObject({ dueAt: holdUntil, plan: { from: now, amount: 4, unit: 'workingHours' } });
    await t.advanceTo(holdUntil);
    const reopened = await engine.getCase(c.id);
    expect(reopened).toMatchObject({ state: 'open', flowVersion: 2 });
    expect(reopened.dueAt).toEqual(engine.calendar.addWorkingDays(holdUntil, 3));
  });

  it('keep carries matching timers but starts nothing new', async () => {
    const { engine } = setup();
    const open = await openCase(engine);
    const assigned = await assignedCase(engine);
    const report = await engine.migrate({ ...toHold, timers: 'keep' });
    const byId = new Map(report.cases.map((c) => [c.caseId, c.timers]));
    expect(byId.get(open.id)?.started).toEqual([]);
    expect(byId.get(open.id)?.cancelled.map((x) => x.key)).toEqual([SLA_OPEN]);
    expect(byId.get(assigned.id)?.kept.map((x) => x.key)).toEqual([SLA_WORKING]);
    expect(await engine.storage.listTimers(open.id)).toEqual([]);
  });

  it('closes a case mapped to a final state and cancels all its timers, whatever the policy', async () => {
    const { engine } = setup();
    const c = await assignedCase(engine);
    const report = await engine.migrate({ ...plan, states: { assigned: 'fixed' } });
    expect(report.cases[0]?.timers).toMatchObject({ kept: [], started: [] });
    expect(report.cases[0]?.timers.cancelled.map((x) => x.key)).toEqual([SLA_ASSIGNED]);
    expect(await engine.getCase(c.id)).toMatchObject({ status: 'done', state: 'fixed', flowVersion: 2 });
    expect(await engine.storage.listTimers(c.id)).toEqual([]);
  });

  it('drop cancels every pending timer and clears the deadline', async () => {
    const { engine } = setup();
    const c = await assignedCase(engine);
    const report = await engine.migrate({ ...plan, timers: 'drop' });
    expect(report.cases[0]?.timers.cancelled.map((x) => x.key)).toEqual([SLA_ASSIGNED]);
    expect(await engine.storage.listTimers(c.id)).toEqual([]);
    expect((await engine.getCase(c.id)).dueAt).toBeNull();
  });
});

/** Memory storage that can run something just before a migration commit, and counts concurrent ones. */
function interceptedStorage() {
  const base = memoryStorage();
  const state = { before: null as null | (() => Promise<void>), inFlight: 0, maxInFlight: 0 };
  const storage = new Proxy(base, {
    get(target, prop) {
      if (prop === 'commit') {
        return async (request: Parameters<Storage['commit']>[0]) => {
          if (request.journal[0]?.type !== 'gridflow.migrate') return target.commit(request);
          const before = state.before;
          state.before = null;
          if (before) await before();
          state.inFlight++;
          state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
          await new Promise((resolve) => setTimeout(resolve, 1));
          try {
            return await target.commit(request);
          } finally {
            state.inFlight--;
          }
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { storage, state };
}

describe('engine.migrate execution', () => {
  it('re-reads a case that changed after the check and migrates what it became', async () => {
    const { storage, state } = interceptedStorage();
    const { engine } = setup(storage);
    const c = await assignedCase(engine);
    state.before = async () => {
      await engine.send({ caseId: c.id, actor: gridWorker, event: { type: 'note', text: '已到现场' } });
    };
    const report = await engine.migrate(plan);
    expect(report.counts).toEqual({ selected: 1, migrated: 1, failed: 0 });
    const journal = await engine.history(c.id);
    expect(journal.map((e) => e.type)).toEqual(['gridflow.create', 'assign', 'note', 'gridflow.migrate']);
    expect((await engine.getCase(c.id)).context.notes).toEqual(['已到现场']);
  });

  it('reports, and does not force, a case that left the mapped states after the check', async () => {
    const { storage, state } = interceptedStorage();
    const { engine } = setup(storage);
    const c = await assignedCase(engine);
    state.before = async () => {
      await engine.send({ caseId: c.id, actor: gridWorker, event: { type: 'fix' } });
    };
    const report = await engine.migrate(plan);
    expect(report.counts).toEqual({ selected: 1, migrated: 0, failed: 1 });
    expect(report.cases[0]).toMatchObject({ caseId: c.id, ok: false, problem: 'case is done' });
    expect(await engine.getCase(c.id)).toMatchObject({ flowVersion: 1, state: 'fixed' });
  });

  it('commits at most batchSize cases at once, each in its own commit', async () => {
    const { storage, state } = interceptedStorage();
    const { engine } = setup(storage);
    for (let i = 0; i < 5; i++) await openCase(engine, `case ${i}`);
    const report = await engine.migrate(plan, { batchSize: 2 });
    expect(report.counts.migrated).toBe(5);
    expect(state.maxInFlight).toBe(2);
  });

  it('rejects a context transform that throws, naming the case, and writes nothing', async () => {
    const { engine } = setup();
    const c = await openCase(engine);
    const before = await dump(engine, [c.id]);
    const error = await rejection(
      engine.migrate({
        ...plan,
        context: () => {
          throw new Error('no priority rule for this title');
        },
      }),
    );
    expect(error.code).toBe('MIGRATION_INVALID');
    expect(error.details.field).toBe(`cases.${c.id}`);
    expect(error.message).toContain('no priority rule');
    expect(await dump(engine, [c.id])).toEqual(before);
  });

  it('records the given actor on the journal entry', async () => {
    const { engine } = setup();
    const c = await openCase(engine);
    const admin = { id: 'admin-zhou', roles: ['supervisor'], orgUnit: 'district' };
    await engine.migrate(plan, { actor: admin });
    const [last] = (await engine.history(c.id)).slice(-1);
    expect(last?.actor).toEqual(admin);
  });
});
