import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Member } from '../directory/directory.js';
import { memoryDirectory } from '../directory/memory-directory.js';
import { resolveRecipients } from './recipients.js';

const ROLES = ['gridWorker', 'communityStaff', 'streetStaff', 'dispatcher'] as const;

// A random forest: unit i's parent is an earlier unit or none, so every draw is a valid tree.
const world = fc.integer({ min: 1, max: 25 }).chain((size) =>
  fc.record({
    parents: fc.tuple(
      ...Array.from({ length: size }, (_, i) =>
        i === 0 ? fc.constant(null) : fc.option(fc.integer({ min: 0, max: i - 1 }), { freq: 6 }),
      ),
    ),
    members: fc.array(
      fc.record({
        unit: fc.integer({ min: 0, max: size - 1 }),
        roles: fc.subarray([...ROLES]),
      }),
      { maxLength: 40 },
    ),
    unit: fc.integer({ min: 0, max: size - 1 }),
    wanted: fc.subarray([...ROLES], { minLength: 1 }),
    single: fc.boolean(),
  }),
);

function build(parents: readonly (number | null)[], members: { unit: number; roles: string[] }[]) {
  const units = parents.map((parent, i) => ({
    id: `u${i}`,
    name: `Unit ${i}`,
    kind: 'grid' as const,
    parentId: parent === null ? null : `u${parent}`,
  }));
  // Ids drawn in a scrambled order, so "ordered by id" is not the insertion order.
  const people: Member[] = members.map((m, i) => ({
    id: `m${(i * 7919) % 1000}-${i}`,
    name: `M${i}`,
    roles: m.roles,
    orgUnit: `u${m.unit}`,
  }));
  return { units, people };
}

/** The unit and its ancestors, nearest first, walked from the raw parent list. */
function chainOf(parents: readonly (number | null)[], unit: number): string[] {
  const chain: string[] = [];
  for (let at: number | null = unit; at !== null; at = parents[at] ?? null) chain.push(`u${at}`);
  return chain;
}

describe('resolveRecipients over random org trees', () => {
  it('finds exactly the nearest holders up the chain, ordered, once each, the same every time', async () => {
    await fc.assert(
      fc.asyncProperty(world, async ({ parents, members, unit, wanted, single }) => {
        const { units, people } = build(parents, members);
        const directory = memoryDirectory({ units, members: people });
        const to = single ? { unit: `u${unit}`, role: wanted[0]! } : { unit: `u${unit}`, anyRole: wanted };
        const roles: string[] = single ? [wanted[0]!] : wanted;
        const chain = chainOf(parents, unit);
        const holds = (m: Member) => m.roles.some((r) => roles.includes(r));
        const nearest = chain.find((u) => people.some((m) => m.orgUnit === u && holds(m)));

        const result = await resolveRecipients(directory, to);
        if (nearest === undefined) {
          expect(result).toMatchObject({ ok: false, reason: 'NO_ROLE_HOLDER' });
          return;
        }
        if (!result.ok) throw new Error(`expected holders at ${nearest}: ${result.message}`);
        const found = result.members.map((m) => m.id);
        expect(result.unit).toBe(nearest);
        for (const m of result.members) {
          expect(chain).toContain(m.orgUnit);
          expect(holds(m)).toBe(true);
        }
        const expected = people.filter((m) => m.orgUnit === nearest && holds(m)).map((m) => m.id);
        expect(found).toEqual([...expected].sort());
        expect(new Set(found).size).toBe(found.length);
        // Deterministic: again, and from a directory built with its members in reverse order.
        const reversed = memoryDirectory({ units: [...units].reverse(), members: [...people].reverse() });
        expect(await resolveRecipients(directory, to)).toEqual(result);
        expect(await resolveRecipients(reversed, to)).toEqual(result);
      }),
      { numRuns: 300 },
    );
  });

  it('resolves every member of any tree to that member alone', async () => {
    await fc.assert(
      fc.asyncProperty(world, async ({ parents, members }) => {
        const { units, people } = build(parents, members);
        const directory = memoryDirectory({ units, members: people });
        for (const person of people) {
          const result = await resolveRecipients(directory, { member: person.id });
          expect(result).toEqual({
            ok: true,
            members: [expect.objectContaining({ id: person.id })],
            unit: person.orgUnit,
          });
        }
      }),
      { numRuns: 100 },
    );
  });
});
