import { setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { defineFlow } from '../flow/define-flow.js';
import type { CaseView } from '../case/case-view.js';
import type { JournalEntry } from '../storage/storage.js';
import { SYSTEM_ACTOR } from '../types.js';
import { journalFacts } from './journal-facts.js';

const flow = defineFlow({
  id: 'probe',
  version: 1,
  machine: setup({ delays: { slaDeadline: 1000 } }).createMachine({
    id: 'probe',
    initial: 'open',
    states: { open: {} },
  }),
  events: {},
  permissions: { create: [], events: {} },
  deadlines: ['slaDeadline'],
});
const actor = { id: 'u-1', roles: ['dispatcher'], orgUnit: 'district' };
const t = (hour: number) => new Date(Date.UTC(2026, 5, 1, hour));

function entry(
  seq: number,
  hour: number,
  type: string,
  event: Record<string, unknown> = {},
  [fromState, toState]: [string | null, string] = [null, 'open'],
): JournalEntry {
  return {
    caseId: 'c-1',
    seq,
    type,
    event: { type, ...event },
    actor: type.startsWith('xstate.') ? SYSTEM_ACTOR : actor,
    flowVersion: 1,
    fromState,
    toState,
    at: t(hour),
    causationId: null,
    idempotencyKey: null,
  };
}

function view(status: 'active' | 'done', context: Record<string, unknown> = {}): CaseView {
  return {
    id: 'c-1',
    flowId: 'probe',
    flowVersion: 1,
    state: 'open',
    value: 'open',
    status,
    context,
    version: 1,
    orgUnit: 'grid-a1',
    assignee: null,
    requesterId: null,
    handlingUnits: [],
    dueAt: t(30),
    createdAt: t(0),
    updatedAt: t(20),
  };
}

describe('journalFacts', () => {
  it('reads returns, reopenings, the standing rating, the sign-for and the verdict from event types', () => {
    const journal = [
      entry(1, 0, 'gridflow.create'),
      entry(2, 1, 'dispatch', { leadUnit: 'dept-a' }, ['open', 'dispatched']),
      entry(3, 2, 'return', { reason: 'x' }, ['dispatched', 'open']),
      entry(4, 3, 'dispatch', { leadUnit: 'dept-b' }, ['open', 'dispatched']),
      entry(5, 4, 'signFor', {}, ['dispatched', 'working']),
      entry(6, 5, 'reply', { solved: true }),
      entry(7, 6, 'rate', { rating: 'unsatisfied' }),
      entry(8, 7, 'reopen', { reason: 'x' }),
      entry(9, 8, 'reply', { solved: false }),
      entry(10, 9, 'followUp', { reached: true, rating: 'basicallySatisfied' }),
      entry(11, 10, 'close', { reason: 'partiallyResolved' }),
    ];
    const facts = journalFacts({ case: view('done', { signForDueAt: t(12).toISOString() }), journal, flow });
    expect(facts).toEqual({
      receivedAt: t(0),
      closedAt: t(10),
      dueAt: null,
      overdueAt: null,
      signForWindows: [
        { openedAt: t(1), dueAt: null, signedForAt: null, lateAt: null, endedAt: t(2) },
        { openedAt: t(3), dueAt: t(12), signedForAt: t(4), lateAt: null, endedAt: null },
      ],
      rating: 'basicallySatisfied',
      resolved: false,
      returns: 1,
      reopens: 1,
      handling: {
        leads: [
          { unit: 'dept-a', from: t(1) },
          { unit: null, from: t(2) },
          { unit: 'dept-b', from: t(3) },
        ],
        dispatches: [
          { unit: 'dept-a', openedAt: t(1), dueAt: null, signedForAt: null, lateAt: null, endedAt: t(2) },
          { unit: 'dept-b', openedAt: t(3), dueAt: t(12), signedForAt: t(4), lateAt: null, endedAt: null },
        ],
        returns: [{ unit: 'dept-a', at: t(2) }],
        reportIns: [],
        appealUpheld: null,
      },
    });
  });

  it('marks the first firing of a deadline delay as overdue and ignores other delays', () => {
    const journal = [
      entry(1, 0, 'gridflow.create'),
      entry(2, 3, 'xstate.after.reminder.probe.open'),
      entry(3, 5, 'xstate.after.slaDeadline.probe.open'),
      entry(4, 9, 'xstate.after.slaDeadline.probe.open'),
    ];
    const facts = journalFacts({ case: view('active'), journal, flow });
    expect(facts).toMatchObject({ overdueAt: t(5), closedAt: null, dueAt: t(30) });
  });

  it('takes the reply as the verdict without a close reason, and a reassignment opens a new sign-for window', () => {
    const journal = [
      entry(1, 0, 'gridflow.create'),
      entry(2, 1, 'dispatch'),
      entry(3, 2, 'reassign'),
      entry(4, 3, 'reply', { solved: true }),
    ];
    const facts = journalFacts({ case: view('active'), journal, flow });
    expect(facts).toMatchObject({ resolved: true, rating: null });
    // The reassignment ends the first window and opens the second, still waiting.
    expect(facts.signForWindows.map((w) => [w.openedAt, w.endedAt])).toEqual([
      [t(1), t(2)],
      [t(2), null],
    ]);
  });

  it('closes a done case at its last entry, not at a later migration', () => {
    const journal = [
      entry(1, 0, 'gridflow.create'),
      entry(2, 4, 'close', { reason: 'resolved' }),
      entry(3, 9, 'gridflow.migrate'),
    ];
    expect(journalFacts({ case: view('done'), journal, flow })).toMatchObject({
      closedAt: t(4),
      resolved: true,
    });
  });
});
