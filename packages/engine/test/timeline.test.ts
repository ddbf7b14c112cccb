import { describe, expect, it } from 'vitest';
import { memoryDirectory } from '../src/directory/memory-directory.js';
import { defineFlow } from '../src/flow/define-flow.js';
import { actors, workOrderHarness } from '../src/flows/work-order/work-order-fixture.test-util.js';
import { createTestEngine } from '../src/testing/test-engine.js';
import { gridWorker, org, otherResident, resident, staffA } from './fixtures/org.js';
import { repairFlow } from './fixtures/repair-flow.js';

const labelledRepair = defineFlow({
  ...repairFlow,
  labels: {
    events: { 'gridflow.create': '报修', assign: '指派', note: '备注', fix: '修复' },
    states: { open: '待指派', assigned: '维修中', fixed: '已修复' },
    timers: { slaDeadline: '维修超时' },
  },
});

const directory = memoryDirectory({
  units: org.units,
  members: [
    { id: resident.id, name: '李明', roles: ['resident'], orgUnit: 'grid-a1' },
    { id: staffA.id, name: '王芳', roles: ['communityStaff'], orgUnit: 'comm-a' },
    { id: gridWorker.id, name: '张伟', roles: ['gridWorker'], orgUnit: 'grid-a1' },
  ],
});

async function repairCase() {
  const t = createTestEngine({ flows: [labelledRepair], directory, start: '2026-09-14T09:30:00+08:00' });
  const c = await t.engine.createCase({
    flow: 'repair',
    actor: resident,
    orgUnit: 'grid-a1',
    input: { title: '路灯不亮' },
  });
  await t.advanceTo('2026-09-15T10:02:00+08:00');
  await t.engine.send({ caseId: c.id, actor: staffA, event: { type: 'assign', to: gridWorker.id } });
  await t.engine.send({
    caseId: c.id,
    actor: resident,
    event: { type: 'note', text: '请联系我 13812345678' },
  });
  await t.advance('3 working days');
  return { ...t, caseId: c.id };
}

describe('engine.timeline', () => {
  it('labels every step from the flow, names actors and units from the directory, in China time', async () => {
    const { engine, caseId } = await repairCase();
    const steps = await engine.timeline(caseId);
    expect(steps.map((s) => s.text)).toEqual([
      '报修 · 李明 (幸福一网格) · 2026-09-14 09:30',
      '指派 · 王芳 (幸福社区) · 2026-09-15 10:02',
      '备注 · 李明 (幸福一网格) · 2026-09-15 10:02',
      '维修超时 · 系统 · 2026-09-18 10:02',
    ]);
    expect(steps[1]).toMatchObject({
      type: 'assign',
      label: '指派',
      fromState: 'open',
      fromStateLabel: '待指派',
      toStateLabel: '维修中',
      details: { to: gridWorker.id },
      actor: { id: staffA.id, name: '王芳', unitName: '幸福社区', system: false },
    });
    expect(steps[3]?.type).toMatch(/^xstate\.after\.slaDeadline\./);
    expect(steps[3]?.actor.system).toBe(true);
  });

  it('masks personal data for a reader who sees it masked, like history, and hides the case from outsiders', async () => {
    const { engine, caseId } = await repairCase();
    const staffView = await engine.timeline(caseId, { actor: staffA });
    expect(staffView[0]?.text).toBe('报修 · 李* (幸福一网格) · 2026-09-14 09:30');
    expect(staffView[2]?.details).toEqual({ text: '请联系我 138****5678' });
    const history = await engine.history(caseId, staffA);
    expect(history[2]?.event.text).toBe(staffView[2]?.details.text);

    const ownView = await engine.timeline(caseId, { actor: resident });
    expect(ownView[0]?.actor.name).toBe('李明');
    expect(ownView[2]?.details).toEqual({ text: '请联系我 13812345678' });

    await expect(engine.timeline(caseId, { actor: otherResident })).rejects.toMatchObject({
      code: 'CASE_NOT_FOUND',
    });
  });

  it('falls back to 超时提醒 for a timer and to ids for what a flow does not label', async () => {
    const t = createTestEngine({ flows: [repairFlow], directory, start: '2026-09-14T09:30:00+08:00' });
    const c = await t.engine.createCase({
      flow: 'repair',
      actor: resident,
      orgUnit: 'grid-a1',
      input: { title: '井盖' },
    });
    await t.advance('4 working days');
    const labels = (await t.engine.timeline(c.id)).map((s) => s.label);
    expect(labels).toEqual(['创建', '超时提醒']);
  });

  it('reads the built-in work-order flow in Chinese: 签收, 待签收, never a raw timer id', async () => {
    const h = workOrderHarness();
    const caseId = await h.signedFor();
    await h.advance('30 working days');
    const steps = await h.engine.timeline(caseId, { actor: actors.dispatcher });
    const labels = steps.map((s) => s.label);
    expect(labels.slice(0, 4)).toEqual(['登记', '受理', '派单', '签收']);
    expect(steps[2]?.toStateLabel).toBe('待签收');
    expect(labels).toContain('办理超时');
    for (const step of steps) expect(step.label).not.toMatch(/^(xstate|sla|signFor)\./);
  });
});
