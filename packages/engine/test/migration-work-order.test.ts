import { describe, expect, it } from 'vitest';
import { actors, directory, LADDER } from '../src/flows/work-order/work-order-fixture.test-util.js';
import { workOrderFlowV1 } from '../src/flows/work-order/work-order-v1.js';
import { workOrderFlowV2 } from '../src/flows/work-order/work-order-v2.js';
import { workOrderFlowV3 } from '../src/flows/work-order/work-order-v3.js';
import type { MigrationPlan } from '../src/runtime/migration/migration-types.js';
import { replayJournal } from '../src/runtime/commands/replay.js';
import { createTestEngine } from '../src/testing/test-engine.js';

/** Every state a live version-1 work order can be in exists unchanged in version 2. */
const V1_LIVE_STATES = [
  'submitted',
  'pendingDispatch',
  'dispatched',
  'inProgress.working',
  'inProgress.suspended',
  'inProgress.extensionRequested',
  'replied',
  'followingUp',
];

const plan: MigrationPlan = {
  flow: 'work-order',
  from: 1,
  to: 2,
  states: Object.fromEntries(V1_LIVE_STATES.map((s) => [s, s])),
};

function setup() {
  const t = createTestEngine({
    flows: [workOrderFlowV1, workOrderFlowV2],
    directory,
    start: '2026-09-28T09:00:00+08:00',
    effects: { '*': async () => {} },
  });
  const send = (caseId: string, by: typeof actors.resident, type: string, payload = {}) =>
    t.engine.send({ caseId, actor: by, event: { type, ...payload } });
  async function v1Case(title: string) {
    const c = await t.engine.createCase({
      flow: 'work-order',
      flowVersion: 1,
      actor: actors.resident,
      orgUnit: 'grid-01',
      input: { title, requestType: 'help', ladder: LADDER },
    });
    await send(c.id, actors.dispatcher, 'accept');
    await send(c.id, actors.dispatcher, 'dispatch', { leadUnit: 'dept-housing' });
    return c.id;
  }
  return { ...t, send, v1Case };
}

describe('migrating live work orders from version 1 to version 2', () => {
  it('moves mid-flight cases to v2, keeps the SLA deadline, and fires it once at its original due time', async () => {
    const t = setup();
    const { engine, send } = t;
    const working = await t.v1Case('楼道灯不亮');
    await send(working, actors.housing, 'signFor');
    await t.advance('1 working day');
    const waiting = await t.v1Case('井盖缺失');
    const stay = await t.v1Case('噪音扰民');
    const before = await engine.getCase(working);
    const deadline = (await engine.storage.listTimers(working)).find((x) => x.key === 'slaDeadline');
    expect(deadline?.dueAt).toBeInstanceOf(Date);
    expect(deadline?.dueAt).toEqual(before.dueAt);
    const timersBefore = await engine.storage.listTimers(working);
    expect(timersBefore.map((x) => x.key)).toEqual(['slaReminder50', 'slaReminder80', 'slaDeadline']);
    const signForTimer = (await engine.storage.listTimers(waiting)).map((x) => x.key);

    const report = await engine.migrate({ ...plan, filter: { caseIds: [working, waiting] } });
    expect(report.counts).toEqual({ selected: 2, migrated: 2, failed: 0 });
    const workingReport = report.cases.find((c) => c.caseId === working);
    expect(workingReport).toMatchObject({ fromState: 'inProgress.working', toState: 'inProgress.working' });
    expect(workingReport?.timers.cancelled).toEqual([]);
    expect(workingReport?.timers.kept.map((x) => [x.key, x.dueAt])).toEqual(
      timersBefore.map((x) => [x.key, x.dueAt]),
    );
    expect(signForTimer).toContain('signForDeadline');
    expect((await engine.storage.listTimers(waiting)).map((x) => x.key)).toEqual(signForTimer);
    const after = await engine.getCase(working);
    expect(after).toMatchObject({ flowVersion: 2, state: 'inProgress.working', dueAt: before.dueAt });
    expect(await engine.storage.listTimers(working)).toEqual(timersBefore);

    // Version 2 behaviour on a migrated case: a return goes to dispute review (退单审核).
    await send(waiting, actors.housing, 'return', { reason: '非本单位职责' });
    expect((await engine.getCase(waiting)).state).toBe('returnReview');
    // The case left on version 1 keeps version 1's rules: straight back to dispatch.
    await send(stay, actors.housing, 'return', { reason: '非本单位职责' });
    expect(await engine.getCase(stay)).toMatchObject({ flowVersion: 1, state: 'pendingDispatch' });

    const dueAt = before.dueAt as Date;
    await t.advanceTo(new Date(dueAt.getTime() - 60_000));
    expect((await engine.getCase(working)).context.sla).toMatchObject({ breachedAt: null });
    await t.advanceTo(dueAt);
    await t.advance('5 working days');
    const breaches = (await engine.history(working)).filter((e) => e.type === 'sla.breach');
    expect(breaches.map((e) => [e.at, e.flowVersion])).toEqual([[dueAt, 2]]);
    expect((await engine.getCase(working)).context.sla).toMatchObject({ breachedAt: dueAt.toISOString() });

    const stored = await engine.storage.loadCase(working);
    const replayed = replayJournal(engine.flows, engine.calendar, await engine.history(working));
    expect(replayed.snapshot).toEqual(stored?.snapshot);
  });

  it('cancels every SLA timer of a work order it closes, though the machine root still takes sla.breach', async () => {
    const t = setup();
    const id = await t.v1Case('已自行修复');
    await t.send(id, actors.housing, 'signFor');
    expect(await t.engine.storage.listTimers(id)).toHaveLength(3);
    const report = await t.engine.migrate({
      ...plan,
      states: { ...plan.states, 'inProgress.working': 'closed' },
    });
    expect(report.cases[0]?.timers.kept).toEqual([]);
    expect(report.cases[0]?.timers.cancelled).toHaveLength(3);
    expect(await t.engine.getCase(id)).toMatchObject({ status: 'done', state: 'closed' });
    expect(await t.engine.storage.listTimers(id)).toEqual([]);
  });

  it('refuses a map that forgets a state a live work order is in, and changes nothing', async () => {
    const t = setup();
    const id = await t.v1Case('路面塌陷');
    await t.send(id, actors.housing, 'signFor');
    const { 'inProgress.working': _, ...states } = plan.states;
    const before = await t.engine.storage.loadCase(id);
    await expect(t.engine.migrate({ ...plan, states })).rejects.toMatchObject({
      code: 'MIGRATION_INVALID',
      details: {
        field: 'states.inProgress.working',
        unmapped: [{ caseId: id, state: 'inProgress.working' }],
      },
    });
    expect(await t.engine.storage.loadCase(id)).toEqual(before);
  });
});

/** Every state a live version-2 work order can be in; version 3 has each of them (and adds its own). */
const V2_LIVE_STATES = [...V1_LIVE_STATES, 'returnReview'];

describe('migrating live work orders from version 2 to version 3', () => {
  function v3Setup() {
    const t = createTestEngine({
      flows: [workOrderFlowV2, workOrderFlowV3],
      directory,
      start: '2026-09-28T09:00:00+08:00',
      effects: { '*': async () => {} },
    });
    const send = (caseId: string, by: typeof actors.resident, type: string, payload = {}) =>
      t.engine.send({ caseId, actor: by, event: { type, ...payload } });
    async function v2Case() {
      const c = await t.engine.createCase({
        flow: 'work-order',
        flowVersion: 2,
        actor: actors.resident,
        orgUnit: 'grid-01',
        input: { title: '楼道灯不亮', requestType: 'help' },
      });
      await send(c.id, actors.dispatcher, 'accept');
      await send(c.id, actors.dispatcher, 'dispatch', { leadUnit: 'dept-housing' });
      return c.id;
    }
    return { ...t, send, v2Case };
  }

  it('maps every v2 state to itself, then applies v3 rules from the next event on, with the journal still replaying', async () => {
    const t = v3Setup();
    const dispatched = await t.v2Case();
    const suspended = await t.v2Case();
    await t.send(suspended, actors.housing, 'signFor');
    await t.send(suspended, actors.housing, 'suspend', { reason: '等待产权单位' });
    const replied = await t.v2Case();
    await t.send(replied, actors.housing, 'signFor');
    await t.send(replied, actors.housing, 'reply', { result: '已修', solved: true, publicReply: '已修' });
    await t.advance('2 working days');

    const v2ToV3: MigrationPlan = {
      flow: 'work-order',
      from: 2,
      to: 3,
      states: Object.fromEntries(V2_LIVE_STATES.map((s) => [s, s])),
    };
    expect((await t.engine.migrate(v2ToV3, { dryRun: true })).counts).toMatchObject({
      selected: 3,
      failed: 0,
    });
    const report = await t.engine.migrate(v2ToV3);
    expect(report.counts).toEqual({ selected: 3, migrated: 3, failed: 0 });

    // Verification before the rating now holds for the replied case.
    const refused = await t.send(replied, actors.resident, 'rate', { rating: 'satisfied' }).catch((e) => e);
    expect(refused.code).toBe('EVENT_NOT_ACCEPTED');
    await t.send(replied, actors.gridWorker, 'verify', { passed: true });
    await t.send(replied, actors.resident, 'rate', { rating: 'unsatisfied' });
    await t.send(replied, actors.housing, 'appealRating', { reason: '超出政策' });
    expect((await t.engine.getCase(replied)).state).toBe('appealReview');
    // A suspension begun under v2 has no approved limit; the unit resumes it with the time left.
    await t.send(suspended, actors.housing, 'resume');
    expect((await t.engine.getCase(suspended)).state).toBe('inProgress.working');
    // A case dispatched under v2 got no return limit; dispatched again under v3, it climbs the new unit's chain.
    await t.send(dispatched, actors.housing, 'return', { reason: '非本单位职责' });
    await t.send(dispatched, actors.dispatcher, 'reviewReturn', { upheld: true, note: '同意' });
    await t.send(dispatched, actors.dispatcher, 'dispatch', { leadUnit: 'dept-city' });
    const view = await t.engine.getCase(dispatched);
    expect(view.context).toMatchObject({ escalation: { ladder: ['dept-city', 'district'] } });
    expect(view.context.returnDueAt).toEqual(expect.any(String));

    for (const id of [dispatched, suspended, replied]) {
      const stored = await t.engine.storage.loadCase(id);
      const replayed = replayJournal(t.engine.flows, t.engine.calendar, await t.engine.history(id));
      expect([id, replayed.snapshot]).toEqual([id, stored?.snapshot]);
    }
  });
});
