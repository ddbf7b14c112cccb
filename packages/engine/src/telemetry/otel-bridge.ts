import type { Engine, EngineEvents } from '../runtime/engine-types.js';

/** Attribute values as OpenTelemetry takes them. */
type Attributes = Record<string, string | number | boolean>;

/**
 * The slice of an OpenTelemetry `Tracer` the bridge uses (`trace.getTracer('gridflow')` from
 * `@opentelemetry/api` fits); structural, so the engine needs no OpenTelemetry package.
 *
 * @example
 * ```ts
 * import { trace } from '@opentelemetry/api';
 * const tracer: TracerLike = trace.getTracer('gridflow');
 * ```
 */
export interface TracerLike {
  /** Start a span; the bridge ends it with its status. */
  startSpan(
    name: string,
    options?: { attributes?: Attributes; startTime?: Date },
  ): {
    setStatus(status: { code: number; message?: string }): unknown;
    end(endTime?: Date): void;
  };
}

/**
 * The slice of an OpenTelemetry `Meter` the bridge uses (`metrics.getMeter('gridflow')` fits).
 *
 * @example
 * ```ts
 * import { metrics } from '@opentelemetry/api';
 * const meter: MeterLike = metrics.getMeter('gridflow');
 * ```
 */
export interface MeterLike {
  /** Create a counter (`gridflow.commits`, `gridflow.timer.fired` ...). */
  createCounter(
    name: string,
    options?: { description?: string; unit?: string },
  ): {
    add(value: number, attributes?: Attributes): void;
  };
}

/**
 * Options of {@link instrumentEngine}: a tracer for spans, a meter for counters, or both.
 *
 * @example
 * ```ts
 * const options: TelemetryOptions = { tracer: trace.getTracer('gridflow'), meter: metrics.getMeter('gridflow') };
 * ```
 */
export interface TelemetryOptions {
  /** Where spans go (`trace.getTracer(...)`); none when omitted. */
  tracer?: TracerLike;
  /** Where counters go (`metrics.getMeter(...)`); none when omitted. */
  meter?: MeterLike;
}

/** OpenTelemetry's `SpanStatusCode.ERROR`. */
const STATUS_ERROR = 2;
/** Timer commits waiting for their `timer.fired`, by timer id; bounded, in case a firing is never reported. */
const PENDING_TIMERS_MAX = 10_000;

/**
 * Turn what an engine does into OpenTelemetry spans and counters (off until called):
 * - every commit (`gridflow.commit` span; `gridflow.commits` counter by flow and event type), with the case id,
 *   flow, version, event type and the states before and after;
 * - every timer firing (`gridflow.timer` span; `gridflow.timers.fired`), with the case, flow and state it led to;
 * - every effect delivery attempt (`gridflow.effect` span, an error status when it failed;
 *   `gridflow.effects.delivered`, `gridflow.effects.failed`, `gridflow.effects.dead_lettered` by effect type).
 * Spans carry case ids; counters only low-cardinality attributes (flow, event or effect type). Spans are
 * recorded when the engine reports the step (after its commit or delivery). Returns a function that detaches.
 *
 * @example
 * ```ts
 * import { metrics, trace } from '@opentelemetry/api';
 * const detach = instrumentEngine(engine, { tracer: trace.getTracer('gridflow'), meter: metrics.getMeter('gridflow') });
 * ```
 */
export function instrumentEngine(engine: Pick<Engine, 'events'>, options: TelemetryOptions): () => void {
  const { tracer, meter } = options;
  const counter = (name: string, description: string) => meter?.createCounter(name, { description });
  const commits = counter('gridflow.commits', 'Committed transitions (creations included)');
  const timersFired = counter('gridflow.timers.fired', 'Durable timers fired');
  const delivered = counter('gridflow.effects.delivered', 'Effects delivered');
  const failed = counter('gridflow.effects.failed', 'Failed effect delivery attempts that will be retried');
  const deadLettered = counter('gridflow.effects.dead_lettered', 'Effects dead-lettered');
  const timerCases = new Map<string, Attributes>();

  const span = (name: string, attributes: Attributes, error?: unknown) => {
    const s = tracer?.startSpan(name, { attributes });
    if (s && error !== undefined) s.setStatus({ code: STATUS_ERROR, message: messageOf(error) });
    s?.end();
  };

  const onCommit: EngineEvents['case.created'] = ({ case: c, entry }) => {
    const attributes: Attributes = {
      'gridflow.case.id': c.id,
      'gridflow.flow.id': c.flowId,
      'gridflow.flow.version': c.flowVersion,
      'gridflow.event.type': entry.type,
      'gridflow.state': c.state,
      'gridflow.state.from': entry.fromState ?? '',
      'gridflow.case.version': c.version,
    };
    span('gridflow.commit', attributes);
    commits?.add(1, { 'gridflow.flow.id': c.flowId, 'gridflow.event.type': entry.type });
    if (entry.causationId && entry.actor.roles.includes('system')) {
      if (timerCases.size >= PENDING_TIMERS_MAX) timerCases.clear();
      timerCases.set(entry.causationId, attributes);
    }
  };
  const onTimer = ({
    timer,
    caseId,
  }: {
    timer: { id: string; key: string; event: { type: string } };
    caseId: string;
  }) => {
    const commit = timerCases.get(timer.id);
    timerCases.delete(timer.id);
    span('gridflow.timer', {
      ...commit,
      'gridflow.case.id': caseId,
      'gridflow.timer.key': timer.key,
      'gridflow.event.type': timer.event.type,
    });
    timersFired?.add(1, commit ? { 'gridflow.flow.id': commit['gridflow.flow.id'] as string } : {});
  };
  type EffectEvent = {
    effect: { id: string; caseId: string; type: string };
    attempt: number;
    error?: unknown;
  };
  const effectAttributes = ({ effect, attempt }: EffectEvent): Attributes => ({
    'gridflow.case.id': effect.caseId,
    'gridflow.effect.type': effect.type,
    'gridflow.effect.id': effect.id,
    'gridflow.effect.attempt': attempt,
  });
  const onDelivered = (event: EffectEvent) => {
    span('gridflow.effect', effectAttributes(event));
    delivered?.add(1, { 'gridflow.effect.type': event.effect.type });
  };
  const onFailed = (event: EffectEvent) => {
    span('gridflow.effect', effectAttributes(event), event.error);
    failed?.add(1, { 'gridflow.effect.type': event.effect.type });
  };
  const onDead = (event: EffectEvent) => {
    span(
      'gridflow.effect',
      { ...effectAttributes(event), 'gridflow.effect.dead_lettered': true },
      event.error,
    );
    deadLettered?.add(1, { 'gridflow.effect.type': event.effect.type });
  };

  const { events } = engine;
  events.on('case.created', onCommit);
  events.on('case.transitioned', onCommit);
  events.on('timer.fired', onTimer);
  events.on('effect.delivered', onDelivered);
  events.on('effect.failed', onFailed);
  events.on('effect.deadLettered', onDead);
  return () => {
    events.off('case.created', onCommit);
    events.off('case.transitioned', onCommit);
    events.off('timer.fired', onTimer);
    events.off('effect.delivered', onDelivered);
    events.off('effect.failed', onFailed);
    events.off('effect.deadLettered', onDead);
    timerCases.clear();
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
