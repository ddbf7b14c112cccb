import fc from 'fast-check';
import { setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { defineFlow } from '../src/flow/define-flow.js';
import { FlowRegistry } from '../src/flow/flow-registry.js';
import { builtInFacts } from '../src/flows/built-in-facts.js';
import { FactsKeeper } from '../src/metrics/facts-keeper.js';
import type { CaseRecord } from '../src/storage/case-store.js';
import type { JournalEntry } from '../src/storage/storage.js';

// The commit path folds each commit's entries into the facts kept from the commit before; the full-journal
// extractors stay the reference. Over random journals cut into random commits, both must give the same row.

const probe = (id: string) =>
  defineFlow({
    id,
    version: 1,
    machine: setup({ delays: { slaDeadline: 1000, other: 1000 } }).createMachine({
      id,
      initial: 'open',
      states: { open: {} },
    }),
    events: {},
    permissions: { create: [], events: {} },
    deadlines: ['slaDeadline'],
  });
const flows = new FlowRegistry([probe('probe'), probe('work-order')]);
const keeper = new FactsKeeper(flows, builtInFacts);

const STATES = ['open', 'dispatched', 'inProgress', 'review', 'done'];
const UNITS = ['dept-a', 'dept-b', 'grid-1'];
const kinds: Array<[string, fc.Arbitrary<Record<string, unknown>>]> = [
  ['dispatch', fc.record({ leadUnit: fc.constantFrom(...UNITS) })],
  ['reassign', fc.record({ leadUnit: fc.constantFrom(...UNITS) })],
  ['signFor', fc.constant({})],
  ['signFor.overdue', fc.constant({})],
  ['return', fc.constant({})],
  ['reviewReturn', fc.record({ upheld: fc.boolean() })],
  ['reopen', fc.constant({})],
  ['rate', fc.record({ rating: fc.constantFrom('satisfied', 'unsatisfied', 'bogus') })],
  [
    'followUp',
    fc.record({ rating: fc.constantFrom('verySatisfied', 'veryUnsatisfied'), reached: fc.boolean() }),
  ],
  ['reply', fc.record({ solved: fc.boolean() })],
  ['close', fc.record({ reason: fc.constantFrom('resolved', 'explained') })],
  ['whistle', fc.record({ departments: fc.subarray(UNITS) })],
  ['reportIn', fc.record({ whistleId: fc.option(fc.constantFrom('w1', 'w2'), { nil: undefined }) })],
  ['whistle.late', fc.record({ whistleId: fc.constantFrom('w1', 'w2'), unit: fc.constantFrom(...UNITS) })],
  ['appealRating', fc.constant({})],
  ['decideAppeal', fc.record({ upheld: fc.boolean() })],
  ['xstate.after.slaDeadline.probe.open', fc.constant({})],
  ['xstate.after.other.probe.open', fc.constant({})],
  ['gridflow.migrate', fc.constant({})],
  ['sla.reminder', fc.constant({})],
  ['touch', fc.constant({})],
];
const step = fc.record({
  kind: fc
    .integer({ min: 0, max: kinds.length - 1 })
    .chain((i) => kinds[i]![1].map((event) => ({ type: kinds[i]![0], event }))),
  to: fc.constantFrom(...STATES),
  unit: fc.constantFrom(...UNITS),
  minutes: fc.integer({ min: 0, max: 90 }),
});

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

function journalOf(steps: ReadonlyArray<Step>): JournalEntry[] {
  let at = Date.UTC(2026, 5, 1);
  let from: string | null = null;
  return steps.map(({ kind, to, unit, minutes }, i) => {
    at += minutes * 60_000;
    const entry: JournalEntry = {
      caseId: 'c-1',
      seq: i + 1,
      type: kind.type,
      event: { type: kind.type, ...kind.event },
      actor: { id: `u-${unit}`, roles: ['worker'], orgUnit: unit },
      flowVersion: 1,
      fromState: from,
      toState: to,
      at: new Date(at),
      causationId: null,
      idempotencyKey: null,
    };
    from = to;
    return entry;
  });
}

function recordOf(flowId: string, journal: JournalEntry[], done: boolean, context: Record<string, unknown>) {
  const last = journal.at(-1)?.at ?? new Date(Date.UTC(2026, 5, 1));
  const record: CaseRecord = {
    id: 'c-1',
    flowId,
    flowVersion: 1,
    state: done ? 'done' : 'open',
    status: done ? 'done' : 'active',
    snapshot: { value: 'open', context, status: done ? 'done' : 'active' },
    version: journal.length,
    orgUnit: 'grid-1',
    assignee: null,
    requesterId: null,
    handlingUnits: [],
    dueAt: done ? null : new Date(last.getTime() + 3_600_000),
    createdAt: new Date(Date.UTC(2026, 5, 1)),
    updatedAt: last,
  } as CaseRecord;
  return record;
}

const context = fc.record({
  signForDueAt: fc.option(fc.constant('2026-06-02T00:00:00.000Z'), { nil: undefined }),
  whistles: fc.constant([{ id: 'w1', summons: [{ unit: 'dept-a', dueAt: '2026-06-03T00:00:00.000Z' }] }]),
  closedAt: fc.constant('2026-06-04T00:00:00.000Z'),
  closeReason: fc.constantFrom(null, 'resolved', 'withdrawn'),
  rating: fc.constantFrom(null, 'satisfied'),
  returnCount: fc.nat(3),
  reopenCount: fc.nat(3),
  sla: fc.record({ remindersSent: fc.constantFrom([], ['r1']), breachedAt: fc.constant(null) }),
});

describe('facts folded commit by commit', () => {
  for (const flowId of ['probe', 'work-order']) {
    it(`equal the full-journal extractor's row (${flowId === 'probe' ? 'journalFacts' : 'workOrderFacts'})`, () => {
      fc.assert(
        fc.property(
          fc.array(step, { maxLength: 40 }),
          fc.array(fc.nat(40), { maxLength: 6 }),
          fc.boolean(),
          context,
          (steps, cuts, done, ctx) => {
            const journal = journalOf(steps);
            const record = recordOf(flowId, journal, done, ctx);
            const state = keeper.startFold(flowId)!;
            const bounds = [...new Set([0, ...cuts.filter((c) => c < journal.length), journal.length])].sort(
              (a, b) => a - b,
            );
            for (let i = 1; i < bounds.length; i++) {
              const prefix = journal.slice(0, bounds[i]);
              keeper.stepFold(state, journal.slice(bounds[i - 1], bounds[i]));
              // Every commit's row, not only the last: the fold is read after each commit.
              const atCommit = recordOf(flowId, prefix, done && i === bounds.length - 1, ctx);
              expect(keeper.readFold(atCommit, state)).toEqual(keeper.read(atCommit, prefix));
            }
            expect(keeper.readFold(record, state)).toEqual(keeper.read(record, journal));
          },
        ),
        { numRuns: 400 },
      );
    });
  }

  it('keeps folding after a read (reading leaves the state as it is)', () => {
    const journal = journalOf([
      {
        kind: { type: 'dispatch', event: { leadUnit: 'dept-a' } },
        to: 'dispatched',
        unit: 'grid-1',
        minutes: 1,
      },
      {
        kind: { type: 'whistle', event: { departments: ['dept-a'] } },
        to: 'dispatched',
        unit: 'grid-1',
        minutes: 1,
      },
      { kind: { type: 'close', event: { reason: 'resolved' } }, to: 'done', unit: 'dept-a', minutes: 1 },
    ]);
    const state = keeper.startFold('probe')!;
    keeper.stepFold(state, journal.slice(0, 2));
    const closed = recordOf('probe', journal.slice(0, 2), true, {});
    const early = keeper.readFold(closed, state);
    expect(early.facts?.handling?.reportIns[0]?.endedAt).not.toBeNull();
    keeper.stepFold(state, journal.slice(2));
    const open = recordOf('probe', journal, false, {});
    expect(keeper.readFold(open, state)).toEqual(keeper.read(open, journal));
    expect(keeper.readFold(open, state).facts?.handling?.reportIns[0]?.endedAt).toBeNull();
  });
});
