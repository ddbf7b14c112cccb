import { describe, expect, it } from 'vitest';
import type { Actor } from '../../types.js';
import { gridReportInputSchema } from './grid-report-events.js';
import { gridReportMachine } from './grid-report-machine.js';
import { driveMachine } from './machine-driver.test-util.js';

const worker: Actor = { id: 'u-wang', roles: ['gridWorker'], orgUnit: 'grid-01' };
const staff: Actor = { id: 'u-zhao', roles: ['communityStaff'], orgUnit: 'comm-1' };
const system: Actor = { id: 'system', roles: ['system'], orgUnit: '*' };
const photo = 'https://img.example/before.jpg';

// Monday 2026-09-07, 09:00 Beijing.
const report = () =>
  driveMachine(
    gridReportMachine,
    {
      ...gridReportInputSchema.parse({
        description: '幸福里 3 号楼井盖缺失',
        photos: [photo],
        location: { lat: 18.25, lng: 109.51, address: '幸福里 3 号楼' },
      }),
      caseId: 'r-1',
      orgUnit: 'grid-01',
      requesterId: null,
      actor: worker,
    },
    '2026-09-07T01:00:00Z',
  );

describe('grid-report machine', () => {
  it('closes a report fixed on the spot with the after-photo and the reporter as fixer', () => {
    const r = report();
    expect(r.state).toBe('reported');
    expect(r.context).toMatchObject({
      reporterId: 'u-wang',
      assignee: 'u-wang',
      createdAt: '2026-09-07T01:00:00.000Z',
    });
    r.send(worker, 'fixOnSpot', { afterPhotos: ['https://img.example/after.jpg'] });
    expect(r.done).toBe(true);
    expect(r.context).toMatchObject({
      outcome: 'fixedOnSpot',
      closedAt: '2026-09-07T01:00:00.000Z',
      resolution: { by: 'u-wang', afterPhotos: ['https://img.example/after.jpg'] },
    });
  });

  it('hands over to the community, notifying its staff and starting the community limit', () => {
    const r = report();
    r.send(worker, 'handOver', { note: '需要物业配合' });
    expect(r.state).toBe('withCommunity');
    expect(r.context.assignee).toBeNull();
    expect(r.effects).toContainEqual(expect.objectContaining({ type: 'notify' }));
    // Three working days from Monday is Thursday.
    expect(r.timers.map((t) => t.dueAt.toISOString())).toEqual(['2026-09-10T01:00:00.000Z']);
  });

  it('marks the community overdue when its limit passes, and still lets it resolve', () => {
    const r = report();
    r.send(worker, 'handOver');
    r.advanceTo('2026-09-10T00:59:00Z');
    expect(r.context.communityOverdue).toBe(false);
    r.advanceTo('2026-09-10T01:00:00Z');
    expect(r.context.communityOverdue).toBe(true);
    expect(r.effects.at(-1)).toMatchObject({
      type: 'notify',
      params: { topic: 'gridReport.communityOverdue', to: { role: 'streetStaff' } },
    });
    r.send(staff, 'resolve', { result: '已补装井盖', afterPhotos: [] });
    expect(r.context).toMatchObject({ outcome: 'resolvedByCommunity', resolution: { by: 'u-zhao' } });
  });

  it('raises a linked work order with a deterministic id and closes when that case closes', () => {
    const r = report();
    r.send(worker, 'handOver');
    r.send(staff, 'raiseWorkOrder', { note: '涉及市政管网', urgency: 'urgent' });
    expect(r.state).toBe('tracking');
    expect(r.timers).toEqual([]);
    const created = r.effects.find((e) => e.type === 'gridflow.createCase');
    expect(created?.params).toMatchObject({
      flow: 'work-order',
      caseId: 'r-1/work-order',
      orgUnit: 'grid-01',
      input: {
        source: { flow: 'grid-report', caseId: 'r-1' },
        requestType: 'help',
        urgency: 'urgent',
        photos: [photo],
      },
    });
    r.send(system, 'linkedCaseClosed', { caseId: 'some-other-case', closeReason: 'resolved' });
    expect(r.state).toBe('tracking');
    r.send(system, 'linkedCaseClosed', { caseId: 'r-1/work-order', closeReason: 'resolved' });
    expect(r.context).toMatchObject({ outcome: 'closedByWorkOrder', linkedCloseReason: 'resolved' });
    expect(r.done).toBe(true);
  });

  it('lets the reporter withdraw a mistaken report before handing it over', () => {
    const r = report();
    r.send(worker, 'withdraw', { reason: '重复上报' });
    expect(r.context.outcome).toBe('withdrawn');
    expect(r.done).toBe(true);
  });

  it('ignores events that do not belong to the current step', () => {
    const r = report();
    r.send(staff, 'resolve', { result: 'x', afterPhotos: [] });
    expect(r.state).toBe('reported');
  });
});
