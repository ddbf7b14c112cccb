import type { AnyMachineSnapshot } from 'xstate';
import type { Calendar } from '../../calendar/calendar.js';
import { GridflowError } from '../../errors.js';
import type { FlowRegistry } from '../../flow/flow-registry.js';
import type { JournalEntry } from '../../storage/storage.js';
import { type PersistedSnapshot, statePath } from '../../case/case-view.js';
import { pureInitialTransition, pureTransition } from './pure-transition.js';
import { withTransitionScope } from '../../flow/working-time.js';
import { toStoredJson } from './stored-json.js';

/**
 * The result of replaying a journal: the snapshot the events lead to and its state path.
 *
 * @example
 * ```ts
 * const { snapshot, state, version } = replayJournal(engine.flows, calendar, await engine.history(id));
 * ```
 */
export interface ReplayResult {
  /** The persisted snapshot the journal replays to. */
  snapshot: PersistedSnapshot;
  /** Dotted state path of that snapshot. */
  state: string;
  /** Flow version of the last replayed entry. */
  flowVersion: number;
  /** The case version the replay reaches (one per journal entry). */
  version: number;
}

/**
 * Rebuild a case's snapshot from its journal, event by event, with the times recorded in the journal. The
 * engine's audit guarantee is that this equals the stored snapshot. Pass `upTo` to stop at a version.
 *
 * @example
 * ```ts
 * const replayed = replayJournal(engine.flows, engine.calendar, await engine.history(caseId));
 * assert.deepEqual(replayed.snapshot, (await engine.storage.loadCase(caseId))!.snapshot);
 * ```
 */
export function replayJournal(
  flows: FlowRegistry,
  calendar: Calendar,
  entries: readonly JournalEntry[],
  upTo = Number.POSITIVE_INFINITY,
): ReplayResult {
  const first = entries[0];
  if (first?.type !== 'gridflow.create') {
    throw new GridflowError('VALIDATION_FAILED', 'a journal must start with gridflow.create', {
      details: { field: 'entries' },
    });
  }
  let flow = flows.get(flowIdOf(first), first.flowVersion);
  let snapshot: AnyMachineSnapshot | undefined;
  let version = 0;
  for (const entry of entries) {
    if (entry.seq > upTo) break;
    const at = new Date(entry.at);
    if (entry.type === 'gridflow.create') {
      const input = entry.event.input;
      snapshot = withTransitionScope(
        at,
        calendar,
        () => pureInitialTransition(flow.machine, input)[0],
      ).result;
    } else if (entry.type === 'gridflow.migrate') {
      flow = flows.get(flow.id, entry.flowVersion);
      snapshot = flow.machine.resolveState(entry.event.snapshot as never);
    } else {
      const previous = snapshot as AnyMachineSnapshot;
      snapshot = withTransitionScope(
        at,
        calendar,
        () => pureTransition(flow.machine, previous, entry.event as never)[0],
      ).result;
    }
    // Each step starts, as in the engine, from the snapshot as storage kept it (JSON: a Date is its ISO string).
    snapshot = flow.machine.resolveState(
      toStoredJson(flow.machine.getPersistedSnapshot(snapshot as AnyMachineSnapshot), '') as never,
    );
    version = entry.seq;
  }
  const persisted = flow.machine.getPersistedSnapshot(
    snapshot as AnyMachineSnapshot,
  ) as unknown as PersistedSnapshot;
  return { snapshot: persisted, state: statePath(persisted.value), flowVersion: flow.version, version };
}

function flowIdOf(entry: JournalEntry): string {
  const flowId = (entry.event as { flowId?: unknown }).flowId;
  if (typeof flowId !== 'string') {
    throw new GridflowError('VALIDATION_FAILED', 'the creation entry does not name its flow', {
      details: { field: 'entries[0].event.flowId' },
    });
  }
  return flowId;
}
