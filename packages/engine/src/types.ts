/**
 * A role an actor can hold. The built-in roles follow the grid-governance domain; flows may use others.
 *
 * @example
 * ```ts
 * const roles: Role[] = ['gridWorker', 'partyMember'];
 * ```
 */
export type Role =
  | 'resident'
  | 'gridWorker'
  | 'partyMember'
  | 'partyOrg'
  | 'communityStaff'
  | 'streetStaff'
  | 'dispatcher'
  | 'departmentHandler'
  | 'supervisor'
  | 'system'
  | (string & {});

/**
 * Who sends an event: an id, the roles held, and the org unit the actor acts for.
 *
 * @example
 * ```ts
 * const actor: Actor = { id: 'u-wang', roles: ['gridWorker'], orgUnit: 'grid-01' };
 * ```
 */
export interface Actor {
  /** Member id of the actor. */
  id: string;
  /** Roles the actor acts with. */
  roles: readonly Role[];
  /** The unit the actor acts for; jurisdiction is checked from here. */
  orgUnit: string;
}

/**
 * The actor the engine uses for timer-fired events and migrations. It bypasses permission checks.
 *
 * @example
 * ```ts
 * journal.filter((e) => e.actor.id === SYSTEM_ACTOR.id);
 * ```
 */
export const SYSTEM_ACTOR: Actor = Object.freeze({
  id: 'system',
  roles: Object.freeze(['system']),
  orgUnit: '*',
});

/**
 * Metadata the engine attaches to every event under `event.meta` before handing it to XState, so that
 * machine logic (and a replay of the journal) sees the same sender and time.
 *
 * @example
 * ```ts
 * assign({ signedAt: ({ event }) => (event as GridflowEvent).meta.at })
 * ```
 */
export interface EventMeta {
  /** Who sent the event. */
  actor: Actor;
  /** ISO-8601 instant at which the engine accepted the event. */
  at: string;
  /**
   * The org chain of every unit the event references (the flow's `references` of kind `unit` or `department`):
   * the unit, then its ancestors, nearest first. Machines cannot read the directory; this is how a flow
   * escalates along a handling unit's own chain. Absent when the event references no unit.
   */
  chains?: Readonly<Record<string, readonly string[]>>;
}

/**
 * An event as XState sees it inside a gridflow machine: the caller's `{ type, ...payload }` plus `meta`.
 *
 * @example
 * ```ts
 * const e: GridflowEvent = { type: 'signFor', meta: { actor, at: new Date().toISOString() } };
 * ```
 */
export interface GridflowEvent {
  /** Event type. */
  type: string;
  /** Added by the engine: who sent the event, when, and the org chains it references. */
  meta: EventMeta;
  [field: string]: unknown;
}

/**
 * A value or a promise of it; adapter contracts use it so in-memory adapters can answer synchronously.
 *
 * @example
 * ```ts
 * const unit: MaybePromise<OrgUnit | undefined> = directory.getUnit('grid-01');
 * ```
 */
export type MaybePromise<T> = T | Promise<T>;

/**
 * The optional life cycle every adapter contract shares (directory, calendar; storage declares its own). The
 * engine calls `init` once before first use and, when it owns its adapters (the default, see
 * `EngineOptions.ownsAdapters`), `dispose` once on `stop()`. After `dispose` the engine never calls the adapter
 * again.
 *
 * @example
 * ```ts
 * const directory: Directory = { ...ldapLookups, init: () => ldap.bind(), dispose: () => ldap.unbind() };
 * ```
 */
export interface AdapterLifecycle {
  /** Connect, warm a cache, check credentials: whatever must happen before the first call. */
  init?(): MaybePromise<void>;
  /** Release what the adapter holds (connections, timers, files). */
  dispose?(): MaybePromise<void>;
}
