import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../storage/storage.js';
import { type Actor, SYSTEM_ACTOR } from '../types.js';
import { defaultHandlingFacts, handlingFactsOf, leadAt } from './handling-facts.js';

const dispatcher: Actor = { id: 'u-disp', roles: ['dispatcher'], orgUnit: 'district' };
const housing: Actor = { id: 'u-house', roles: ['departmentHandler'], orgUnit: 'dept-housing' };
const water: Actor = { id: 'u-water', roles: ['departmentHandler'], orgUnit: 'dept-water' };
const t = (hour: number) => new Date(Date.UTC(2026, 5, 1, hour));

let seq = 0;
function entry(
  hour: number,
  type: string,
  by: Actor,
  event: Record<string, unknown> = {},
  [fromState, toState]: [string | null, string] = ['any', 'any'],
): JournalEntry {
  return {
    caseId: 'c-1',
    seq: ++seq,
    type,
    event: { type, ...event },
    actor: by,
    flowVersion: 1,
    fromState,
    toState,
    at: t(hour),
    causationId: null,
    idempotencyKey: null,
  };
}

describe('handlingFactsOf', () => {
  it('follows the lead through a return, a rejected return review and a reassignment', () => {
    const journal = [
      entry(0, 'gridflow.create', dispatcher, {}, [null, 'submitted']),
      entry(1, 'dispatch', dispatcher, { leadUnit: 'dept-housing' }, ['pendingDispatch', 'dispatched']),
      entry(2, 'return', housing, { reason: '非本单位' }, ['dispatched', 'returnReview']),
      entry(3, 'reviewReturn', dispatcher, { upheld: false, note: '应由住建办理' }, [
        'returnReview',
        'dispatched',
      ]),
      entry(4, 'signFor', housing, {}, ['dispatched', 'inProgress.working']),
      entry(5, 'reassign', dispatcher, { leadUnit: 'dept-water', reason: '改派' }, [
        'inProgress',
        'dispatched',
      ]),
    ];
    const h = handlingFactsOf(journal, { signForDueAt: t(9) }, null);
    expect(h.leads).toEqual([
      { unit: 'dept-housing', from: t(1) },
      { unit: null, from: t(2) },
      { unit: 'dept-housing', from: t(3) },
      { unit: 'dept-water', from: t(5) },
    ]);
    expect(h.returns).toEqual([{ unit: 'dept-housing', at: t(2) }]);
    // The rejected review hands the order back: a new sign-for window for the unit that returned it.
    expect(h.dispatches.map((w) => [w.unit, w.openedAt, w.signedForAt, w.endedAt, w.dueAt])).toEqual([
      ['dept-housing', t(1), null, t(2), null],
      ['dept-housing', t(3), t(4), null, null],
      ['dept-water', t(5), null, null, t(9)],
    ]);
    expect(leadAt(h, t(2))).toBeNull();
    expect(leadAt(h, t(5))).toBe('dept-water');
    expect(leadAt(h, t(5), { before: true })).toBe('dept-housing');
  });

  it('opens one report-in window per summoned unit and whistle, answered, late or ended by the close', () => {
    const journal = [
      entry(0, 'gridflow.create', dispatcher),
      entry(1, 'whistle', dispatcher, { departments: ['dept-housing', 'dept-water', 'dept-housing'] }),
      entry(2, 'reportIn', housing),
      entry(3, 'whistle.late', SYSTEM_ACTOR, { whistleId: 'w1', unit: 'dept-water' }),
      entry(4, 'whistle', dispatcher, { departments: ['dept-water'] }),
      entry(5, 'reportIn', water, { whistleId: 'w1' }),
      entry(6, 'whistle', dispatcher, { departments: ['dept-housing'] }),
      entry(7, 'close', dispatcher, { reason: 'resolved' }),
    ];
    const h = handlingFactsOf(journal, { reportInDueAt: (id) => (id === 'w2' ? t(8) : null) }, t(7));
    expect(h.reportIns.map((w) => [w.unit, w.openedAt, w.dueAt, w.signedForAt, w.lateAt, w.endedAt])).toEqual(
      [
        ['dept-housing', t(1), null, t(2), null, null],
        // Marked late first, then reporting in to w1 by name: still late (the mark stays).
        ['dept-water', t(1), null, t(5), t(3), null],
        ['dept-water', t(4), t(8), null, null, t(7)],
        ['dept-housing', t(6), null, null, null, t(7)],
      ],
    );
  });

  it('takes the rating out of the appealing unit on an upheld appeal, until the rating changes', () => {
    const base = [
      entry(0, 'gridflow.create', dispatcher),
      entry(1, 'dispatch', dispatcher, { leadUnit: 'dept-housing' }, ['pendingDispatch', 'dispatched']),
      entry(2, 'signFor', housing, {}, ['dispatched', 'inProgress']),
      entry(3, 'rate', dispatcher, { rating: 'unsatisfied' }),
      entry(4, 'appealRating', housing, { reason: '诉求超出职责范围' }),
    ];
    const upheld = [...base, entry(5, 'decideAppeal', dispatcher, { upheld: true, note: '申诉成立' })];
    expect(handlingFactsOf(upheld, {}, null).appealUpheld).toEqual({ unit: 'dept-housing', at: t(5) });

    const rejected = [...base, entry(5, 'decideAppeal', dispatcher, { upheld: false, note: '不成立' })];
    expect(handlingFactsOf(rejected, {}, null).appealUpheld).toBeNull();

    // A decision with no appeal pending, or a new rating after the upheld one: nothing is taken out.
    const stray = [...base.slice(0, 4), entry(5, 'decideAppeal', dispatcher, { upheld: true, note: '?' })];
    expect(handlingFactsOf(stray, {}, null).appealUpheld).toBeNull();
    const rerated = [...upheld, entry(6, 'reopen', dispatcher, { reason: '重办' })];
    expect(handlingFactsOf(rerated, {}, null).appealUpheld).toBeNull();
    // A follow-up without reaching anyone leaves the appealed rating out.
    const missed = [...upheld, entry(6, 'followUp', dispatcher, { reached: false })];
    expect(handlingFactsOf(missed, {}, null).appealUpheld).toEqual({ unit: 'dept-housing', at: t(5) });
  });

  it('reads the deadlines a work order keeps in its context', () => {
    const journal = [
      entry(1, 'dispatch', dispatcher, { leadUnit: 'dept-housing' }, ['pendingDispatch', 'dispatched']),
      entry(2, 'whistle', dispatcher, { departments: ['dept-water'] }),
    ];
    const context = {
      signForDueAt: t(10).toISOString(),
      whistles: [{ id: 'w1', summons: [{ unit: 'dept-water', dueAt: t(11).toISOString() }] }],
    };
    const h = defaultHandlingFacts({ context }, journal, null);
    expect(h.dispatches[0]?.dueAt).toEqual(t(10));
    expect(h.reportIns[0]?.dueAt).toEqual(t(11));
    // Context of another shape reads as "no deadline known", never a throw.
    const odd = defaultHandlingFacts(
      { context: { whistles: [null, { id: 'w1', summons: 'x' }] } },
      journal,
      null,
    );
    expect(odd.reportIns[0]?.dueAt).toBeNull();
  });
});
