// Shared set-up of the work-order tests: a small district, one actor per role, and a test engine on the
// virtual clock that records every `notify` with the virtual time it was delivered, checked against the
// public notice contract on the way in.
import { memoryDirectory } from '../../directory/memory-directory.js';
import { type Notice, parseNotice } from '../../effects/notice.js';
import type { FlowDefinition } from '../../flow/define-flow.js';
import type { CaseView } from '../../case/case-view.js';
import { createTestEngine } from '../../testing/test-engine.js';
import type { Actor } from '../../types.js';
import type { WorkOrderContext } from './work-order-context.js';
import { workOrderFlowV1 } from './work-order-v1.js';
import { workOrderFlowV2 } from './work-order-v2.js';
import { workOrderFlowV3 } from './work-order-v3.js';

export const directory = memoryDirectory({
  units: [
    { id: 'district', name: '示范区', kind: 'district', parentId: null },
    { id: 'street-east', name: '东街道', kind: 'street', parentId: 'district' },
    { id: 'comm-1', name: '幸福社区', kind: 'community', parentId: 'street-east' },
    { id: 'grid-01', name: '幸福里一网格', kind: 'grid', parentId: 'comm-1' },
    { id: 'comm-2', name: '和平社区', kind: 'community', parentId: 'street-east' },
    { id: 'grid-02', name: '和平里一网格', kind: 'grid', parentId: 'comm-2' },
    { id: 'dept-housing', name: '住建局', kind: 'department', parentId: 'district' },
    { id: 'dept-city', name: '城管局', kind: 'department', parentId: 'district' },
    { id: 'dept-market', name: '市场监管局', kind: 'department', parentId: 'district' },
  ],
  members: [],
});

const actor = (id: string, role: string, orgUnit: string): Actor => ({ id, roles: [role], orgUnit });

export const actors = {
  resident: actor('r-1', 'resident', 'grid-01'),
  otherResident: actor('r-2', 'resident', 'grid-01'),
  gridWorker: actor('u-grid', 'gridWorker', 'grid-01'),
  community: actor('u-comm', 'communityStaff', 'comm-1'),
  street: actor('u-street', 'streetStaff', 'street-east'),
  dispatcher: actor('u-disp', 'dispatcher', 'district'),
  supervisor: actor('u-sup', 'supervisor', 'district'),
  housing: actor('u-house', 'departmentHandler', 'dept-housing'),
  city: actor('u-city', 'departmentHandler', 'dept-city'),
  market: actor('u-market', 'departmentHandler', 'dept-market'),
};

export const LADDER = ['grid-01', 'comm-1', 'street-east', 'district', 'dept-city'];

/** A test engine with the work-order versions up to `version` (default 3), the one new cases use. */
export function workOrderHarness(
  options: { version?: 1 | 2 | 3; start?: string; flows?: FlowDefinition[] } = {},
) {
  const notices: Array<Notice & { deliveredAt: string }> = [];
  const flows: FlowDefinition[] =
    options.flows ?? [workOrderFlowV1, workOrderFlowV2, workOrderFlowV3].slice(0, options.version ?? 3);
  const t = createTestEngine({
    flows,
    directory,
    start: options.start ?? '2026-09-28T09:00:00+08:00',
    effects: {
      notify: ({ payload }) => {
        notices.push({ ...parseNotice(payload), deliveredAt: t.clock.now().toISOString() });
      },
    },
  });
  const { engine } = t;

  async function open(input: Record<string, unknown> = {}, by: Actor = actors.resident) {
    return engine.createCase({
      flow: 'work-order',
      actor: by,
      orgUnit: 'grid-01',
      input: { title: '楼道灯不亮', requestType: 'help', ladder: LADDER, ...input },
    });
  }
  const send = (caseId: string, by: Actor, type: string, payload: Record<string, unknown> = {}) =>
    engine.send({ caseId, actor: by, event: { type, ...payload } });
  const view = async (caseId: string) =>
    (await engine.getCase(caseId)) as unknown as CaseView<WorkOrderContext>;
  /** Accept, dispatch to housing (with city co-handling) and sign for. */
  async function signedFor(input: Record<string, unknown> = {}) {
    const c = await open(input);
    await send(c.id, actors.dispatcher, 'accept');
    await send(c.id, actors.dispatcher, 'dispatch', { leadUnit: 'dept-housing', coUnits: ['dept-city'] });
    await send(c.id, actors.housing, 'signFor');
    return c.id;
  }
  /** Deliver what is due, then the topics notified for a case, in order. */
  async function topics(caseId: string) {
    await t.flush();
    return notices.filter((n) => n.caseId === caseId).map((n) => n.topic);
  }
  return { ...t, notices, open, send, view, signedFor, topics };
}

/** The rejection code of a promise, or 'OK' when it resolves. */
export async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}
