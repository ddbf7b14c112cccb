// Shared by the engine-level tests of grid-report, three-orders and micro-wish: a small district, one actor per
// role, a test engine with the three flows, a points ledger and captured notifications (checked against the
// public notice contract), and a stand-in for the linked work order that (like the real one must) tells its
// source case when it closes.
import { setup } from 'xstate';
import { expect } from 'vitest';
import { z } from 'zod';
import { memoryDirectory } from '../../directory/memory-directory.js';
import { type Notice, parseNotice } from '../../effects/notice.js';
import { isGridflowError, type GridflowError } from '../../errors.js';
import { defineFlow, effect, type FlowDefinition, readRoles } from '../../flow/define-flow.js';
import { memoryPointsLedger } from '../../points/memory-points-ledger.js';
import type { PointsLedger } from '../../points/points-ledger.js';
import { pointsEffects } from '../../points/points-effects.js';
import { createTestEngine } from '../../testing/test-engine.js';
import type { Actor } from '../../types.js';
import { microWishFacts } from '../micro-wish/micro-wish-facts.js';
import { microWishFlow } from '../micro-wish/micro-wish-flow.js';
import { threeOrdersFacts } from '../three-orders/three-orders-facts.js';
import { threeOrdersFlow } from '../three-orders/three-orders-flow.js';
import { gridReportFacts } from './grid-report-facts.js';
import { gridReportFlow } from './grid-report-flow.js';

export const org = {
  units: [
    { id: 'district', name: '示范区', kind: 'district' as const, parentId: null },
    { id: 'street-1', name: '东街道', kind: 'street' as const, parentId: 'district' },
    { id: 'comm-1', name: '幸福社区', kind: 'community' as const, parentId: 'street-1' },
    { id: 'comm-2', name: '和平社区', kind: 'community' as const, parentId: 'street-1' },
    { id: 'grid-01', name: '幸福一网格', kind: 'grid' as const, parentId: 'comm-1' },
    { id: 'grid-02', name: '和平一网格', kind: 'grid' as const, parentId: 'comm-2' },
  ],
};

const actor = (id: string, role: string, orgUnit: string): Actor => ({ id, roles: [role], orgUnit });
export const people = {
  resident: actor('r-li', 'resident', 'grid-01'),
  otherResident: actor('r-zhou', 'resident', 'grid-01'),
  gridWorker: actor('g-wang', 'gridWorker', 'grid-01'),
  otherGridWorker: actor('g-sun', 'gridWorker', 'grid-02'),
  communityStaff: actor('s-zhao', 'communityStaff', 'comm-1'),
  otherCommunityStaff: actor('s-qian', 'communityStaff', 'comm-2'),
  partyOrg: actor('p-org', 'partyOrg', 'comm-1'),
  partyMember: actor('m-li', 'partyMember', 'comm-1'),
  otherPartyMember: actor('m-wu', 'partyMember', 'comm-1'),
  volunteer: actor('v-chen', 'volunteer', 'comm-1'),
  dispatcher: actor('d-ma', 'dispatcher', 'district'),
};

/** Every role the permission matrices walk. */
export const ALL_ROLES = [
  'resident',
  'gridWorker',
  'partyMember',
  'partyOrg',
  'communityStaff',
  'streetStaff',
  'dispatcher',
  'departmentHandler',
  'supervisor',
  'volunteer',
] as const;

const stubMachine = setup({
  types: {
    context: {} as { caseId: string; source: { caseId: string } },
    input: {} as { caseId: string; source: { caseId: string } },
  },
  actions: {
    'gridflow.sendEvent': effect<{ caseId: string; event: Record<string, unknown> & { type: string } }>(),
  },
}).createMachine({
  id: 'work-order',
  initial: 'open',
  context: ({ input }) => ({ caseId: input.caseId, source: input.source }),
  states: {
    open: {
      on: {
        close: {
          target: 'closed',
          actions: {
            type: 'gridflow.sendEvent',
            params: ({ context, event }) => ({
              caseId: context.source.caseId,
              event: {
                type: 'linkedCaseClosed',
                caseId: context.caseId,
                closeReason: (event as { closeReason?: string }).closeReason ?? 'resolved',
              },
            }),
          },
        },
      },
    },
    closed: { type: 'final' },
  },
});

/** A stand-in `work-order` that accepts the real one's input loosely and reports its closing to its source. */
export const linkedWorkOrderStub: FlowDefinition = defineFlow({
  id: 'work-order',
  version: 1,
  machine: stubMachine,
  input: z.looseObject({
    title: z.string().min(1),
    source: z.object({ flow: z.string(), caseId: z.string() }),
  }),
  events: { close: z.object({ closeReason: z.string() }).strict() },
  permissions: { create: ['dispatcher'], events: { close: ['dispatcher'] } },
  effects: ['gridflow.sendEvent'],
});

export function communityEngine(
  start: string,
  flows: FlowDefinition[] = [linkedWorkOrderStub],
  ledger: PointsLedger = memoryPointsLedger(),
) {
  const notices: Notice[] = [];
  const t = createTestEngine({
    flows: [gridReportFlow, threeOrdersFlow, microWishFlow, ...flows],
    // Everyone in `people` is a member, so that orders can be issued to them by id.
    directory: memoryDirectory({
      ...org,
      members: Object.values(people).map((p) => ({
        id: p.id,
        name: p.id,
        roles: p.roles,
        orgUnit: p.orgUnit,
      })),
    }),
    start,
    metrics: {
      facts: {
        'grid-report': gridReportFacts,
        'three-orders': threeOrdersFacts,
        'micro-wish': microWishFacts,
      },
    },
    effects: {
      ...pointsEffects(ledger),
      notify: ({ payload }) => void notices.push(parseNotice(payload)),
    },
  });
  return { ...t, ledger, notices };
}

export async function failure(promise: Promise<unknown>): Promise<GridflowError> {
  try {
    await promise;
  } catch (error) {
    if (isGridflowError(error)) return error;
    throw error;
  }
  throw new Error('expected the engine to refuse');
}

/**
 * Walk role × event: every pair the flow's permissions do not list must be refused (FORBIDDEN for a role that
 * may read the case, CASE_NOT_FOUND for any other), and every
 * listed pair must get past authorization (it may still be refused by the state or a guard). Actors sit at the
 * district so that only the role decides; the resident is the case's requester.
 */
export async function expectPermissionMatrix(
  engine: ReturnType<typeof createTestEngine>['engine'],
  flow: FlowDefinition,
  caseId: string,
  samples: Record<string, Record<string, unknown>>,
  requesterId: string,
): Promise<{ forbidden: number; allowed: string[] }> {
  expect(Object.keys(samples).sort()).toEqual(Object.keys(flow.permissions.events).sort());
  let forbidden = 0;
  const allowed: string[] = [];
  for (const [type, payload] of Object.entries(samples)) {
    for (const role of ALL_ROLES) {
      const who: Actor =
        role === 'resident' ? actor(requesterId, role, 'grid-01') : actor(`x-${role}`, role, 'district');
      const outcome = await engine.send({ caseId, actor: who, event: { type, ...payload } }).then(
        () => 'accepted',
        (error: unknown) => (isGridflowError(error) ? error.code : String(error)),
      );
      const permitted = (flow.permissions.events as Record<string, readonly string[]>)[type]?.includes(role);
      if (permitted) {
        expect(['FORBIDDEN', 'CASE_NOT_FOUND'], `${role} × ${type}`).not.toContain(outcome);
        allowed.push(`${type}:${role}`);
      } else {
        // A role that may read the case learns it may not act; any other learns nothing, not even that it exists.
        const refusal = readRoles(flow.permissions).includes(role) ? 'FORBIDDEN' : 'CASE_NOT_FOUND';
        expect(outcome, `${role} × ${type}`).toBe(refusal);
        forbidden++;
      }
    }
  }
  return { forbidden, allowed };
}

/**
 * Walk role × create: each role opens a case of `flow` at `orgUnit` (the resident from a grid, the others from
 * the district), and exactly the `allowed` roles may; every other one is refused with FORBIDDEN.
 */
export async function expectCreateMatrix(
  engine: ReturnType<typeof createTestEngine>['engine'],
  flow: string,
  orgUnit: string,
  input: Record<string, unknown>,
  allowed: readonly string[],
): Promise<void> {
  for (const role of ALL_ROLES) {
    const who = { id: `x-${role}`, roles: [role], orgUnit: role === 'resident' ? 'grid-01' : 'district' };
    const result = await engine.createCase({ flow, actor: who, orgUnit, input }).then(
      () => 'created',
      (e: { code?: string }) => e.code,
    );
    expect(result, role).toBe(allowed.includes(role) ? 'created' : 'FORBIDDEN');
  }
}
