import { randomUUID } from 'node:crypto';
import EventEmitter from 'eventemitter3';
import { chinaCalendar } from '../calendar/china-calendar.js';
import { systemClock } from '../clock/clock.js';
import { GridflowError, isGridflowError } from '../errors.js';
import { FlowRegistry } from '../flow/flow-registry.js';
import { computeMetrics } from '../metrics/metrics-report.js';
import { authorize } from './commands/authorize.js';
import { BackgroundLoop } from './loops/background-loop.js';
import { CaseCommands } from './commands/case-commands.js';
import { toCaseView } from '../case/case-view.js';
import { type EngineContext, resolveTuning } from './engine-context.js';
import type { Engine, EngineEvents, EngineOptions, EngineQuery, Logger } from './engine-types.js';
import { guardStorage } from './guarded-storage.js';
import { linkedCaseHandlers } from './commands/linked-cases.js';
import { migrateCases } from './migration/migration.js';
import { dispatchOutbox } from './loops/outbox-dispatcher.js';
import { replanProvisional } from './loops/replan.js';
import { authorizeMetrics, scopeQuery } from './commands/case-query.js';
import { runDueTimers } from './loops/timer-runner.js';
import { parseActor } from './commands/validate-request.js';

const silentLogger: Logger = { warn: () => {}, error: () => {} };

/**
 * Create an engine. It keeps no live actors: every call loads the case, runs XState's pure transition and
 * commits snapshot, journal, timers and outbox in one storage transaction, so any number of engines can share
 * one store. Storage is initialised lazily on first use; `start()` also runs the timer loop and dispatcher.
 *
 * @example
 * ```ts
 * const engine = createEngine({ storage: memoryStorage(), flows: [workOrderFlow], directory: memoryDirectory(org),
 *   effects: { notify: async ({ payload }) => wecom.send(payload) } });
 * await engine.start();
 * const c = await engine.createCase({ flow: 'work-order', actor, orgUnit: 'grid-01', input: { title: '路灯不亮' } });
 * ```
 */
export function createEngine(options: EngineOptions): Engine {
  if (!options?.storage) throw missing('storage');
  if (!options.directory) throw missing('directory');
  if (!options.flows) throw missing('flows');
  const flows = options.flows instanceof FlowRegistry ? options.flows : new FlowRegistry(options.flows);
  const events = new EventEmitter<EngineEvents>();
  const logger = options.logger ?? silentLogger;
  const ctx: EngineContext = {
    storage: guardStorage(options.storage),
    flows,
    directory: options.directory,
    calendar: options.calendar ?? chinaCalendar(),
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
  const handlers = { ...linkedCaseHandlers(commands), ...options.effects };
  const { storage } = ctx;

  let initialised: Promise<void> | null = null;
  const ready = () => {
    initialised ??= (async () => {
      await storage.init?.();
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
  let stopped = false;
  const inFlight = new Set<Promise<unknown>>();
  /** Run a command unless stopped, and let `stop()` wait for it. */
  const track = <T>(work: () => Promise<T>): Promise<T> => {
    if (stopped) return Promise.reject(new GridflowError('ENGINE_STOPPED', 'the engine was stopped'));
    const promise = ready().then(work);
    inFlight.add(promise);
    const forget = () => inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  };

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

  const engine: Engine = {
    flows,
    events,
    storage,
    directory: ctx.directory,
    calendar: ctx.calendar,
    clock: ctx.clock,
    createCase: (request) => track(() => commands.createCase(request)),
    send: (request) => track(() => commands.send(request)),
    async getCase(caseId, actor) {
      await ready();
      const record = await commands.load(caseId);
      if (actor)
        await authorize(ctx.directory, parseActor(actor), actor.roles, record, `read case ${caseId}`);
      return toCaseView(record);
    },
    async history(caseId, actor) {
      await engine.getCase(caseId, actor);
      return storage.readJournal(caseId);
    },
    async query(query: EngineQuery = {}) {
      await ready();
      const page = await storage.queryCases(await scopeQuery(ctx, query));
      return { items: page.items.map(toCaseView), nextCursor: page.nextCursor };
    },
    async metrics(query) {
      await ready();
      if (query?.actor) await authorizeMetrics(ctx, parseActor(query.actor), query.orgUnit);
      const source = { storage, flows, directory: ctx.directory, facts: options.metrics?.facts };
      return computeMetrics({ ...source, now: ctx.clock.now() }, query);
    },
    runDueTimers: () => track(async () => (await runDueTimers(ctx, commands)).fired),
    drainOutbox: () => track(async () => (await dispatchOutbox(ctx, handlers)).attempted),
    async deadLetters(options = {}) {
      await ready();
      const page = await storage.listOutbox({ status: 'dead', limit: options.limit, cursor: options.cursor });
      const heldBack = await storage.countHeldBack(page.items.map((row) => row.id));
      return {
        items: page.items.map((row) => ({ ...row, heldBack: heldBack.get(row.id) ?? 0 })),
        nextCursor: page.nextCursor,
      };
    },
    async retryDeadLetter(id) {
      await ready();
      if (!(await storage.retryOutbox(id, ctx.clock.now()))) throw notDead(id);
      outboxLoop.poke();
    },
    async discardDeadLetter(id) {
      await ready();
      if (!(await storage.discardOutbox(id))) throw notDead(id);
      outboxLoop.poke();
    },
    async replanProvisional() {
      await ready();
      return replanProvisional(ctx);
    },
    migrate: (plan, migrateOptions) => track(() => migrateCases(ctx, plan, migrateOptions)),
    async start() {
      stopped = false;
      await ready();
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
    async stop() {
      stopped = true;
      for (const unsubscribe of unsubscribes) unsubscribe();
      unsubscribes = [];
      await Promise.all([
        timerLoop.stop(),
        outboxLoop.stop(),
        ...[...inFlight].map((p) => p.catch(() => {})),
      ]);
    },
  };
  return engine;
}

function notDead(id: string): GridflowError {
  return new GridflowError('VALIDATION_FAILED', `effect ${id} is not dead-lettered`, {
    details: { field: 'id' },
  });
}

function missing(field: string): GridflowError {
  return new GridflowError('VALIDATION_FAILED', `createEngine options.${field} is required`, {
    details: { field: `options.${field}` },
  });
}
