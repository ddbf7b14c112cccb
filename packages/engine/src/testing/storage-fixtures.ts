import type {
  CaseRecord,
  CommitRequest,
  IdempotencyRecord,
  JournalEntry,
  OutboxRecord,
  TimerRecord,
} from '../storage/storage.js';

/**
 * The instant the fixtures count from: a Monday, 2026-01-05 00:00 UTC.
 *
 * @example
 * ```ts
 * const due = minutesAfterEpoch(90); // 01:30 UTC that day
 * ```
 */
export const CONFORMANCE_EPOCH: Date = new Date('2026-01-05T00:00:00.000Z');

/**
 * `CONFORMANCE_EPOCH` plus some minutes (negative for before).
 *
 * @example
 * ```ts
 * makeTimerRecord(caseId, { dueAt: minutesAfterEpoch(5) });
 * ```
 */
export function minutesAfterEpoch(minutes: number): Date {
  return new Date(CONFORMANCE_EPOCH.getTime() + minutes * 60_000);
}

let counter = 0;
const run = Math.random().toString(36).slice(2, 8).padEnd(6, '0');

/**
 * A fresh id: prefix, a zero-padded counter, and a per-run tag. Ids of one prefix sort the same under any
 * collation, in creation order.
 *
 * @example
 * ```ts
 * uniqueId('case'); // 'case-000001-k3x9qa'
 * ```
 */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}-${String(counter).padStart(6, '0')}-${run}`;
}

/**
 * A valid, freshly created case (version 1, state `open`, active) with the given fields replaced.
 *
 * @example
 * ```ts
 * const record = makeCaseRecord({ orgUnit: 'grid-2', assignee: 'u-li' });
 * ```
 */
export function makeCaseRecord(overrides: Partial<CaseRecord> = {}): CaseRecord {
  const createdAt = overrides.createdAt ?? CONFORMANCE_EPOCH;
  return {
    id: uniqueId('case'),
    flowId: 'conformance',
    flowVersion: 1,
    state: 'open',
    status: 'active',
    snapshot: { status: 'active', value: 'open', context: { title: '路灯不亮', count: 1, tags: ['a', 'b'] } },
    version: 1,
    orgUnit: 'grid-1',
    assignee: null,
    requesterId: null,
    handlingUnits: [],
    dueAt: null,
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  };
}

/**
 * The journal row that produced `record`'s current version.
 *
 * @example
 * ```ts
 * const entry = makeJournalEntry(record, { type: 'signFor' });
 * ```
 */
export function makeJournalEntry(record: CaseRecord, overrides: Partial<JournalEntry> = {}): JournalEntry {
  const creation = record.version === 1;
  return {
    caseId: record.id,
    seq: record.version,
    type: creation ? 'gridflow.create' : 'advance',
    event: creation ? { input: { title: '路灯不亮' } } : { type: 'advance', note: `to v${record.version}` },
    actor: { id: 'u-wang', roles: ['gridWorker'], orgUnit: 'grid-1' },
    flowVersion: record.flowVersion,
    fromState: creation ? null : 'open',
    toState: record.state,
    at: record.updatedAt,
    causationId: null,
    idempotencyKey: null,
    ...overrides,
  };
}

/**
 * A timer of a case, due at the epoch unless told otherwise, with a fresh id and key.
 *
 * @example
 * ```ts
 * const timer = makeTimerRecord(record.id, { key: 'sla', dueAt: minutesAfterEpoch(60) });
 * ```
 */
export function makeTimerRecord(caseId: string, overrides: Partial<TimerRecord> = {}): TimerRecord {
  const key = overrides.key ?? uniqueId('key');
  return {
    id: uniqueId('timer'),
    caseId,
    key,
    event: { type: `xstate.after.${key}` },
    dueAt: CONFORMANCE_EPOCH,
    provisional: false,
    plan: null,
    ...overrides,
  };
}

/**
 * A pending, unordered outbox row of a case, due at the epoch unless told otherwise.
 *
 * @example
 * ```ts
 * const row = makeOutboxRecord(record.id, { type: 'notify', payload: { to: 'u-li' } });
 * const ordered = makeOutboxRecord(record.id, { orderingKey: record.id });
 * ```
 */
export function makeOutboxRecord(caseId: string, overrides: Partial<OutboxRecord> = {}): OutboxRecord {
  const id = overrides.id ?? uniqueId('outbox');
  return {
    id,
    caseId,
    type: 'notify',
    payload: { to: 'u-li', text: '请签收' },
    idempotencyKey: id,
    orderingKey: null,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: CONFORMANCE_EPOCH,
    lastError: null,
    createdAt: CONFORMANCE_EPOCH,
    deliveredAt: null,
    ...overrides,
  };
}

/**
 * An idempotency record for a case's current version.
 *
 * @example
 * ```ts
 * const idem = makeIdempotencyRecord(record, { key: 'hotline:GD2026-0001' });
 * ```
 */
export function makeIdempotencyRecord(
  record: CaseRecord,
  overrides: Partial<IdempotencyRecord> = {},
): IdempotencyRecord {
  return {
    key: uniqueId('idem'),
    caseId: record.id,
    fingerprint: 'sha256:conformance',
    version: record.version,
    createdAt: record.updatedAt,
    ...overrides,
  };
}

/**
 * The commit that creates `record` (expected version `null`, its creation journal row), plus `extras`.
 *
 * @example
 * ```ts
 * await storage.commit(makeCreateCommit(makeCaseRecord(), { outbox: [row] }));
 * ```
 */
export function makeCreateCommit(record: CaseRecord, extras: Partial<CommitRequest> = {}): CommitRequest {
  return {
    case: record,
    expectedVersion: null,
    journal: [makeJournalEntry(record)],
    cancelTimers: [],
    scheduleTimers: [],
    outbox: [],
    idempotency: null,
    consumeTimer: null,
    ...extras,
  };
}

/**
 * The commit that moves `previous` one version on (a minute later), with `changes` applied to the case and
 * `extras` to the request. The new case is `request.case`.
 *
 * @example
 * ```ts
 * const next = makeUpdateCommit(record, { state: 'inProgress' });
 * await storage.commit(next);
 * ```
 */
export function makeUpdateCommit(
  previous: CaseRecord,
  changes: Partial<CaseRecord> = {},
  extras: Partial<CommitRequest> = {},
): CommitRequest {
  const record: CaseRecord = {
    ...previous,
    version: previous.version + 1,
    updatedAt: new Date(previous.updatedAt.getTime() + 60_000),
    ...changes,
  };
  return {
    case: record,
    expectedVersion: previous.version,
    journal: [makeJournalEntry(record, { fromState: previous.state })],
    cancelTimers: [],
    scheduleTimers: [],
    outbox: [],
    idempotency: null,
    consumeTimer: null,
    ...extras,
  };
}
