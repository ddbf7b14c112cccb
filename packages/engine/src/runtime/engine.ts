import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'eventemitter3';
import { chinaCalendar } from '../calendar/china-calendar.js';
import { systemClock } from '../clock/clock.js';
import { GridflowError, isGridflowError } from '../errors.js';
import { FlowRegistry } from '../flow/flow-registry.js';
import { computeMetrics, type MetricsQuery } from '../metrics/metrics-report.js';
import { type CaseCountsQuery, countCases, countMatching } from '../metrics/case-counts.js';
import { FactsKeeper, keepCaseFacts } from '../metrics/facts-keeper.js';
import { type FactsRefreshOptions, refreshCaseFacts } from '../metrics/facts-refresh.js';
import { projectionOf } from '../metrics/projected-metrics.js';
import { BackgroundLoop } from './loops/background-loop.js';
import { CaseCommands } from './commands/case-commands.js';
import { type CaseView, toCaseView } from '../case/case-view.js';
import { redactPersonalData } from '../privacy/redact.js';
import { caseNotFound, readAccess, readAccessFor } from './commands/read-access.js';
import { type EngineContext, resolveTuning } from './engine-context.js';
import type { FlowDefinition } from '../flow/define-flow.js';
import {
  type Engine,
  type EngineEvents,
  type EngineOptions,
  type EngineQuery,
  type Logger,
  type SendRequest,
  WORKLIST_COUNT_UP_TO,
  type WorklistQuery,
} from './engine-types.js';
import { disposeAdapters, guardEngineAdapters, initAdapters, unhandledEffects } from './engine-adapters.js';
import { parseEngineOptions } from './engine-options.js';
import { engineIntake } from './intake/engine-intake.js';
import { IntakeRunner } from './intake/intake-runner.js';
import { linkedCaseHandlers } from './commands/linked-cases.js';
import { migrateCases } from './migration/migration.js';
import { dispatchOutbox } from './loops/outbox-dispatcher.js';
import { enqueueEffect } from './enqueue-effect.js';
import { replanProvisional } from './loops/replan.js';
import { authorizeMetrics, scopeQuery } from './commands/case-query.js';
import { runDueTimers } from './loops/timer-runner.js';
import { parseActor } from './commands/validate-request.js';
import { buildTimeline } from './timeline.js';
import { stopOnSignals } from './stop-on-signals.js';

const silentLogger: Logger = { warn: () => {}, error: () => {} };

/**
 * Create an engine. It keeps no live actors: every call loads the case, runs XState's pure transition and
 * commits snapshot, journal, timers and outbox in one storage transaction, so any number of engines can share
 * one store. Options and every adapter's members are checked here (one `VALIDATION_FAILED` naming all that is
 * missing); adapters are initialised once, on `start()` or the first call; `start()` also runs the timer loop
 * and the dispatcher; `stop()` disposes the adapters unless `ownsAdapters: false` (see {@link EngineOptions}).
 *
 * @example
 * ```ts
 * const engine = createEngine({ storage: memoryStorage(), flows: [workOrderFlow], directory: memoryDirectory(org),
 *   effects: { notify: async ({ payload }) => wecom.send(payload) } });
 * await engine.start();
 * const c = await engine.createCase({ flow: 'work-order', actor, orgUnit: 'grid-01', input: { title: '路灯不亮' } });
 * ```
 */
export function createEngine<TFlow extends FlowDefinition = FlowDefinition>(
  options: EngineOptions<TFlow>,
): Engine<TFlow> {
  parseEngineOptions(options);
  const flows = options.flows instanceof FlowRegistry ? options.flows : new FlowRegistry(options.flows);
  const events = new EventEmitter<EngineEvents>();
  const logger = options.logger ?? silentLogger;
  const adapters = guardEngineAdapters({
    storage: options.storage,
    directory: options.directory,
    calendar: options.calendar ?? chinaCalendar(),
  });
  const keeper = new FactsKeeper(flows, options.metrics?.facts);
  const ctx: EngineContext = {
    ...adapters,
    // Commits carry the case's metric facts, stored in the same transaction (storages with `caseFacts`).
    storage: keepCaseFacts(adapters.storage, keeper),
    flows,
    clock: options.clock ?? systemClock,
    tuning: resolveTuning(options.tuning),
    events,
    logger,
    instanceId: options.instanceId ?? `engine-${randomUUID().slice(0, 8)}`,
    emitError(error, during) {
      const err = error instanceof Error ? error : new Error(String(error));
      logger.error(`gridflow: ${during}: ${err.message}`, {
        during,
        code: isGridflowError(err) ? err.code : undefined,
      });
      if (events.listenerCount('error') > 0) events.emit('error', { error: err, during });
    },
  };
  const commands = new CaseCommands(ctx);
  const intakes = new IntakeRunner(ctx, commands, options.intakes);
  const handlers = { ...linkedCaseHandlers(commands), ...options.effects };
  const { storage } = ctx;
  const ownsAdapters = options.ownsAdapters ?? true;

  let initialised: Promise<void> | null = null;
  const ready = () => {
    initialised ??= (async () => {
      await initAdapters(adapters);
      for (const flow of flows.list()) {
        const stored = await storage.ensureFlowVersion({
          flowId: flow.id,
          version: flow.version,
          hash: flow.hash,
        });
        if (stored.hash !== flow.hash) {
          throw new GridflowError(
            'FLOW_CONFLICT',
            `flow ${flow.id}@${flow.version} is stored with other content`,
            {
              details: { flowId: flow.id, version: flow.version, stored: stored.hash, given: flow.hash },
            },
          );
        }
      }
    })().catch((error) => {
      initialised = null;
      throw error;
    });
    return initialised;
  };
  /** Commands are refused once stopped; everything is refused once the adapters are disposed. */
  let stopped = false;
  let closed = false;
  let disposal: Promise<void> | null = null;
  const inFlight = new Set<Promise<unknown>>();
  /** Run a call after initialisation, and let `stop()` wait for it before disposing the adapters. */
  const run = <T>(work: () => Promise<T>, kind: 'command' | 'read' = 'command'): Promise<T> => {
    if (closed || (stopped && kind === 'command')) return Promise.reject(stoppedError(closed));
    const promise = ready().then(work);
    inFlight.add(promise);
    const forget = () => inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  };
  const read = <T>(work: () => Promise<T>) => run(work, 'read');

  const timerLoop = new BackgroundLoop(
    ctx.clock,
    async () => {
      // Several batches at once: one claims while another commits, so storage round trips overlap.
      const runs = Array.from({ length: ctx.tuning.timerConcurrency }, () => runDueTimers(ctx, commands));
      const full = (await Promise.all(runs)).some((run) => run.claimed >= ctx.tuning.batchSize);
      return { full, wakeAt: await storage.nextTimerDue() };
    },
    ctx.tuning.pollIntervalMs,
    (error) => ctx.emitError(error, 'timer loop'),
  );
  const outboxLoop = new BackgroundLoop(
    ctx.clock,
    async () => ({ full: (await dispatchOutbox(ctx, handlers)).again }),
    ctx.tuning.pollIntervalMs,
    (error) => ctx.emitError(error, 'dispatcher'),
  );
  // A commit on this engine is a reason to look at once; other engines hear it through storage wake-ups.
  events.on('case.created', () => {
    timerLoop.poke();
    outboxLoop.poke();
  });
  events.on('case.transitioned', () => {
    timerLoop.poke();
    outboxLoop.poke();
  });
  let unsubscribes: Array<() => void> = [];

  let running = false;
  const engine: Engine<TFlow> = {
    flows,
    events,
    storage,
    directory: ctx.directory,
    calendar: ctx.calendar,
    clock: ctx.clock,
    createCase: (request) => run(() => commands.createCase(request)),
    send: (request) => run(() => commands.send(request as SendRequest)),
    getCase: (caseId, actor) =>
      read(async () => {
        const record = await commands.load(caseId);
        const access = actor ? await readAccess(ctx, parseActor(actor), record) : 'all';
        if (!access) throw caseNotFound(caseId);
        return redactPersonalData(toCaseView(record), access);
      }),
    history: (caseId, actor) =>
      read(async () => {
        const record = await commands.load(caseId);
        const access = actor ? await readAccess(ctx, parseActor(actor), record) : 'all';
        if (!access) throw caseNotFound(caseId);
        return redactPersonalData(await storage.readJournal(caseId), access);
      }),
    timeline: (caseId, timelineOptions = {}) =>
      read(async () => {
        const record = await commands.load(caseId);
        const { actor } = timelineOptions;
        const access = actor ? await readAccess(ctx, parseActor(actor), record) : 'all';
        if (!access) throw caseNotFound(caseId);
        const flowOf = (version: number) =>
          flows.has(record.flowId, version) ? flows.get(record.flowId, version) : undefined;
        const journal = await storage.readJournal(caseId);
        return buildTimeline({ directory: ctx.directory, flowOf }, journal, access);
      }),
    query: (query: EngineQuery = {}) =>
      read(async () => {
        const page = await storage.queryCases(await scopeQuery(ctx, query));
        const actor = query.actor && parseActor(query.actor);
        if (!actor) return { items: page.items.map(toCaseView), nextCursor: page.nextCursor };
        const accessOf = readAccessFor(ctx, actor);
        const items: CaseView[] = [];
        for (const record of page.items) {
          const access = await accessOf(record);
          if (access) items.push(redactPersonalData(toCaseView(record), access));
        }
        return { items, nextCursor: page.nextCursor };
      }),
    worklist: ({ countUpTo = WORKLIST_COUNT_UP_TO, ...query }: WorklistQuery = {}) =>
      read(async () => {
        if (!Number.isInteger(countUpTo) || countUpTo < 1) {
          throw new GridflowError('VALIDATION_FAILED', 'worklist countUpTo must be a positive integer', {
            details: { field: 'countUpTo', value: countUpTo },
          });
        }
        const scoped = await scopeQuery(ctx, query);
        // One past the bound tells "exactly countUpTo" from "more than that".
        const [page, counted] = await Promise.all([
          engine.query(query),
          countMatching(storage, scoped, countUpTo + 1),
        ]);
        return { ...page, total: Math.min(counted, countUpTo), totalCapped: counted > countUpTo };
      }),
    // One implementation behind the overloads: the report's `by` follows the query's.
    metrics: ((query: MetricsQuery) =>
      read(async () => {
        if (query?.actor) await authorizeMetrics(ctx, parseActor(query.actor), query.orgUnit);
        const source = { storage, flows, directory: ctx.directory, facts: options.metrics?.facts };
        const projection = projectionOf(storage, keeper);
        return computeMetrics({ ...source, projection, now: ctx.clock.now() }, query);
      })) as Engine['metrics'],
    counts: (query: CaseCountsQuery) =>
      read(async () => {
        if (query?.actor) await authorizeMetrics(ctx, parseActor(query.actor), query.orgUnit);
        return countCases({ storage, directory: ctx.directory, keeper, now: ctx.clock.now() }, query);
      }),
    refreshCaseFacts: (refresh?: FactsRefreshOptions) =>
      read(() => refreshCaseFacts(storage, keeper, refresh)),
    runDueTimers: () => run(async () => (await runDueTimers(ctx, commands)).fired),
    drainOutbox: () => run(async () => (await dispatchOutbox(ctx, handlers)).attempted),
    deadLetters: (options = {}) =>
      read(async () => {
        const page = await storage.listOutbox({
          status: 'dead',
          limit: options.limit,
          cursor: options.cursor,
        });
        const heldBack = await storage.countHeldBack(page.items.map((row) => row.id));
        return {
          items: page.items.map((row) => ({ ...row, heldBack: heldBack.get(row.id) ?? 0 })),
          nextCursor: page.nextCursor,
        };
      }),
    retryDeadLetter: (id) =>
      read(async () => {
        if (!(await storage.retryOutbox(id, ctx.clock.now()))) throw notDead(id);
        outboxLoop.poke();
      }),
    discardDeadLetter: (id) =>
      read(async () => {
        if (!(await storage.discardOutbox(id))) throw notDead(id);
        outboxLoop.poke();
      }),
    enqueueEffect: (request) =>
      run(async () => {
        const result = await enqueueEffect(ctx, request, (type) => Boolean(handlers[type] ?? handlers['*']));
        if (result.enqueued) outboxLoop.poke();
        return result;
      }),
    replanProvisional: () => read(() => replanProvisional(ctx)),
    migrate: (plan, migrateOptions) => run(() => migrateCases(ctx, plan, migrateOptions)),
    ...engineIntake(ctx, intakes, () => read(async () => {}), run),
    async start() {
      if (closed) throw stoppedError(true);
      if (running) return;
      stopped = false;
      running = true;
      try {
        await ready();
      } catch (error) {
        running = false;
        throw error;
      }
      const unhandled = unhandledEffects(flows, handlers);
      if (unhandled.length > 0 && (options.unhandledEffects ?? 'error') === 'error') {
        running = false;
        throw unhandledEffectsError(unhandled);
      }
      warnUnhandledEffects(ctx, unhandled);
      if (storage.capabilities.wakeups && storage.onWake) {
        unsubscribes.push(
          storage.onWake((channel) => (channel === 'timers' ? timerLoop : outboxLoop).poke()),
        );
      }
      if (ctx.calendar.onDataAdded) {
        unsubscribes.push(
          ctx.calendar.onDataAdded(() => {
            replanProvisional(ctx).catch((error) => ctx.emitError(error, 'calendar re-plan'));
          }),
        );
      }
      timerLoop.start();
      outboxLoop.start();
    },
    stopOnSignals: (signalOptions) => stopOnSignals(() => engine.stop(), signalOptions),
    async stop() {
      stopped = true;
      running = false;
      if (ownsAdapters) closed = true;
      for (const unsubscribe of unsubscribes) unsubscribe();
      unsubscribes = [];
      await Promise.all([
        timerLoop.stop(),
        outboxLoop.stop(),
        ...[...inFlight].map((p) => p.catch(() => {})),
      ]);
      if (ownsAdapters) {
        disposal ??= disposeAdapters(adapters);
        await disposal;
      }
    },
  };
  return engine;
}

function stoppedError(closed: boolean): GridflowError {
  return new GridflowError(
    'ENGINE_STOPPED',
    closed
      ? 'the engine was stopped and disposed its adapters; create a new engine (or pass ownsAdapters: false to stop and start again)'
      : 'the engine was stopped',
    { details: { disposed: closed } },
  );
}

function warnUnhandledEffects(ctx: EngineContext, unhandled: { type: string; flows: string[] }[]): void {
  if (unhandled.length === 0) return;
  const list = unhandled.map(({ type, flows }) => `${type} (${flows.join(', ')})`).join('; ');
  ctx.logger.warn(`gridflow: no effect handler for ${list}: their effects will be dead-lettered`, {
    effects: unhandled.map(({ type }) => type),
  });
  for (const item of unhandled) ctx.events.emit('effect.unhandled', item);
}

function unhandledEffectsError(unhandled: { type: string; flows: string[] }[]): GridflowError {
  const list = unhandled.map(({ type, flows }) => `${type} (${flows.join(', ')})`).join('; ');
  return new GridflowError(
    'VALIDATION_FAILED',
    `no effect handler for ${list}: register one in createEngine({ effects }) (or '*'), or pass unhandledEffects: 'warn'`,
    {
      details: {
        field: `effects.${unhandled[0]?.type}`,
        missing: unhandled.map(({ type }) => type),
        flows: Object.fromEntries(unhandled.map(({ type, flows }) => [type, flows])),
      },
    },
  );
}

function notDead(id: string): GridflowError {
  return new GridflowError('VALIDATION_FAILED', `effect ${id} is not dead-lettered`, {
    details: { field: 'id' },
  });
}
