import { defineFlow } from '../../flow/define-flow.js';
import { microWishEvents, microWishInputSchema } from './micro-wish-events.js';
import { microWishMachine } from './micro-wish-machine.js';
import { MICRO_WISH_LABELS } from '../built-in-labels.js';

/**
 * Who may do what in `micro-wish`. Residents make wishes (grid workers and community staff may collect one for
 * a resident, passing `requesterId`) and confirm, dispute or withdraw their own; community staff and the party
 * organisation review and publish; party members and volunteers claim, and only the claimer (checked by the
 * machine) fulfils or releases.
 *
 * @example
 * ```ts
 * microWishPermissions.events.claim; // ['partyMember', 'volunteer']
 * ```
 */
export const microWishPermissions = {
  create: ['resident', 'gridWorker', 'communityStaff'],
  events: {
    publish: ['communityStaff', 'partyOrg'],
    reject: ['communityStaff', 'partyOrg'],
    claim: ['partyMember', 'volunteer'],
    release: ['partyMember', 'volunteer'],
    fulfil: ['partyMember', 'volunteer'],
    confirm: ['resident'],
    dispute: ['resident'],
    cancel: ['resident'],
  },
} as const;

/**
 * `micro-wish` version 1 (微心愿): collected, published, claimed (领办), fulfilled (实现), confirmed; the
 * claimer earns the wish's points through the `awardPoints` effect (plug in `pointsEffects(ledger)`).
 *
 * @example
 * ```ts
 * const ledger = memoryPointsLedger();
 * const engine = createEngine({ storage, directory, flows: [microWishFlow], effects: pointsEffects(ledger) });
 * const wish = await engine.createCase({ flow: 'micro-wish', actor: resident, orgUnit: 'comm-1',
 *   input: { title: '想要一台助听器', description: '独居老人, 听力下降' } });
 * ```
 */
export const microWishFlow = defineFlow({
  id: 'micro-wish',
  version: 1,
  machine: microWishMachine,
  input: microWishInputSchema,
  events: microWishEvents,
  permissions: microWishPermissions,
  effects: ['notify', 'awardPoints'],
  labels: MICRO_WISH_LABELS,
  description: '微心愿: a wish is published, claimed by a party member or volunteer, fulfilled and confirmed',
});
