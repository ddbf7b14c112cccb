// The engine's promise to callers, checked by fuzzing its two commands with fast-check on memory and on PGlite:
// whatever arrives, a call either succeeds or is refused with a typed `GridflowError` (a `VALIDATION_FAILED`
// names its field), a refusal leaves the store exactly as it was, and no call takes longer than a bound.
// The runs, the refusals by code and the longest call are printed for the issue note.
import { PGlite } from '@electric-sql/pglite';
import {
  type Actor,
  type Engine,
  type FlowDefinition,
  isGridflowError,
  memoryDirectory,
  memoryStorage,
  type Storage,
} from '@gridflow/engine';
import { gridReportFlow, microWishFlow, threeOrdersFlow, workOrderFlowV2 } from '@gridflow/engine/flows';
import { createTestEngine, inspectMemoryStorage } from '@gridflow/engine/testing';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresStorage } from '../src/index.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);
/** Generous on two shared cores: the hangs this guards against (unbounded durations) never return at all. */
const SLOWEST_CALL_MS = 5_000;

const UNITS = [
  { id: 'district', name: '示范区', kind: 'district' as const, parentId: null },
  { id: 'street-1', name: '东街道', kind: 'street' as const, parentId: 'district' },
  { id: 'comm-1', name: '幸福社区', kind: 'community' as const, parentId: 'street-1' },
  { id: 'grid-01', name: '幸福一网格', kind: 'grid' as const, parentId: 'comm-1' },
  { id: 'dept-city', name: '城管局', kind: 'department' as const, parentId: 'district' },
  { id: 'dept-housing', name: '住建局', kind: 'department' as const, parentId: 'district' },
];
const actor = (id: string, role: string, orgUnit: string): Actor => ({ id, roles: [role], orgUnit });
const PEOPLE = [
  actor('r-li', 'resident', 'grid-01'),
  actor('g-wang', 'gridWorker', 'grid-01'),
  actor('s-zhao', 'communityStaff', 'comm-1'),
  actor('t-sun', 'streetStaff', 'street-1'),
  actor('p-org', 'partyOrg', 'comm-1'),
  actor('m-li', 'partyMember', 'comm-1'),
  actor('d-ma', 'dispatcher', 'district'),
  actor('c-hu', 'supervisor', 'district'),
  actor('h-city', 'departmentHandler', 'dept-city'),
];
const directory = memoryDirectory({
  units: UNITS,
  members: PEOPLE.map((p) => ({ id: p.id, name: p.id, roles: p.roles, orgUnit: p.orgUnit })),
});
const FLOWS: FlowDefinition[] = [workOrderFlowV2, threeOrdersFlow, gridReportFlow, microWishFlow];
const LADDER = ['grid-01', 'comm-1', 'street-1', 'district', 'dept-city'];

/** An object nested `depth` levels down. */
const deep = (depth: number): unknown => (depth === 0 ? 'bottom' : { next: deep(depth - 1) });

/** Values no district sends on purpose: every one of them must be refused cleanly or stored as is. */
const NASTY: unknown[] = [
  null,
  undefined,
  '',
  '   ',
  'x'.repeat(5_000),
  'a\u0000b',
  'broken \ud800',
  'javascript:alert(1)',
  'toString',
  '__proto__',
  'constructor',
  'ghost-unit',
  0,
  -1,
  1e300,
  Number.NaN,
  true,
  {},
  [],
  JSON.parse('{"__proto__": {"polluted": true}}'),
  deep(40),
  { amount: 1e300, unit: 'workingHours' },
  { amount: 1e8, unit: 'workingDays' },
  { amount: -2, unit: 'workingDays' },
];
const TEXT = ['楼道灯不亮', '已处理, 请核实', '住户电话 13812345678', '  前后有空格  '];
const URLS = ['https://img.example/a.jpg'];
/** Plausible values by field name, so that some calls get through and move the cases along. */
function plausible(key: string): unknown[] {
  if (/unit$/i.test(key)) return ['comm-1', 'dept-city', 'dept-housing', 'street-1'];
  if (/units$/i.test(key)) return [['dept-city'], ['dept-housing', 'dept-city'], []];
  if (/caseid$/i.test(key)) return ['$case'];
  if (/(assignee|member|to)$/i.test(key)) return ['m-li', 'g-wang'];
  if (/(extra|within|duration)$/i.test(key))
    return [
      { amount: 2, unit: 'workingDays' },
      { amount: 4, unit: 'workingHours' },
    ];
  if (/^(solved|passed|reached|upheld|unitAtFault|confidential)$/.test(key)) return [true, false];
  if (key === 'rating') return [1, 3, 5, 'satisfied'];
  if (key === 'photos') return [URLS, []];
  if (key === 'ladder') return [LADDER];
  if (key === 'dueBy') return ['2026-10-09T10:00:00+08:00'];
  if (key === 'location') return [{ lat: 18.25, lng: 109.51, address: '幸福里 3 号楼' }];
  if (key === 'requestType') return ['help', 'complaint', 'consult'];
  if (key === 'caller') return [{ name: '李女士', phone: '13812345678', confidential: false }];
  return TEXT;
}

/** The keys a zod object schema declares (none for other schemas). */
function keysOf(schema: unknown): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape && typeof shape === 'object' ? Object.keys(shape) : [];
}

/**
 * An event payload or case input over `keys`: half the time well formed (every field plausible, nothing extra),
 * so that cases move along; otherwise fields missing, nasty or stray.
 */
function payload(keys: string[]) {
  const plausibleValue = (key: string) => fc.constantFrom(...plausible(key));
  const anyValue = (key: string) =>
    fc.oneof({ weight: 3, arbitrary: plausibleValue(key) }, fc.constantFrom(...NASTY));
  const clean = fc.record({
    picked: fc.record(Object.fromEntries(keys.map((k) => [k, plausibleValue(k)]))),
    stray: fc.constant(null),
    strayValue: fc.constant(null),
  });
  const messy = fc.record({
    picked: fc.record(Object.fromEntries(keys.map((k) => [k, anyValue(k)])), { requiredKeys: [] }),
    stray: fc.oneof(fc.constant(null), fc.constantFrom('toString', 'x', 'type')),
    strayValue: fc.constantFrom(...NASTY),
  });
  return fc.oneof(clean, messy);
}

/** `null` most of the time, otherwise a value of `arbitrary`. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, arbitrary);

const actors = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...PEOPLE) },
  fc.constantFrom<unknown>(
    { id: 'v-1', roles: ['visitor'], orgUnit: 'district' },
    { id: 'x', roles: ['toString'], orgUnit: 'comm-1' },
    { id: 'x'.repeat(300), roles: ['dispatcher'], orgUnit: 'district' },
    { id: 'x', roles: 'dispatcher', orgUnit: 'district' },
    { id: 'x', roles: ['dispatcher'], orgUnit: 'nowhere' },
    null,
  ),
);

const flowIds = FLOWS.map((f) => f.id);
const createCall = fc.nat(FLOWS.length - 1).chain((i) =>
  fc.record({
    kind: fc.constant('create' as const),
    flow: fc.oneof(
      { weight: 8, arbitrary: fc.constant(flowIds[i] as string) },
      fc.constantFrom('nope', 'toString', ''),
    ),
    actor: actors,
    orgUnit: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...UNITS.map((u) => u.id)) },
      fc.constantFrom(...NASTY),
    ),
    input: payload(keysOf(FLOWS[i]?.input)),
    idempotencyKey: rarely(fc.constantFrom('k-1', 'k-2', ' k ', 'k'.repeat(300))),
  }),
);

/** Each event type with the fields of one flow that declares it (flows differ in what the same event carries). */
const eventShapes: Array<[string, string, string[]]> = FLOWS.flatMap((f) =>
  Object.entries(f.events ?? {}).map(([type, schema]): [string, string, string[]] => [
    f.id,
    type,
    keysOf(schema),
  ]),
);
const strangeTypes = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'xstate.init', ''];
const sendCall = fc
  .oneof(
    { weight: 9, arbitrary: fc.constantFrom(...eventShapes) },
    fc.constantFrom(
      ...strangeTypes.map((type): [string, string, string[]] => ['work-order', type, ['note']]),
    ),
  )
  .chain(([flow, type, keys]) =>
    fc.record({
      kind: fc.constant('send' as const),
      target: fc.nat(),
      missingCase: fc.nat(19).map((n) => n === 0),
      actor: actors,
      flow: fc.constant(flow),
      type: fc.constant(type),
      payload: payload(keys),
      idempotencyKey: rarely(fc.constantFrom('s-1', 's-2', 's-3')),
    }),
  );

interface Report {
  calls: number;
  accepted: number;
  refusals: Record<string, number>;
  /** `VALIDATION_FAILED` refusals by the field they named. */
  fields: Record<string, number>;
  longestMs: number;
  longestCall: string;
}

/** What a refusal must leave as it was: the store's counts and every row of the case the call named. */
type Snapshot = (caseId: string | null) => Promise<string>;

function memorySnapshot(storage: Storage): Snapshot {
  const inspector = inspectMemoryStorage(storage);
  return async (caseId) => {
    const parts: unknown[] = [await inspector.counts()];
    if (caseId) {
      parts.push(
        await inspector.case(caseId),
        await inspector.journal(caseId),
        await inspector.timers(caseId),
        await inspector.outbox(caseId),
      );
    }
    return JSON.stringify(parts);
  };
}

/** The same in one statement, every row as Postgres stores it (row_to_json of the whole row). */
function sqlSnapshot(db: PGlite, schema: string): Snapshot {
  const rows = (table: string, order: string) =>
    `(select json_agg(r order by ${order}) from ${schema}.${table} r where r.case_id = $1)`;
  const count = (table: string) => `(select count(*) from ${schema}.${table})`;
  const text = `select json_build_array(
    ${['cases', 'journal', 'timers', 'outbox', 'idempotency_keys'].map(count).join(', ')},
    (select row_to_json(r) from ${schema}.cases r where r.id = $1),
    ${rows('journal', 'r.seq')}, ${rows('timers', 'r::text')}, ${rows('outbox', 'r::text')})::text as snapshot`;
  return async (caseId) => {
    const result = await db.query<{ snapshot: string }>(text, [caseId ?? '']);
    return result.rows[0]?.snapshot ?? '';
  };
}

const pick = (ids: string[], n: number) => ids[n % ids.length] as string;

async function fuzz(engine: Engine, snapshot: Snapshot, seed: number): Promise<Report> {
  const report: Report = { calls: 0, accepted: 0, refusals: {}, fields: {}, longestMs: 0, longestCall: '' };
  const cases: string[] = [];
  const byFlow = new Map<string, string[]>();
  const remember = (flow: string, id: string) => {
    if (cases.includes(id)) return;
    cases.push(id);
    byFlow.set(flow, [...(byFlow.get(flow) ?? []), id]);
  };
  const seedCase = async (
    flow: string,
    actorIndex: number,
    orgUnit: string,
    input: Record<string, unknown>,
  ) =>
    remember(
      flow,
      (await engine.createCase({ flow, actor: PEOPLE[actorIndex] as Actor, orgUnit, input })).id,
    );
  await seedCase('work-order', 0, 'grid-01', { title: '楼道灯不亮', requestType: 'help', ladder: LADDER });
  await seedCase('three-orders', 0, 'comm-1', { title: '楼道灯坏了', description: '不亮一周了' });
  await seedCase('grid-report', 1, 'grid-01', {
    description: '井盖缺失',
    photos: URLS,
    location: { lat: 18.25, lng: 109.51, address: '幸福里 3 号楼' },
  });

  await fc.assert(
    fc.asyncProperty(fc.oneof(createCall, { weight: 3, arbitrary: sendCall }), async (call) => {
      const withStray = (p: { picked: object; stray: string | null; strayValue: unknown }) =>
        p.stray ? { ...p.picked, [p.stray]: p.strayValue } : p.picked;
      const caseId =
        call.kind === 'send'
          ? call.missingCase
            ? 'no-such-case'
            : pick(byFlow.get(call.flow) ?? cases, call.target)
          : null;
      const fill = (v: unknown): unknown =>
        v === '$case' ? cases[(call.kind === 'send' ? call.target + 1 : 0) % cases.length] : v;
      const before = await snapshot(caseId ?? null);
      const started = performance.now();
      let outcome: unknown = null;
      try {
        if (call.kind === 'create') {
          const input = Object.fromEntries(
            Object.entries(withStray(call.input)).map(([k, v]) => [k, fill(v)]),
          );
          const created = await engine.createCase({
            flow: call.flow,
            actor: call.actor as Actor,
            orgUnit: call.orgUnit as string,
            input,
            ...(call.idempotencyKey ? { idempotencyKey: call.idempotencyKey } : {}),
          });
          remember(call.flow, created.id);
        } else {
          const event = Object.fromEntries(
            Object.entries(withStray(call.payload)).map(([k, v]) => [k, fill(v)]),
          );
          await engine.send({
            caseId: caseId as string,
            actor: call.actor as Actor,
            event: { ...event, type: call.type },
            ...(call.idempotencyKey ? { idempotencyKey: call.idempotencyKey } : {}),
          });
        }
      } catch (error) {
        outcome = error;
      }
      const ms = performance.now() - started;
      report.calls++;
      if (ms > report.longestMs) {
        report.longestMs = ms;
        report.longestCall = call.kind === 'send' ? `send ${call.type}` : `create ${call.flow}`;
      }
      expect(ms, 'no call slower than the bound').toBeLessThan(SLOWEST_CALL_MS);
      if (outcome === null) {
        report.accepted++;
        return;
      }
      if (!isGridflowError(outcome)) throw outcome;
      report.refusals[outcome.code] = (report.refusals[outcome.code] ?? 0) + 1;
      if (outcome.code === 'VALIDATION_FAILED') {
        const field = (outcome.details as { field?: unknown }).field;
        expect(typeof field).toBe('string');
        report.fields[field as string] = (report.fields[field as string] ?? 0) + 1;
      }
      expect(await snapshot(caseId ?? null), 'a refusal leaves the store as it was').toBe(before);
    }),
    { numRuns: RUNS, seed, endOnFailure: true },
  );
  return report;
}

const opened: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of opened.reverse()) await close();
});

describe.each(['memory', 'PGlite'] as const)('command fuzz on %s', (kind) => {
  it(`${RUNS} random createCase/send calls: typed refusals, untouched store, bounded time`, async () => {
    let storage: Storage;
    let snapshot: Snapshot;
    if (kind === 'memory') {
      storage = memoryStorage();
      snapshot = memorySnapshot(storage);
    } else {
      const db = new PGlite();
      const schema = 'gf_fuzz';
      storage = postgresStorage({ client: db, schema });
      snapshot = sqlSnapshot(db, schema);
      opened.push(() => db.close());
    }
    const t = createTestEngine({ storage, flows: FLOWS, directory, start: '2026-09-28T09:00:00+08:00' });
    // Commands only: no background loops, so nothing but the call under test writes to the store.
    opened.push(() => t.engine.stop());
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
    const report = await fuzz(t.engine, snapshot, seed);
    console.info(
      `command fuzz on ${kind} (seed ${seed}): ${report.calls} calls, ${report.accepted} accepted, refusals ${JSON.stringify(report.refusals)}, longest ${report.longestMs.toFixed(1)} ms (${report.longestCall})`,
    );
    const fields = Object.entries(report.fields).sort((a, b) => b[1] - a[1]);
    console.info(`fields named most often: ${JSON.stringify(fields.slice(0, 12))}`);
    expect(report.calls).toBe(RUNS);
    expect(report.accepted).toBeGreaterThan(0);
    expect(report.refusals.VALIDATION_FAILED ?? 0).toBeGreaterThan(0);
  }, 600_000);
});
