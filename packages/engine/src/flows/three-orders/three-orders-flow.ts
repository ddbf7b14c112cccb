import { defineFlow } from '../../flow/define-flow.js';
import { threeOrdersEvents, threeOrdersInputSchema } from './three-orders-events.js';
import { threeOrdersMachine } from './three-orders-machine.js';
import { THREE_ORDERS_LABELS } from '../built-in-labels.js';

/**
 * Who may do what in `three-orders`. Residents place (a grid worker may place for a resident, passing
 * `requesterId`), confirm, dispute and withdraw their own orders; the party organisation issues; party members
 * act on orders issued to them (the machine also checks it is the named member). `linkedCaseClosed` lists no
 * role: only the engine sends it.
 *
 * @example
 * ```ts
 * threeOrdersPermissions.events.issueOrder; // ['partyOrg']
 * ```
 */
export const threeOrdersPermissions = {
  create: ['resident', 'gridWorker'],
  events: {
    issueOrder: ['partyOrg'],
    takeOrder: ['partyMember'],
    declineOrder: ['partyMember'],
    solveOnSpot: ['partyMember'],
    scheduleSolve: ['partyMember'],
    solve: ['partyMember'],
    escalate: ['partyMember'],
    explain: ['partyMember'],
    confirm: ['resident'],
    dispute: ['resident'],
    cancel: ['resident'],
  },
} as const;

/**
 * `three-orders` version 1 (三单制: 群众点单, 党组织下单, 党员接单). Deadlines: the take limit while issued, the
 * solve limit while taken, and the promised time while scheduled for later (see `THREE_ORDERS_LIMITS`).
 *
 * @example
 * ```ts
 * const order = await engine.createCase({ flow: 'three-orders', actor: resident, orgUnit: 'comm-1',
 *   input: { title: '楼道灯坏了', description: '3 单元 5 楼' } });
 * await engine.send({ caseId: order.id, actor: partyOrg, event: { type: 'issueOrder', assignee: 'u-li' } });
 * ```
 */
export const threeOrdersFlow = defineFlow({
  id: 'three-orders',
  version: 1,
  machine: threeOrdersMachine,
  input: threeOrdersInputSchema,
  events: threeOrdersEvents,
  permissions: threeOrdersPermissions,
  references: { issueOrder: { assignee: 'member' } },
  effects: ['notify', 'gridflow.createCase'],
  deadlines: ['takeLimit', 'solveLimit', 'scheduledLimit'],
  labels: THREE_ORDERS_LABELS,
  description:
    '三单制: a resident places an order, the party organisation issues it, a party member takes it',
});
