import type { EventEmitter } from 'eventemitter3';
import type { Calendar } from '../calendar/calendar.js';
import type { Clock } from '../clock/clock.js';
import type { Directory } from '../directory/directory.js';
import type { EffectHandler } from '../effects/effects.js';
import type { GridflowError } from '../errors.js';
import type { FlowDefinition } from '../flow/define-flow.js';
import type { FlowRegistry } from '../flow/flow-registry.js';
import type { IngestResult, Intake } from '../intake/intake.js';
import type { EngineCursors, EngineQuarantine } from '../intake/intake-api.js';
import type { CaseFactsExtractor } from '../metrics/case-facts.js';
import type { HandlingMetricsReport } from '../metrics/handling-report.js';
import type { CaseCounts, CaseCountsQuery } from '../metrics/case-counts.js';
import type { FactsRefreshOptions } from '../metrics/facts-refresh.js';
import type { MetricsQuery, MetricsReport } from '../metrics/metrics-report.js';
import type {
  CaseStatus,
  JournalEntry,
  OutboxRecord,
  Page,
  QuarantineRecord,
  Storage,
  TimerRecord,
} from '../storage/storage.js';
import type { CaseView } from '../case/case-view.js';
import type { Actor } from '../types.js';
import type { EnqueueEffectRequest, EnqueueEffectResult } from './enqueue-effect.js';
import type { TimelineEntry, TimelineOptions } from './timeline.js';
import type { AnyCaseEvent, CaseEvent } from './typed-requests.js';
import type { StopOnSignalsOptions } from './stop-on-signals.js';
import type { MigrateOptions, MigrationPlan, MigrationReport } from './migration/migration-types.js';

/**
 * A minimal structured logger; `console` fits.
 *
 * @example
 * ```ts
 * createEngine({ ...options, logger: console });
 * ```
 */
export interface Logger {
  /** Detail for debugging; optional. */
  debug?(message: string, fields?: Record<string, unknown>): void;
  /** Routine information; optional. */
  info?(message: string, fields?: Record<string, unknown>): void;
  /** Something is wrong but the engine goes on (an unhandled effect type, a provisional deadline). */
  warn(message: string, fields?: Record<string, unknown>): void;
  /** A failure the engine could not handle itself (a loop iteration failed). */
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Tuning knobs of the timer loop, the outbox dispatcher and conflict retries. All have safe defaults.
 *
 * @example
 * ```ts
 * createEngine({ ...options, tuning: { maxAttempts: 5, pollIntervalMs: 500 } });
 * ```
 */
export interface EngineTuning {
  /** How often loops poll when no wake-up arrives. Default 1000 ms. */
  pollIntervalMs: number;
  /** Lease on claimed timers and outbox rows. Default 30 000 ms. */
  leaseMs: number;
  /** Rows claimed per batch. Default 100. */
  batchSize: number;
  /** Timer batches in flight at once, so claiming one overlaps committing another. Default 2. */
  timerConcurrency: number;
  /** Delivery attempts before an effect is dead-lettered. Default 8. */
  maxAttempts: number;
  /** First retry delay; doubles per attempt with full jitter. Default 1000 ms. */
  backoffBaseMs: number;
  /** Cap of the retry delay. Default 15 minutes. */
  backoffMaxMs: number;
  /** Internal retries of a transition after a version conflict. Default 20. */
  conflictRetries: number;
  /**
   * Case records this engine keeps from its own commits, to skip a storage read on the next event (the commit's
   * version check still guards against other engines). Default 10 000; 0 turns the cache off.
   */
  caseCacheSize: number;
}

/**
 * What {@link createEngine} takes. A bad option is `VALIDATION_FAILED` naming `options.<path>`; an adapter
 * missing members of its contract fails `createEngine` with one `VALIDATION_FAILED` that lists them all
 * (`details.missing: ['storage.claimOutbox', 'directory.members']`).
 *
 * Adapters (storage, directory, calendar) are guarded: anything they throw reaches callers as
 * `ADAPTER_FAILED { adapter, method, cause }`; their `init` runs once before first use; their `dispose` runs once
 * on `stop()` while the engine owns them (see `ownsAdapters`).
 *
 * @example
 * ```ts
 * const engine = createEngine({ storage: memoryStorage(), flows: [workOrderFlow], directory,
 *   calendar: chinaCalendar(), effects: { notify: async (e) => sms.send(e.payload) } });
 * ```
 */
export interface EngineOptions<TFlow extends FlowDefinition = FlowDefinition> {
  /** Where cases, journal, timers and outbox are kept (`memoryStorage()`, `pgliteStorage()` ...). */
  storage: Storage;
  /**
   * Flow versions, or a registry holding them. Given as an array, the flows type the engine: `createCase` takes
   * only their ids and `send` only their events (see {@link CaseEvent}).
   */
  flows: FlowRegistry | readonly TFlow[];
  /** The org tree: units, members and roles. */
  directory: Directory;
  /** Working-day calendar; defaults to `chinaCalendar()`. */
  calendar?: Calendar;
  /** Defaults to the system clock. */
  clock?: Clock;
  /** Effect handlers by effect type (declared effect action name or emitted event type); `*` catches the rest. */
  effects?: Record<string, EffectHandler>;
  /** Where warnings and errors go; by default nothing is logged. */
  logger?: Logger;
  /** Identifies this process in leases; defaults to a random id. */
  instanceId?: string;
  /** Loop intervals, batch sizes and retry limits; see {@link EngineTuning}. */
  tuning?: Partial<EngineTuning>;
  /**
   * Metrics: case-facts extractors by flow id; flows not listed are read from their journal's event types. On
   * a storage with `capabilities.caseFacts` each commit stores the case's facts with it (see `docs/en/guide/metrics.md`).
   */
  metrics?: { facts?: Readonly<Record<string, CaseFactsExtractor>> };
  /**
   * Whether the engine owns the adapters it was given. Default `true`: `stop()` ends the engine, disposing
   * each adapter that has `dispose` once (a `pgliteStorage` closes its database, a `postgresStorage` its LISTEN
   * connection), after which every call, `start()` included, is `ENGINE_STOPPED`: make a new engine to go on.
   * Pass `false` when the adapters outlive the engine (shared by several engines, closed by their maker): then
   * `stop()` only pauses (commands are `ENGINE_STOPPED`, reads still work), `start()` resumes, and nothing is
   * disposed. Either way `init` runs once per engine, however often it is started.
   */
  ownsAdapters?: boolean;
  /**
   * What `start()` does about an effect a flow declares that no handler takes (no handler of its type, no `*`),
   * whose rows could only be dead-lettered: `'error'` (the default) fails `start()` with `VALIDATION_FAILED`
   * naming `effects.<type>` (`details.missing` lists every such type); `'warn'` logs a warning, emits
   * `effect.unhandled` and starts, for an engine that leaves some effects to another process.
   */
  unhandledEffects?: 'error' | 'warn';
  /** Outside sources for `engine.ingest`, one per `source` name (a name given twice is `VALIDATION_FAILED`). */
  intakes?: readonly Intake[];
}

/**
 * Arguments of `engine.createCase`.
 *
 * @example
 * ```ts
 * await engine.createCase({ flow: 'work-order', actor, orgUnit: 'grid-01', input: { title: '路灯不亮' },
 *   idempotencyKey: 'hotline:GD2026-0001' });
 * ```
 */
export interface CreateCaseRequest<TFlowId extends string = string> {
  /** The flow's id; with a typed engine, one of its flows' ids. */
  flow: TFlowId;
  /** Pin a version; defaults to the newest registered. */
  flowVersion?: number;
  /** Who creates the case; needs a role in the flow's `permissions.create`. */
  actor: Actor;
  /** The org unit the case belongs to; must lie in the actor's subtree. */
  orgUnit: string;
  /**
   * Validated with the flow's `input` schema, then handed to the machine with `caseId`, `orgUnit`, `requesterId`,
   * `meta` and `orgChain` (the unit and its ancestors up to the root, nearest first, from the directory).
   */
  input?: Record<string, unknown>;
  /** Defaults to the actor's id when the actor is a resident. */
  requesterId?: string;
  /** A repeated key returns the first result and changes nothing, forever. */
  idempotencyKey?: string;
  /** Choose the case id (must be unique); defaults to a random UUID. */
  caseId?: string;
  /** What caused this request (a timer, an outbox row, your correlation id); kept in the journal. */
  causationId?: string;
}

/**
 * Arguments of `engine.send`.
 *
 * @example
 * ```ts
 * await engine.send({ caseId, actor, event: { type: 'reply', result: '已修复', solved: true } });
 * ```
 */
export interface SendRequest<TEvent = AnyCaseEvent> {
  /** The case to send the event to. */
  caseId: string;
  /** Who sends it; checked against the flow's permissions and the case's jurisdiction. */
  actor: Actor;
  /** `{ type, ...payload }`; with a typed engine, one of its flows' events, checked against their schemas. */
  event: TEvent;
  /** Makes the send safe to repeat: the same key returns the first result, a different request under it fails. */
  idempotencyKey?: string;
  /** What caused this send (a timer, an outbox row, your correlation id); kept in the journal. */
  causationId?: string;
}

/**
 * Filters of `engine.query`. `orgUnit` includes the unit's whole subtree.
 *
 * @example
 * ```ts
 * await engine.query({ orgUnit: 'comm-1', state: 'inProgress', overdue: true, limit: 50 });
 * ```
 */
export interface EngineQuery {
  /** Only cases of this flow id. */
  flow?: string;
  /** Only cases in this state or a state below it (`inProgress` matches `inProgress.suspended`). */
  state?: string;
  /** Only cases with this status. */
  status?: CaseStatus;
  /** Only cases belonging to this unit or a unit below it. */
  orgUnit?: string;
  /** Only cases assigned to this member. */
  assignee?: string;
  /** Only cases of this requester. */
  requesterId?: string;
  /** Cases this unit handles (lead or co-handling), wherever they belong: a department's worklist. */
  handlingUnit?: string;
  /** Only cases of this category (see `caseCategory`: a work order's `request.category`, else `category`). */
  category?: string;
  /** Only active cases whose deadline has passed. */
  overdue?: boolean;
  /** Only cases created at or after this time. */
  createdFrom?: Date;
  /** Only cases created before this time (exclusive). */
  createdTo?: Date;
  /** Page size, 1 to 1000; default 50. */
  limit?: number;
  /** `nextCursor` of the previous page; omit for the first. */
  cursor?: string | null;
  /** When given, results are limited to what this actor may see (residents: their own cases). */
  actor?: Actor;
}

/**
 * Filters of `engine.worklist`: those of {@link EngineQuery}, and how far to count the total.
 *
 * @example
 * ```ts
 * await engine.worklist({ orgUnit: 'street-east', overdue: true, limit: 20, countUpTo: 100_000 });
 * ```
 */
export interface WorklistQuery extends EngineQuery {
  /**
   * Count the matching cases up to this many (default {@link WORKLIST_COUNT_UP_TO}); past it the total is
   * given as this number with `totalCapped: true`. Exact counts of tens of thousands of rows cost a scan of
   * all of them on every page, where a list only needs "1,000+"; `engine.counts` has the exact open counts.
   */
  countUpTo?: number;
}

/**
 * Where a worklist stops counting unless told otherwise: the "1,000+" of a list's header.
 *
 * @example
 * ```ts
 * const { total, totalCapped } = await engine.worklist({ orgUnit: 'district' });
 * console.log(totalCapped ? `${WORKLIST_COUNT_UP_TO}+` : total);
 * ```
 */
export const WORKLIST_COUNT_UP_TO = 1000;

/**
 * A worklist page with the number of cases matching its filters in all pages.
 *
 * @example
 * ```ts
 * const list: Worklist = await engine.worklist({ orgUnit: 'comm-1' });
 * const header = list.totalCapped ? `${list.total}+ 件` : `${list.total} 件`;
 * ```
 */
export interface Worklist extends Page<CaseView> {
  /** Cases matching the filters in all pages, counted up to the query's `countUpTo`. */
  total: number;
  /** True when more cases match than were counted: `total` is then the `countUpTo` bound, a lower bound. */
  totalCapped: boolean;
}

/**
 * A dead-lettered effect as `engine.deadLetters()` lists it.
 *
 * @example
 * ```ts
 * for (const dead of (await engine.deadLetters()).items)
 *   console.log(dead.id, dead.lastError, dead.heldBack ? `holds back ${dead.heldBack}` : '');
 * ```
 */
export interface DeadLetter extends OutboxRecord {
  /**
   * Rows of the same ordering key committed after this one and not yet delivered: they wait until this row is
   * retried and delivered, or discarded. 0 for an unordered row.
   */
  heldBack: number;
}

/**
 * Events the engine emits for embedders, so a host platform can observe without polling.
 *
 * @example
 * ```ts
 * engine.events.on('case.transitioned', ({ case: c, entry }) => audit.write(c.id, entry.type));
 * ```
 */
export interface EngineEvents {
  /** A case was created (its first journal entry). */
  'case.created': (event: { case: CaseView; entry: JournalEntry }) => void;
  /** A case moved on an event or a timer (one journal entry). */
  'case.transitioned': (event: { case: CaseView; entry: JournalEntry }) => void;
  /** A due timer fired and was sent to its case. */
  'timer.fired': (event: { timer: TimerRecord; caseId: string }) => void;
  /** An effect's handler succeeded. */
  'effect.delivered': (event: { effect: OutboxRecord; attempt: number }) => void;
  /** An effect's handler failed and will be retried at `nextAttemptAt`. */
  'effect.failed': (event: {
    effect: OutboxRecord;
    attempt: number;
    error: unknown;
    nextAttemptAt: Date;
    /** The wait the handler asked for with `retryAfter` (the attempt was not counted), or null. */
    retryAfterMs: number | null;
  }) => void;
  /** An effect failed for good (permanent failure or attempts used up); retry it with `retryDeadLetter`. */
  'effect.deadLettered': (event: { effect: OutboxRecord; attempt: number; error: unknown }) => void;
  /** A deadline was computed Monday-to-Friday for a year without calendar data (provisional). */
  'calendar.provisional': (event: { caseId: string; timer: TimerRecord }) => void;
  /** Provisional deadlines were re-planned after calendar data was added. */
  'calendar.replanned': (event: { timers: number }) => void;
  /**
   * At `start()` with `unhandledEffects: 'warn'`: effects a flow declares that no handler takes (no handler of
   * the type, no `*`); their rows would be dead-lettered on first delivery. Also logged as a warning.
   */
  'effect.unhandled': (event: { type: string; flows: string[] }) => void;
  /** An outside record became a case or an event (`quarantineId`: the quarantine row this resolved, if any). */
  'intake.applied': (event: {
    source: string;
    externalId: string;
    caseId: string;
    quarantineId: string | null;
  }) => void;
  /** An outside record was refused and is (still) in quarantine. */
  'intake.quarantined': (event: { record: QuarantineRecord }) => void;
  /** A background failure (loop iteration, adapter). Foreground calls throw instead. */
  error: (event: { error: GridflowError | Error; during: string }) => void;
}

/**
 * The engine. Create with {@link createEngine}.
 *
 * @example
 * ```ts
 * await engine.start();
 * const c = await engine.createCase({ flow: 'work-order', actor, orgUnit: 'grid-01', input });
 * await engine.send({ caseId: c.id, actor, event: { type: 'accept' } });
 * await engine.stop();
 * ```
 */
export interface Engine<TFlow extends FlowDefinition = FlowDefinition> {
  /** The registered flows, by id and version. */
  readonly flows: FlowRegistry;
  /** Typed events: commits, timer firings, deliveries, failures (see {@link EngineEvents}). */
  readonly events: EventEmitter<EngineEvents>;
  /** The storage the engine commits to. */
  readonly storage: Storage;
  /** The org tree used for authorization and recipients. */
  readonly directory: Directory;
  /** The working-day calendar deadlines are computed with. */
  readonly calendar: Calendar;
  /** The clock (real, or virtual in tests). */
  readonly clock: Clock;
  /**
   * Start a case of a flow in one commit: authorized, input validated, timers and effects recorded. Returns its
   * view.
   */
  createCase(request: CreateCaseRequest<TFlow['id']>): Promise<CaseView>;
  /** Send an event to a case as an actor: authorized, validated, one commit. Returns the case after it. */
  send(request: SendRequest<CaseEvent<TFlow>>): Promise<CaseView>;
  /** With an actor, checks that the actor may see the case (`FORBIDDEN` otherwise). */
  getCase(caseId: string, actor?: Actor): Promise<CaseView>;
  /** The case's journal, oldest first; with an actor, checks the actor may see the case. */
  history(caseId: string, actor?: Actor): Promise<JournalEntry[]>;
  /**
   * The case's journal as a reader sees it: each step labelled from the flow's `labels` (`签收`, a timer as
   * `超时提醒` or its delay's label, never `xstate.after...`), the actor's name and unit from the directory, the
   * local time, and one line of text: `签收 · 王芳 (幸福社区) · 2026-09-15 10:02`. With `actor`, access is
   * checked like `getCase` and personal data masked like `history`.
   *
   * @example
   * ```ts
   * for (const step of await engine.timeline(caseId, { actor })) console.log(step.text);
   * ```
   */
  timeline(caseId: string, options?: TimelineOptions): Promise<TimelineEntry[]>;
  /** Cases matching the filters, a page at a time (`nextCursor`); with `actor`, only what it may see. */
  query(query?: EngineQuery): Promise<Page<CaseView>>;
  /**
   * A worklist page (as {@link Engine.query}) with the number of cases matching its filters in all pages,
   * the two asked at once: e.g. the 超期未办结 list of a street with its count. The count stops at
   * `countUpTo` (default {@link WORKLIST_COUNT_UP_TO}) and says so with `totalCapped`.
   *
   * @example
   * ```ts
   * const { items, total, nextCursor } = await engine.worklist({ orgUnit: 'street-east', overdue: true, limit: 20 });
   * ```
   */
  worklist(query?: WorklistQuery): Promise<Worklist>;
  /**
   * Metrics of an org unit and each unit below it for a period, each row covering its subtree: by the area a
   * case belongs to, or with `by: 'handlingUnit'` by the units that handled it (考核).
   */
  metrics(query: MetricsQuery & { by: 'handlingUnit' }): Promise<HandlingMetricsReport>;
  metrics(query: MetricsQuery & { by?: 'area' }): Promise<MetricsReport>;
  metrics(query: MetricsQuery): Promise<MetricsReport | HandlingMetricsReport>;
  /**
   * The open cases of a unit's subtree now, by state and SLA light (overdue / past the reminder point / in
   * time), in one storage round trip on a storage that keeps case facts: the dashboard's tiles.
   *
   * @example
   * ```ts
   * const { open, lights } = await engine.counts({ orgUnit: 'street-east', flow: 'work-order', actor });
   * ```
   */
  counts(query: CaseCountsQuery): Promise<CaseCounts>;
  /**
   * Read again the metric facts of cases whose projection row is missing (cases from before facts were kept)
   * or was read by another extractor version, in batches, reporting progress; safe to stop and rerun. Reports
   * do this for their own scope before they read, so it is a backfill, not a requirement. Returns the rows
   * written.
   *
   * @example
   * ```ts
   * await engine.refreshCaseFacts({ batchSize: 1000, onProgress: (p) => console.log(p.refreshed) });
   * ```
   */
  refreshCaseFacts(options?: FactsRefreshOptions): Promise<number>;
  /** Fire every timer due now; returns how many fired. The background loop calls this. */
  runDueTimers(): Promise<number>;
  /** Attempt every outbox row due now; returns how many were attempted. The background loop calls this. */
  drainOutbox(): Promise<number>;
  /** Dead-lettered effects, oldest first, each with how many rows of its ordering key it holds back. */
  deadLetters(options?: { limit?: number; cursor?: string | null }): Promise<Page<DeadLetter>>;
  /** Put a dead-lettered effect back for delivery (attempts reset); its key's rows follow once it is delivered. */
  retryDeadLetter(id: string): Promise<void>;
  /**
   * Apply an outside record with the intake registered for `source`: a case created or an event sent, once
   * per outside id (`duplicate` after that, nothing written); or, when it cannot be applied, quarantined with
   * its raw body and reason. Transient failures (`ADAPTER_FAILED`, `VERSION_CONFLICT`) throw: retry later.
   */
  ingest(source: string, raw: unknown): Promise<IngestResult>;
  /** Outside records that could not be applied: list, retry, discard. */
  readonly quarantine: EngineQuarantine;
  /** Pollers' durable positions in their sources, with compare-and-set. */
  readonly cursors: EngineCursors;
  /**
   * Give up on a dead-lettered effect: it is kept as `discarded` and never attempted again, and the rows of its
   * ordering key it held back go on. `VALIDATION_FAILED` when it is not dead-lettered.
   */
  discardDeadLetter(id: string): Promise<void>;
  /**
   * Record one effect for the dispatcher outside a transition: an adapter's follow-up to something that
   * happened outside the engine (a WeCom card update after a button click), delivered, retried and
   * dead-lettered like the effects of a transition, so it is not lost when the process stops. No journal entry,
   * no case change. Idempotent on `idempotencyKey` across processes: a key enqueued before adds nothing
   * (`enqueued: false`). `VALIDATION_FAILED` names `request.<field>` (`request.type` when no handler of this
   * engine takes the type, since the row could only be dead-lettered); `ENGINE_STOPPED` once stopped.
   */
  enqueueEffect(request: EnqueueEffectRequest): Promise<EnqueueEffectResult>;
  /** Recompute provisional deadlines with the calendar's current data; returns how many moved. */
  replanProvisional(): Promise<number>;
  /**
   * Move live cases to another flow version: checked in full first (`MIGRATION_INVALID`, nothing written), then
   * committed per case with a `gridflow.migrate` journal entry. `dryRun` only reports. See `MigrationPlan`.
   */
  migrate(plan: MigrationPlan, options?: MigrateOptions): Promise<MigrationReport>;
  /**
   * Initialise the adapters (once per engine) and start the timer loop and the dispatcher. A flow effect no
   * handler takes fails it with `VALIDATION_FAILED` (or only warns, see `EngineOptions.unhandledEffects`).
   * A second `start()` while running does nothing. `createCase`, `send` and the reads work before `start()`
   * too (they initialise the adapters on first use), but nothing fires timers or delivers effects until
   * `start()`, or until `runDueTimers()`/`drainOutbox()` are called, as the test engine does.
   */
  start(): Promise<void>;
  /**
   * Stop the loops, wait for in-flight calls, then, when the engine owns its adapters (the default), dispose
   * them once: the engine is finished. See `EngineOptions.ownsAdapters`. Calling it again does nothing more.
   */
  stop(): Promise<void>;
  /**
   * Stop cleanly when the process is told to (SIGTERM from a container runtime, SIGINT from Ctrl-C): the loops
   * end, calls in flight finish, owned adapters are disposed (a PGlite database closed), then the process exits
   * with 0. A second signal exits at once with 1. Returns a function that removes the handlers.
   *
   * @example
   * ```ts
   * await engine.start();
   * engine.stopOnSignals();
   * ```
   */
  stopOnSignals(options?: StopOnSignalsOptions): () => void;
}
