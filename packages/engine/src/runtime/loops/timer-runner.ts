import type { CaseRecord, Storage } from '../../storage/storage.js';
import { SYSTEM_ACTOR } from '../../types.js';
import type { CaseCommands } from '../commands/case-commands.js';
import type { EngineContext } from '../engine-context.js';

/**
 * Fire due timers: claim a batch under a lease, send each timer's event to its case as the system actor, and
 * consume the timer in the same commit. A timer whose case is gone, done, or no longer takes the event is
 * dropped. Two engines never fire one timer twice: the commit fails with `timer-gone` for the loser.
 */
export async function runDueTimers(
  ctx: EngineContext,
  commands: CaseCommands,
): Promise<{ claimed: number; fired: number }> {
  const { storage, tuning } = ctx;
  const claimed = await storage.claimDueTimers({
    now: ctx.clock.now(),
    limit: tuning.batchSize,
    leaseMs: tuning.leaseMs,
    owner: ctx.instanceId,
  });
  let fired = 0;
  const records = await loadAll(
    storage,
    claimed.map((t) => t.caseId),
  );
  await Promise.all(
    claimed.map(async (timer) => {
      try {
        const record = records.get(timer.caseId) ?? null;
        if (!record || record.status === 'done') {
          await storage.dropTimer(timer.id, timer.leaseToken);
          return;
        }
        const outcome = await commands.apply(
          timer.caseId,
          timer.event,
          SYSTEM_ACTOR,
          { idempotencyKey: null, causationId: timer.id, consumeTimer: timer },
          true,
          record,
        );
        if (outcome.status === 'not-accepted') await storage.dropTimer(timer.id, timer.leaseToken);
        if (outcome.status === 'committed') {
          fired++;
          ctx.events.emit('timer.fired', { timer, caseId: timer.caseId });
        }
      } catch (error) {
        // Left leased: another claim after the lease retries it; the case is never half-written.
        ctx.emitError(error, `timer ${timer.id}`);
      }
    }),
  );
  return { claimed: claimed.length, fired };
}

/** The claimed timers' cases, in one round trip where the storage can. */
async function loadAll(storage: Storage, caseIds: string[]): Promise<Map<string, CaseRecord>> {
  const records = storage.loadCases
    ? await storage.loadCases(caseIds)
    : (await Promise.all(caseIds.map((id) => storage.loadCase(id)))).filter(
        (r): r is CaseRecord => r !== null,
      );
  return new Map(records.map((record) => [record.id, record]));
}
