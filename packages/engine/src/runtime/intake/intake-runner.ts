import { randomUUID } from 'node:crypto';
import { isGridflowError, validationError } from '../../errors.js';
import type { IngestResult, Intake, IntakeCommand } from '../../intake/intake.js';
import type { IntakeRejection, IntakeState, QuarantineRecord } from '../../storage/intake-store.js';
import type { CaseCommands } from '../commands/case-commands.js';
import type { EngineContext } from '../engine-context.js';
import { mapRecord, refusalOf, storedRaw } from './map-record.js';

const SOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** One attempt at a record: applied (or found applied), or refused with a reason. */
type Attempt =
  | {
      ok: true;
      status: 'applied' | 'duplicate';
      externalId: string;
      caseId: string;
      /** The record's open quarantine row, still to be resolved. */
      open: QuarantineRecord | null;
      /** The record's quarantine row the commit itself resolved. */
      resolvedId?: string;
    }
  | { ok: false; externalId: string | null; reason: IntakeRejection };

/**
 * Ingest and quarantine retries: map a record with its source's intake, apply the command under a key derived
 * from the outside id, and quarantine what is refused. Bad input is never dropped and never half-applied:
 * a record is one command, and one command is one commit.
 */
export class IntakeRunner {
  private readonly intakes = new Map<string, Intake>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly commands: CaseCommands,
    intakes: readonly Intake[] = [],
  ) {
    intakes.forEach((intake, i) => {
      const at = `options.intakes.${i}`;
      if (typeof intake?.source !== 'string' || !SOURCE_NAME.test(intake.source)) {
        throw validationError(`${at}.source`, 'must be 1-64 letters, digits, ".", "_" or "-"');
      }
      if (typeof intake.map !== 'function') throw validationError(`${at}.map`, 'must be a function');
      if (this.intakes.has(intake.source)) {
        throw validationError(`${at}.source`, `${intake.source} is registered twice`);
      }
      this.intakes.set(intake.source, intake);
    });
  }

  async ingest(source: string, raw: unknown): Promise<IngestResult> {
    const intake = this.intakeFor(source, 'source');
    const body = storedRaw(raw);
    const attempt = await this.attempt(intake, body);
    if (attempt.ok) {
      const resolved = attempt.open && (await this.resolve(attempt.open.id, attempt.caseId));
      return this.applied(source, attempt, attempt.resolvedId ?? resolved?.id ?? null);
    }
    const row = await this.ctx.storage.recordQuarantine({
      id: randomUUID(),
      source,
      externalId: attempt.externalId,
      raw: body,
      reason: attempt.reason,
      at: this.ctx.clock.now(),
    });
    return this.quarantined(row);
  }

  async retry(id: string): Promise<IngestResult> {
    const row = await this.openRow(id);
    const attempt = await this.attempt(this.intakeFor(row.source, 'source'), row.raw);
    if (attempt.ok) {
      if (attempt.resolvedId !== row.id) await this.resolve(row.id, attempt.caseId);
      return this.applied(row.source, attempt, row.id);
    }
    const refused = await this.ctx.storage.settleQuarantine(row.id, {
      status: 'open',
      reason: attempt.reason,
      at: this.ctx.clock.now(),
    });
    if (!refused) throw validationError('id', `quarantined record ${id} was settled meanwhile`);
    return this.quarantined(refused);
  }

  async discard(id: string, note: string): Promise<QuarantineRecord> {
    if (typeof note !== 'string' || note.trim() === '' || note.length > 2000) {
      throw validationError('note', 'must say why, in 1 to 2000 characters');
    }
    await this.openRow(id);
    const at = this.ctx.clock.now();
    const row = await this.ctx.storage.settleQuarantine(id, { status: 'discarded', note, at });
    if (!row) throw validationError('id', `quarantined record ${id} was settled meanwhile`);
    return row;
  }

  private async attempt(intake: Intake, raw: unknown): Promise<Attempt> {
    const { directory, clock } = this.ctx;
    const mapping = await mapRecord(intake, raw, directory, clock.now());
    if (!mapping.ok) return mapping;
    const { externalId, command } = mapping;
    const key = `intake:${intake.source}:${externalId}`;
    let refused: IntakeRejection | null = null;
    if (command.kind === 'create') {
      const created = await this.createAtOnce(command, key, intake.source, externalId);
      if ('ok' in created) return created;
      refused = created.refused;
    }
    const { idempotency: seen, quarantine: row } = await this.stateOf(key, intake.source, externalId);
    const open = row?.status === 'open' ? row : null;
    // The outside id is the key: whatever a later push of it carries, the first application stands.
    if (seen) return { ok: true, status: 'duplicate', externalId, caseId: seen.caseId, open };
    if (refused) return { ok: false, externalId, reason: refused };
    try {
      const outcome = await this.run(command, key);
      const status = outcome.status === 'committed' ? 'applied' : 'duplicate';
      return { ok: true, status, externalId, caseId: outcome.case.id, open };
    } catch (error) {
      // Another push of the same record committed between the lookup and this commit.
      if (isGridflowError(error, 'IDEMPOTENCY_KEY_REUSED') && typeof error.details.caseId === 'string') {
        return { ok: true, status: 'duplicate', externalId, caseId: error.details.caseId, open };
      }
      return { ok: false, externalId, reason: refusalOf(error) };
    }
  }

  /**
   * A new record's create, the common case, without a lookup first: the commit refuses a repeated key
   * atomically and answers with the first application (a duplicate writes nothing). A storage that
   * `resolvesQuarantine` resolves the record's open quarantine row in the same commit, so a new record costs the
   * commit alone; on another storage the row is read beside the commit, to be settled after. A create the engine
   * refuses answers why, and the caller then looks the key up: a record applied before (whose re-push may no
   * longer pass, say after the directory changed) stays a duplicate instead of going to quarantine. Other errors
   * propagate.
   */
  private async createAtOnce(
    command: IntakeCommand,
    key: string,
    source: string,
    externalId: string,
  ): Promise<Attempt | { refused: IntakeRejection | null }> {
    const { storage } = this.ctx;
    const inCommit = storage.capabilities.resolvesQuarantine === true;
    const [outcome, row] = await Promise.allSettled([
      this.run(command, key, inCommit ? { source, externalId } : undefined),
      inCommit ? null : storage.findQuarantine(source, externalId),
    ]);
    if (row.status === 'rejected') throw row.reason;
    if (outcome.status === 'fulfilled') {
      const { status, case: created, resolvedQuarantineId } = outcome.value;
      const caseId = created.id;
      if (status === 'committed') {
        const open = row.value?.status === 'open' ? row.value : null;
        return { ok: true, status: 'applied', externalId, caseId, open, resolvedId: resolvedQuarantineId };
      }
      // A re-push: its row (a later push of it that was refused) is read now, rarely, instead of on every push.
      const found = inCommit ? await storage.findQuarantine(source, externalId) : row.value;
      return {
        ok: true,
        status: 'duplicate',
        externalId,
        caseId,
        open: found?.status === 'open' ? found : null,
      };
    }
    const error = outcome.reason;
    // A repeated key whose first application carried other content: the lookup finds the first, which stands.
    if (isGridflowError(error, 'IDEMPOTENCY_KEY_REUSED')) return { refused: null };
    return { refused: refusalOf(error) };
  }

  /**
   * Whether the record was applied and whether it waits in quarantine: one read when the storage can (an action
   * then costs one read before its commit, as a plain keyed send), else both reads at once.
   */
  private async stateOf(key: string, source: string, externalId: string): Promise<IntakeState> {
    const { storage } = this.ctx;
    if (storage.findIntakeState) return storage.findIntakeState({ key, source, externalId });
    const [idempotency, quarantine] = await Promise.all([
      storage.findIdempotencyKey(key),
      storage.findQuarantine(source, externalId),
    ]);
    return { idempotency, quarantine };
  }

  private run(
    command: IntakeCommand,
    idempotencyKey: string,
    resolveQuarantine?: { source: string; externalId: string },
  ) {
    return command.kind === 'create'
      ? this.commands.createOutcome(
          { ...command.request, idempotencyKey },
          { keyChecked: true, resolveQuarantine },
        )
      : this.commands.sendOutcome({ ...command.request, idempotencyKey }, { keyChecked: true });
  }

  private resolve(id: string, caseId: string): Promise<QuarantineRecord | null> {
    return this.ctx.storage.settleQuarantine(id, { status: 'resolved', caseId, at: this.ctx.clock.now() });
  }

  private applied(
    source: string,
    attempt: Attempt & { ok: true },
    quarantineId: string | null,
  ): IngestResult {
    const { status, externalId, caseId } = attempt;
    if (status === 'applied' || quarantineId) {
      this.ctx.events.emit('intake.applied', { source, externalId, caseId, quarantineId });
    }
    return { status, source, externalId, caseId, quarantineId };
  }

  private quarantined(row: QuarantineRecord): IngestResult {
    this.ctx.events.emit('intake.quarantined', { record: row });
    const { source, externalId, id: quarantineId, reason } = row;
    return { status: 'quarantined', source, externalId, quarantineId, reason };
  }

  private async openRow(id: string): Promise<QuarantineRecord> {
    if (typeof id !== 'string' || id === '') throw validationError('id', 'must be a quarantine row id');
    const row = await this.ctx.storage.getQuarantine(id);
    if (!row) throw validationError('id', `no quarantined record ${id}`);
    if (row.status !== 'open') throw validationError('id', `quarantined record ${id} is ${row.status}`);
    return row;
  }

  private intakeFor(source: string, field: string): Intake {
    const intake = typeof source === 'string' ? this.intakes.get(source) : undefined;
    if (!intake) throw validationError(field, `no intake is registered for source ${String(source)}`);
    return intake;
  }
}
