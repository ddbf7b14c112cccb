import type { OutboxRecord, Storage } from '../storage/storage.js';
import { seededRandom } from '../testing/seeded-random.js';
import {
  makeCaseRecord,
  makeCreateCommit,
  makeOutboxRecord,
  minutesAfterEpoch,
  uniqueId,
} from '../testing/storage-fixtures.js';

/**
 * What {@link raceOrderedClaims} saw: rows of one key out at the same time, pairs delivered against commit
 * order, and how many rows were delivered (each counted once, when its settlement was accepted).
 *
 * @example
 * ```ts
 * const { overlaps, outOfOrder, delivered } = await raceOrderedClaims([storage, peer], { keys: 6, rowsPerKey: 12 });
 * ```
 */
export interface OrderedRaceResult {
  overlaps: string[];
  outOfOrder: string[];
  delivered: number;
}

interface Tracked {
  row: OutboxRecord;
  /** Logical times: the commit was sent at `sent` and known committed at `done`. */
  sent: number;
  done: number;
  /** Position in its commit. */
  index: number;
}

/**
 * Two committers and two claimers at once, one of each per storage instance: every commit adds two ordered
 * rows of random keys (seeded), claimers take small batches and settle them delivered. A row committed (and
 * awaited) before another row of its key was sent must be delivered first; a key never has two rows out.
 *
 * @example
 * ```ts
 * const result = await raceOrderedClaims([t.storage, t.peer ?? t.storage], { keys: 6, rowsPerKey: 12 });
 * expect(result.overlaps).toEqual([]);
 * ```
 */
export async function raceOrderedClaims(
  storages: readonly [Storage, Storage],
  shape: { keys: number; rowsPerKey: number },
): Promise<OrderedRaceResult> {
  const keyNames = Array.from({ length: shape.keys }, () => uniqueId('race-key'));
  const random = seededRandom(20_260_105);
  const plan = keyNames.flatMap((key) => Array.from({ length: shape.rowsPerKey }, () => key));
  for (let i = plan.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [plan[i], plan[j]] = [plan[j]!, plan[i]!];
  }
  let clock = 0;
  const tracked = new Map<string, Tracked>();
  const out = new Map<string, string>();
  const overlaps: string[] = [];
  const deliveries: string[] = [];
  let committing = 2;

  const commit = async (storage: Storage, keys: string[]) => {
    for (let i = 0; i < keys.length; i += 2) {
      const record = makeCaseRecord();
      const rows = keys.slice(i, i + 2).map((key) => makeOutboxRecord(record.id, { orderingKey: key }));
      const sent = ++clock;
      const outcome = await storage.commit(makeCreateCommit(record, { outbox: rows }));
      if (outcome.status !== 'committed') throw new Error(`commit refused: ${outcome.status}`);
      const done = ++clock;
      for (const [index, row] of rows.entries()) tracked.set(row.id, { row, sent, done, index });
    }
    committing -= 1;
  };

  const claimLoop = async (storage: Storage, owner: string) => {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const claimed = await storage.claimOutbox({
        now: minutesAfterEpoch(0),
        limit: 4,
        leaseMs: 600_000,
        owner,
      });
      if (claimed.length === 0) {
        if (committing === 0 && deliveries.length >= plan.length) return;
        await new Promise((resolve) => setTimeout(resolve, 2));
        continue;
      }
      for (const row of claimed) {
        const holder = out.get(row.orderingKey ?? '');
        if (holder !== undefined) overlaps.push(`${row.orderingKey}: ${row.id} while ${holder} was out`);
        out.set(row.orderingKey ?? '', row.id);
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
      for (const row of claimed) {
        // Cleared before settling: the next row of the key may be handed out as soon as the settlement commits.
        out.delete(row.orderingKey ?? '');
        const at = minutesAfterEpoch(0);
        if (await storage.settleOutbox(row.id, row.leaseToken, { status: 'delivered', at }))
          deliveries.push(row.id);
      }
    }
  };

  const half = Math.ceil(plan.length / 4) * 2;
  await Promise.all([
    commit(storages[0], plan.slice(0, half)),
    commit(storages[1], plan.slice(half)),
    claimLoop(storages[0], 'claimer-a'),
    claimLoop(storages[1], 'claimer-b'),
  ]);
  return { overlaps, outOfOrder: outOfOrder(deliveries, tracked), delivered: new Set(deliveries).size };
}

function outOfOrder(deliveries: string[], tracked: Map<string, Tracked>): string[] {
  const problems: string[] = [];
  const position = new Map(deliveries.map((id, i) => [id, i]));
  const all = [...tracked.values()];
  for (const a of all) {
    for (const b of all) {
      const before = a.done < b.sent || (a.sent === b.sent && a.index < b.index);
      if (a.row.orderingKey !== b.row.orderingKey || !before) continue;
      const [pa, pb] = [position.get(a.row.id), position.get(b.row.id)];
      if ((pa === undefined || pb === undefined || pa > pb) && problems.length < 20) {
        problems.push(`${a.row.id} (committed first) delivered at ${pa}, ${b.row.id} at ${pb}`);
      }
    }
  }
  return problems;
}
