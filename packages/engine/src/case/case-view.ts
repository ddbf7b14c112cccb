import type { FlowDefinition } from '../flow/define-flow.js';
import { cloneValue } from '../storage/memory-clone.js';
import type { CaseRecord, CaseStatus } from '../storage/storage.js';

/**
 * A case as the engine returns it.
 *
 * @example
 * ```ts
 * const c = await engine.getCase('c-1', actor);
 * if (c.state === 'inProgress') console.log(c.context, c.dueAt);
 * ```
 */
export interface CaseView<TContext = Record<string, unknown>> {
  /** Case id. */
  id: string;
  /** Id of the case's flow. */
  flowId: string;
  /** Version of the flow the case runs on (kept for life unless migrated). */
  flowVersion: number;
  /** Dotted active state path, e.g. `inProgress.suspended`. */
  state: string;
  /** The XState state value. */
  value: unknown;
  /** `active`, or `done` once a final state is reached. */
  status: CaseStatus;
  /** The machine context; personal data masked for a reader who may not see it. */
  context: TContext;
  /** Optimistic concurrency version: 1 after creation, +1 per transition. */
  version: number;
  /** Org unit the case belongs to. */
  orgUnit: string;
  /** Member responsible now, if any. */
  assignee: string | null;
  /** The requester (resident) who owns the case, if any. */
  requesterId: string | null;
  /** Units handling the case: the lead unit (主办) and co-handling units (协办). */
  handlingUnits: readonly string[];
  /** Current deadline, if one is running. */
  dueAt: Date | null;
  /** When the case was created. */
  createdAt: Date;
  /** When the case last changed. */
  updatedAt: Date;
}

/**
 * The dotted path of every active leaf of an XState state value, joined by `,` for parallel states.
 *
 * @example
 * ```ts
 * statePath({ inProgress: 'suspended' }); // 'inProgress.suspended'
 * ```
 */
export function statePath(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return '';
  const leaves: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const rest = statePath(child);
    leaves.push(
      rest === ''
        ? key
        : rest
            .split(',')
            .map((leaf) => `${key}.${leaf}`)
            .join(','),
    );
  }
  return leaves.join(',');
}

/**
 * Persisted XState snapshot fields the engine reads.
 *
 * @inline
 */
export interface PersistedSnapshot {
  status: string;
  value: unknown;
  context: Record<string, unknown>;
}

/** The indexed columns of a case from its snapshot, through the flow's projection or the context fields. */
export function projectCase(
  flow: FlowDefinition,
  snapshot: PersistedSnapshot,
  fallback: Pick<CaseRecord, 'orgUnit'>,
) {
  const projected = flow.project
    ? flow.project(snapshot)
    : (snapshot.context as {
        orgUnit?: string;
        assignee?: string;
        requesterId?: string;
        handlingUnits?: string[];
      });
  return {
    orgUnit: typeof projected.orgUnit === 'string' ? projected.orgUnit : fallback.orgUnit,
    assignee: typeof projected.assignee === 'string' ? projected.assignee : null,
    requesterId: typeof projected.requesterId === 'string' ? projected.requesterId : null,
    handlingUnits: Array.isArray(projected.handlingUnits) ? [...projected.handlingUnits] : [],
  };
}

/**
 * The lead (主办) and co-handling (协办) units of a case, from its snapshot through the flow's projection or the
 * context fields `leadUnit` and `coUnits`: what the `lead` and `co` event scopes check.
 */
export function actingUnits(
  flow: FlowDefinition,
  snapshot: PersistedSnapshot,
): { leadUnit: string | null; coUnits: string[] } {
  const projected = flow.project
    ? flow.project(snapshot)
    : (snapshot.context as { leadUnit?: unknown; coUnits?: unknown });
  const coUnits = Array.isArray(projected.coUnits) ? projected.coUnits : [];
  return {
    leadUnit: typeof projected.leadUnit === 'string' ? projected.leadUnit : null,
    coUnits: coUnits.filter((u): u is string => typeof u === 'string'),
  };
}

/**
 * The view of a record that shares the record's objects instead of copying them: for the engine's own readers
 * that only read (the built-in facts folds, once per commit), where {@link toCaseView}'s copy of the context is
 * pure cost. Never hand it to user code: a change to it would change the record.
 *
 * @example
 * ```ts
 * const facts = journalFactsFold.facts(state, { case: sharedCaseView(record), flow });
 * ```
 */
export function sharedCaseView(record: CaseRecord): CaseView {
  const snapshot = record.snapshot as PersistedSnapshot;
  return {
    id: record.id,
    flowId: record.flowId,
    flowVersion: record.flowVersion,
    state: record.state,
    value: snapshot.value,
    status: record.status,
    context: snapshot.context,
    version: record.version,
    orgUnit: record.orgUnit,
    assignee: record.assignee,
    requesterId: record.requesterId,
    handlingUnits: record.handlingUnits,
    dueAt: record.dueAt,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/**
 * The caller-facing view of a stored case: a copy, so a caller changing it cannot reach the engine's records
 * (the case cache keeps them).
 */
export function toCaseView(record: CaseRecord): CaseView {
  return sharedCaseView({
    ...record,
    snapshot: cloneValue(record.snapshot),
    handlingUnits: [...record.handlingUnits],
    dueAt: record.dueAt && new Date(record.dueAt),
    createdAt: new Date(record.createdAt),
    updatedAt: new Date(record.updatedAt),
  });
}
