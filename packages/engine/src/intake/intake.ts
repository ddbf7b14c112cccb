import type { Directory } from '../directory/directory.js';
import type { CreateCaseRequest, SendRequest } from '../runtime/engine-types.js';
import type { IntakeRejection } from '../storage/intake-store.js';
import type { MaybePromise } from '../types.js';

/**
 * What an intake's `map` may consult: the org directory (to check a unit) and the engine's clock reading.
 *
 * @example
 * ```ts
 * map(raw, { directory, now }) { ... await directory.getUnit(unitId) ... }
 * ```
 */
export interface IntakeContext {
  /** The engine's directory, to resolve outside unit codes and people. */
  readonly directory: Directory;
  /** The engine clock's time of this intake. */
  readonly now: Date;
}

/**
 * The one engine call an outside record becomes. There is no `idempotencyKey`: the engine derives it from the
 * source and the outside id, so the same record pushed twice is applied once. A `create` may choose its
 * `caseId` (derived from the outside id) so that later records about the same order can `send` to it.
 *
 * @example
 * ```ts
 * const command: IntakeCommand = { kind: 'create', request: { flow: 'work-order', actor: hotlineActor,
 *   orgUnit: 'grid-01', caseId: 'hotline-GD2026-0001', input: { title: '路灯不亮' } } };
 * ```
 */
export type IntakeCommand =
  | { kind: 'create'; request: Omit<CreateCaseRequest, 'idempotencyKey'> }
  | { kind: 'send'; request: Omit<SendRequest, 'idempotencyKey'> };

/**
 * What `map` decides for one record: the command it becomes, or why it cannot be applied. Give the outside id
 * whenever it can be read, even in a rejection: it keeps one quarantine row per record.
 *
 * @example
 * ```ts
 * const refused: IntakeMapping = { ok: false, externalId: 'GD2026-0001',
 *   reason: { code: 'VALIDATION_FAILED', field: 'unit', message: 'unknown unit code 3301' } };
 * ```
 */
export type IntakeMapping =
  | { ok: true; externalId: string; command: IntakeCommand }
  | { ok: false; externalId: string | null; reason: IntakeRejection };

/**
 * An outside source of work orders (外部来源): the 12345 hotline's webhook or poller, an Open311 client, a
 * WeChat mini program. It only maps one record to one engine command; the engine makes it idempotent (the
 * outside id is the key), quarantines what cannot be applied, and lets people retry it after the mapping is
 * fixed, when `map` runs again on the stored raw record.
 *
 * `map` is pure in spirit: it reads the record and the directory, writes nothing. It receives the record as
 * JSON (what the quarantine stores), so a retry sees exactly what the first attempt saw. Throwing a
 * `VALIDATION_FAILED` (or a zod error) refuses the record like returning `ok: false`; any other throw is
 * quarantined as `MAPPING_FAILED`, except an adapter failure (`ADAPTER_FAILED`), which propagates so the
 * caller retries later.
 *
 * @example
 * ```ts
 * const hotlineIntake: Intake<{ no: string; unit: string; title: string }> = {
 *   source: 'hotline',
 *   map(raw) {
 *     const orgUnit = unitTable[raw.unit];
 *     if (!orgUnit) return { ok: false, externalId: raw.no,
 *       reason: { code: 'VALIDATION_FAILED', field: 'unit', message: `unknown unit code ${raw.unit}` } };
 *     return { ok: true, externalId: raw.no, command: { kind: 'create', request: { flow: 'work-order',
 *       actor: hotlineActor, orgUnit, caseId: `hotline-${raw.no}`, input: { title: raw.title } } } };
 *   },
 * };
 * ```
 */
export interface Intake<TRaw = unknown> {
  /** Unique per engine; letters, digits, `.`, `_` and `-` (it is part of every idempotency key). */
  readonly source: string;
  /** Map one outside record to a `createCase`, a `send`, or a rejection with its reason. */
  map(raw: TRaw, context: IntakeContext): MaybePromise<IntakeMapping>;
}

/**
 * What `engine.ingest` and `engine.quarantine.retry` did with a record: `applied` (a case was created or an
 * event sent), `duplicate` (the record was applied before: nothing written, the same case), or `quarantined`.
 * `quarantineId` on success names the quarantine row this resolved, if any.
 *
 * @example
 * ```ts
 * const result = await engine.ingest('hotline', body);
 * if (result.status === 'quarantined') console.warn(result.reason.field, result.reason.message);
 * ```
 */
export type IngestResult =
  | {
      status: 'applied' | 'duplicate';
      source: string;
      externalId: string;
      caseId: string;
      quarantineId: string | null;
    }
  | {
      status: 'quarantined';
      source: string;
      externalId: string | null;
      quarantineId: string;
      reason: IntakeRejection;
    };
