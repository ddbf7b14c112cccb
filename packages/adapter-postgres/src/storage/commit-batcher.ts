import type { CommitOutcome, CommitRequest } from '@gridflow/engine';
import { factsRowJson } from './case-facts-rows.js';
import {
  commitManySql,
  commitPayload,
  commitTransition,
  type ServerOutcome,
  toCommitOutcome,
} from './commit-transition.js';
import type { StoreContext } from './store-context.js';

/** Deadlock and serialization failure: the transaction lost a race, the request itself is fine. */
const RETRY_ALONE = new Set(['40P01', '40001']);
const MAX_BATCH = 200;

interface Waiting {
  request: CommitRequest;
  resolve: (outcome: CommitOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit in the client. At most `concurrency` commit statements are in flight; commits that arrive
 * while all are busy wait and then go together in one transaction (each in its own subtransaction, so each
 * keeps its own outcome). At low load every commit is sent at once, alone; under load one WAL flush serves
 * many commits, which is what lifts timers and concurrent senders past one fsync per transition.
 *
 * @example
 * ```ts
 * const commit = commitBatcher(ctx, 4);
 * const outcome = await commit(request);
 * ```
 */
export function commitBatcher(
  ctx: StoreContext,
  concurrency: number,
): (request: CommitRequest) => Promise<CommitOutcome> {
  const waiting: Waiting[] = [];
  let inFlight = 0;

  const pump = (): void => {
    while (inFlight < concurrency && waiting.length > 0) {
      const batch = waiting.splice(0, MAX_BATCH);
      inFlight += 1;
      void send(batch).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
  };

  const send = async (batch: Waiting[]): Promise<void> => {
    if (batch.length === 1) {
      const [only] = batch as [Waiting];
      await commitTransition(ctx, only.request).then(only.resolve, only.reject);
      return;
    }
    // One lock order for every batch (by case id), so two batches never wait on each other in a cycle.
    batch.sort((a, b) =>
      a.request.case.id < b.request.case.id ? -1 : a.request.case.id > b.request.case.id ? 1 : 0,
    );
    let outcomes: ServerOutcome[];
    const resolvedAt = new Map<number, string>();
    try {
      const payloads = JSON.stringify(batch.map((w) => commitPayload(w.request)));
      const values: unknown[] = [ctx.tenantId, payloads];
      const facts = batch.flatMap((w, i) => (w.request.facts ? [factsRowJson(w.request.facts, i)] : []));
      if (facts.length > 0) values.push(JSON.stringify(facts));
      const quarantine = batch.flatMap((w, i) => {
        const resolve = w.request.resolveQuarantine;
        if (!resolve) return [];
        const { source, externalId, at } = resolve;
        return [{ i, source, externalId, caseId: w.request.case.id, at: at.toISOString() }];
      });
      if (quarantine.length > 0) values.push(JSON.stringify(quarantine));
      const [row] = await ctx.driver.query<{ outcomes: ServerOutcome[]; resolved?: [number, string][] }>(
        commitManySql(ctx, { facts: facts.length > 0, quarantine: quarantine.length > 0 }),
        values,
        true,
      );
      outcomes = row!.outcomes;
      for (const [i, id] of row!.resolved ?? []) resolvedAt.set(i, id);
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    }
    await Promise.all(
      batch.map(async (w, i) => {
        const outcome = outcomes[i]!;
        if (outcome.status === 'error' && RETRY_ALONE.has(outcome.code)) {
          await commitTransition(ctx, w.request).then(w.resolve, w.reject);
          return;
        }
        try {
          const resolved = resolvedAt.get(i);
          w.resolve(
            resolved ? { status: 'committed', resolvedQuarantineId: resolved } : toCommitOutcome(outcome),
          );
        } catch (error) {
          w.reject(error);
        }
      }),
    );
  };

  return (request) =>
    new Promise<CommitOutcome>((resolve, reject) => {
      waiting.push({ request, resolve, reject });
      pump();
    });
}
