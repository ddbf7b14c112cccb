import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { memoryDirectory } from '../src/directory/memory-directory.js';
import { instrumentEngine } from '../src/telemetry/otel-bridge.js';
import { createTestEngine } from '../src/testing/test-engine.js';
import { org, resident, staffA } from './fixtures/org.js';
import { repairFlow } from './fixtures/repair-flow.js';

function telemetry() {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  const reader = new PeriodicExportingMetricReader({
    exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
    exportIntervalMillis: 3_600_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const counters = async () => {
    const { resourceMetrics } = await reader.collect();
    const out: Record<string, Array<{ value: unknown; attributes: unknown }>> = {};
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        out[metric.descriptor.name] = metric.dataPoints.map((p) => ({
          value: p.value,
          attributes: p.attributes,
        }));
      }
    }
    return out;
  };
  return {
    tracer: tracerProvider.getTracer('gridflow'),
    meter: meterProvider.getMeter('gridflow'),
    spans: () =>
      spans
        .getFinishedSpans()
        .map((s) => ({ name: s.name, attributes: s.attributes, status: s.status.code })),
    counters,
    close: async () => {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}

async function runRepair(effects: { notify: () => void }) {
  const t = createTestEngine({
    flows: [repairFlow],
    directory: memoryDirectory(org),
    start: '2026-09-21T09:00:00+08:00',
    effects,
  });
  return t;
}

describe('the OpenTelemetry bridge', () => {
  it('turns commits, timer firings and effect deliveries into spans and counters', async () => {
    const otel = telemetry();
    let calls = 0;
    const t = await runRepair({
      notify: () => {
        if (++calls === 1) throw new Error('SMS gateway busy');
      },
    });
    instrumentEngine(t.engine, { tracer: otel.tracer, meter: otel.meter });
    const c = await t.engine.createCase({
      flow: 'repair',
      actor: resident,
      orgUnit: 'grid-a1',
      input: { title: '灯' },
    });
    await t.engine.send({ caseId: c.id, actor: staffA, event: { type: 'assign', to: 'g-wang' } });
    await t.advance('4 working days');

    const spans = otel.spans();
    const commits = spans.filter((s) => s.name === 'gridflow.commit');
    expect(commits.map((s) => [s.attributes['gridflow.event.type'], s.attributes['gridflow.state']])).toEqual(
      [
        ['gridflow.create', 'open'],
        ['assign', 'assigned'],
        ['xstate.after.slaDeadline.repair.assigned', 'assigned'],
      ],
    );
    expect(commits[1]?.attributes).toMatchObject({
      'gridflow.case.id': c.id,
      'gridflow.flow.id': 'repair',
      'gridflow.flow.version': 1,
      'gridflow.state.from': 'open',
    });
    expect(spans.filter((s) => s.name === 'gridflow.timer')).toEqual([
      {
        name: 'gridflow.timer',
        status: 0,
        attributes: expect.objectContaining({
          'gridflow.case.id': c.id,
          'gridflow.flow.id': 'repair',
          'gridflow.state': 'assigned',
          'gridflow.event.type': 'xstate.after.slaDeadline.repair.assigned',
        }),
      },
    ]);
    const effects = spans.filter((s) => s.name === 'gridflow.effect');
    expect(
      effects.map((s) => [
        s.attributes['gridflow.effect.type'],
        s.attributes['gridflow.effect.attempt'],
        s.status,
      ]),
    ).toEqual([
      ['notify', 1, 2],
      ['notify', 2, 0],
    ]);

    const counters = await otel.counters();
    expect(counters['gridflow.commits']).toEqual(
      expect.arrayContaining([
        { value: 1, attributes: { 'gridflow.flow.id': 'repair', 'gridflow.event.type': 'assign' } },
      ]),
    );
    expect(counters['gridflow.timers.fired']).toEqual([
      { value: 1, attributes: { 'gridflow.flow.id': 'repair' } },
    ]);
    expect(counters['gridflow.effects.delivered']).toEqual([
      { value: 1, attributes: { 'gridflow.effect.type': 'notify' } },
    ]);
    expect(counters['gridflow.effects.failed']).toEqual([
      { value: 1, attributes: { 'gridflow.effect.type': 'notify' } },
    ]);
    await otel.close();
  });

  it('is off by default, and records nothing once detached', async () => {
    const otel = telemetry();
    const t = await runRepair({ notify: () => {} });
    await t.engine.createCase({
      flow: 'repair',
      actor: resident,
      orgUnit: 'grid-a1',
      input: { title: '灯' },
    });
    const detach = instrumentEngine(t.engine, { tracer: otel.tracer });
    await t.engine.createCase({
      flow: 'repair',
      actor: resident,
      orgUnit: 'grid-a1',
      input: { title: '灯' },
    });
    detach();
    await t.engine.createCase({
      flow: 'repair',
      actor: resident,
      orgUnit: 'grid-a1',
      input: { title: '灯' },
    });
    expect(otel.spans()).toHaveLength(1);
    await otel.close();
  });
});
