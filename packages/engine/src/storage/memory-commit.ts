import { cloneValue } from './memory-clone.js';
import { insertOutbox } from './memory-outbox.js';
import { type MemoryState, quarantineKey, wake } from './memory-state.js';
import { cancelTimerKey, compactTimerHeaps, deleteTimer, insertTimer } from './memory-timers.js';
import type { CommitOutcome, CommitRequest, QuarantineResolution } from './storage.js';

/**
 * Apply one transition all-or-nothing. Every check runs and every input is copied before the first write, so
 * a refused commit (or an input that cannot be copied) leaves the state exactly as it was.
 * Checks in order: idempotency key (`duplicate`), case version (`conflict`), consumed timer (`timer-gone`).
 *
 * @example
 * ```ts
 * const outcome = commit(state, request);
 * ```
 */
export function commit(state: MemoryState, request: CommitRequest): CommitOutcome {
  const next = request.case;
  if (request.idempotency) {
    const seen = state.idempotency.get(request.idempotency.key);
    if (seen) return { status: 'duplicate', record: cloneValue(seen) };
  }
  const current = state.cases.get(next.id);
  const versionHolds =
    request.expectedVersion === null ? !current : current?.version === request.expectedVersion;
  if (!versionHolds) return { status: 'conflict', currentVersion: current?.version ?? null };
  if (request.consumeTimer) {
    const timer = state.timers.get(request.consumeTimer.id);
    if (!timer || timer.leaseToken === null || timer.leaseToken !== request.consumeTimer.leaseToken) {
      return { status: 'timer-gone' };
    }
  }

  const record = cloneValue(next);
  const journal = request.journal.map(cloneValue);
  const timers = request.scheduleTimers.map(cloneValue);
  const outbox = request.outbox.map(cloneValue);
  const idempotency = request.idempotency && cloneValue(request.idempotency);
  const earliestDue = state.dueTimers.peek()?.at ?? Number.POSITIVE_INFINITY;

  state.cases.set(record.id, record);
  let entries = state.journals.get(record.id);
  if (!entries) {
    entries = [];
    state.journals.set(record.id, entries);
  }
  for (const entry of journal) entries.push(entry);
  if (request.consumeTimer) deleteTimer(state, request.consumeTimer.id);
  for (const key of request.cancelTimers) cancelTimerKey(state, record.id, key);
  for (const timer of timers) insertTimer(state, timer);
  for (const row of outbox) insertOutbox(state, row);
  if (idempotency) state.idempotency.set(idempotency.key, idempotency);
  compactTimerHeaps(state);
  const resolved =
    request.resolveQuarantine && resolveQuarantine(state, request.resolveQuarantine, record.id);

  // A timer loop sleeps until the earliest due time it knew of; an earlier (or already due) timer must wake it.
  const now = Date.now();
  if (timers.some((t) => t.dueAt.getTime() <= now || t.dueAt.getTime() < earliestDue)) wake(state, 'timers');
  if (outbox.length > 0) wake(state, 'outbox');
  return resolved ? { status: 'committed', resolvedQuarantineId: resolved } : { status: 'committed' };
}

/** The open quarantine row of the record, resolved with the case's id; its id, or null when none was open. */
function resolveQuarantine(state: MemoryState, which: QuarantineResolution, caseId: string): string | null {
  const row = state.quarantine.get(
    state.quarantineKeys.get(quarantineKey(which.source, which.externalId)) ?? '',
  );
  if (row?.status !== 'open') return null;
  row.status = 'resolved';
  row.caseId = caseId;
  row.updatedAt = new Date(which.at);
  return row.id;
}
