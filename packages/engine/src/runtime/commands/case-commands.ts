import { randomUUID } from 'node:crypto';
import { GridflowError, isGridflowError } from '../../errors.js';
import type { FlowDefinition } from '../../flow/define-flow.js';
import type { CaseRecord, IdempotencyRecord } from '../../storage/storage.js';
import { type Actor, SYSTEM_ACTOR } from '../../types.js';
import { authorize } from './authorize.js';
import { checkReferences, referencedChains } from './check-references.js';
import { caseNotFound, readAccess } from './read-access.js';
import { CaseCache } from './case-cache.js';
import { type PreparedTransition, prepareCreate, prepareSend } from './case-runtime.js';
import { actingUnits, type PersistedSnapshot, toCaseView } from '../../case/case-view.js';
import type { EngineContext } from '../engine-context.js';
import type { CaseView } from '../../case/case-view.js';
import type { CreateCaseRequest, SendRequest } from '../engine-types.js';
import { assertSameRequest, fingerprint } from './idempotency.js';
import { replayJournal } from './replay.js';
import { zodFailure } from '../../errors.js';
import { isValidatedBy } from '../../flow/validated-input.js';
import { parseCreateRequest, parseEventPayload, parseSendRequest } from './validate-request.js';

const SYSTEM_PLACEHOLDER = { id: 'system', roles: ['engine'], orgUnit: '*' };

/** A claimed timer being fired: consumed by the commit that applies it. */
export interface TimerConsumption {
  id: string;
  key: string;
  leaseToken: string;
}

/**
 * What `createOutcome` and `sendOutcome` did: committed, or answered a repeated idempotency key; and the
 * quarantine row the commit resolved, when it was asked to (`resolveQuarantine`) and the storage can.
 */
export type CommandOutcome = {
  status: 'committed' | 'duplicate';
  case: CaseView;
  resolvedQuarantineId?: string;
};

/** The outcome of applying an event internally (timers, linked cases): it may legitimately not apply. */
export type ApplyOutcome =
  | { status: 'committed'; case: CaseView }
  | { status: 'duplicate'; case: CaseView }
  | { status: 'not-accepted' }
  | { status: 'timer-gone' };

/** The case commands: create and send, with validation, authorization, idempotency and conflict retries. */
export class CaseCommands {
  private readonly cache: CaseCache;

  constructor(private readonly ctx: EngineContext) {
    this.cache = new CaseCache(ctx.tuning.caseCacheSize);
  }

  /** `asSystem` is for the engine's own linked cases: the system actor, no permission check. */
  async createCase(
    raw: CreateCaseRequest | Omit<CreateCaseRequest, 'actor'>,
    asSystem = false,
  ): Promise<CaseView> {
    return (await this.createOutcome(raw, { asSystem })).case;
  }

  /**
   * `createCase`, also saying whether it committed or repeated an idempotency key. `resolveQuarantine` names an
   * ingested record whose open quarantine row the commit resolves, on a storage with
   * `capabilities.resolvesQuarantine` (ignored otherwise). `keyChecked` skips the
   * key's lookup for a caller that just looked (intake): the commit still refuses a repeated key atomically.
   */
  async createOutcome(
    raw: CreateCaseRequest | Omit<CreateCaseRequest, 'actor'>,
    options: {
      asSystem?: boolean;
      keyChecked?: boolean;
      resolveQuarantine?: { source: string; externalId: string };
    } = {},
  ): Promise<CommandOutcome> {
    const asSystem = options.asSystem ?? false;
    const request = parseCreateRequest(asSystem ? { ...raw, actor: SYSTEM_PLACEHOLDER } : raw);
    const flow = this.ctx.flows.get(request.flow, request.flowVersion);
    const actor = asSystem ? SYSTEM_ACTOR : request.actor;
    if (!(await this.ctx.directory.getUnit(request.orgUnit))) {
      throw new GridflowError('VALIDATION_FAILED', `orgUnit ${request.orgUnit} is not in the directory`, {
        details: { field: 'orgUnit' },
      });
    }
    const requesterId = request.requesterId ?? (actor.roles.includes('resident') ? actor.id : null);
    await authorize(
      this.ctx.directory,
      actor,
      flow.permissions.create,
      {
        orgUnit: request.orgUnit,
        requesterId,
        assignee: null,
        handlingUnits: [],
        creating: true,
      },
      `create a ${flow.id} case`,
    );
    const input = this.parseInput(flow, request.input ?? {}, raw.input);
    const key = request.idempotencyKey ?? null;
    const print =
      key &&
      fingerprint(['create', actor.id, flow.id, request.orgUnit, requesterId, input, request.caseId ?? null]);
    if (key && print && !options.keyChecked) {
      const seen = await this.ctx.storage.findIdempotencyKey(key);
      if (seen) return { status: 'duplicate', case: await this.answerDuplicate(seen, print) };
    }
    const caseId = request.caseId ?? randomUUID();
    // Machines cannot read the directory: hand them the unit's chain up the tree (escalation ladders use it).
    const orgChain = [
      request.orgUnit,
      ...(await this.ctx.directory.ancestors(request.orgUnit)).map((u) => u.id),
    ];
    const prepared = prepareCreate(
      this.ctx,
      flow,
      { caseId, orgUnit: request.orgUnit, orgChain, requesterId, input, actor },
      { idempotencyKey: key, causationId: request.causationId ?? null, fingerprint: print },
    );
    const { storage, clock } = this.ctx;
    if (options.resolveQuarantine && storage.capabilities.resolvesQuarantine) {
      prepared.request.resolveQuarantine = { ...options.resolveQuarantine, at: clock.now() };
    }
    const outcome = await storage.commit(prepared.request);
    if (outcome.status === 'duplicate') {
      return { status: 'duplicate', case: await this.answerDuplicate(outcome.record, print ?? '') };
    }
    if (outcome.status !== 'committed') {
      throw new GridflowError('VALIDATION_FAILED', `caseId ${caseId} already exists`, {
        details: { field: 'caseId' },
      });
    }
    this.cache.set(prepared.request.case);
    const created = this.published('case.created', prepared);
    const { resolvedQuarantineId } = outcome;
    return resolvedQuarantineId
      ? { status: 'committed', case: created, resolvedQuarantineId }
      : { status: 'committed', case: created };
  }

  async send(raw: SendRequest): Promise<CaseView> {
    return (await this.sendOutcome(raw)).case;
  }

  /** `send`, also saying whether it committed or repeated an idempotency key; `keyChecked` as in `createOutcome`. */
  async sendOutcome(raw: SendRequest, options: { keyChecked?: boolean } = {}): Promise<CommandOutcome> {
    const request = parseSendRequest(raw);
    const outcome = await this.apply(request.caseId, request.event, request.actor, {
      idempotencyKey: request.idempotencyKey ?? null,
      causationId: request.causationId ?? null,
      consumeTimer: null,
      keyChecked: options.keyChecked,
    });
    if (outcome.status === 'committed' || outcome.status === 'duplicate') return outcome;
    throw new GridflowError(
      'EVENT_NOT_ACCEPTED',
      `case ${request.caseId} does not accept ${request.event.type}`,
      {
        details: { caseId: request.caseId, eventType: request.event.type },
      },
    );
  }

  /**
   * Validate, authorize and commit one event, reloading and retrying on a version conflict. Used by `send` and,
   * with the system actor, by timers and linked cases (which pass `tolerant` to get outcomes instead of throws).
   */
  async apply(
    caseId: string,
    event: { type: string; [field: string]: unknown },
    actor: Actor,
    extras: {
      idempotencyKey: string | null;
      causationId: string | null;
      consumeTimer: TimerConsumption | null;
      /** The caller just looked the key up: skip the lookup (the commit still refuses a repeat). */
      keyChecked?: boolean;
    },
    tolerant = false,
    preloaded?: CaseRecord,
  ): Promise<ApplyOutcome> {
    const { storage } = this.ctx;
    const hit = preloaded ? undefined : this.cache.get(caseId);
    let current = preloaded ?? hit ?? (await this.load(caseId));
    let cached = hit !== undefined;
    const { meta: _meta, ...raw } = event;
    const key = extras.idempotencyKey;
    // The actor is part of the request: someone else presenting the key gets no one else's result.
    const print = key && fingerprint(['send', actor.id, caseId, raw]);
    if (key && print && !extras.keyChecked) {
      const seen = await storage.findIdempotencyKey(key);
      if (seen) return { status: 'duplicate', case: await this.answerDuplicate(seen, print) };
    }
    for (let conflicts = 0; ; ) {
      let prepared: PreparedTransition;
      try {
        const flow = this.ctx.flows.get(current.flowId, current.flowVersion);
        const payload = actor.roles.includes('system') ? raw : parseEventPayload(flow.events, event);
        const allowed = Object.hasOwn(flow.permissions.events, event.type)
          ? flow.permissions.events[event.type]
          : undefined;
        const eventScope = Object.hasOwn(flow.permissions.scopes ?? {}, event.type)
          ? flow.permissions.scopes?.[event.type]
          : undefined;
        const scope = eventScope
          ? { ...current, ...actingUnits(flow, current.snapshot as PersistedSnapshot) }
          : current;
        await authorize(this.ctx.directory, actor, allowed, scope, `send ${event.type}`, eventScope).catch(
          async (error: unknown) => {
            // Someone who may not even read the case learns nothing about it, not even that it exists.
            if (isGridflowError(error, 'FORBIDDEN') && !(await readAccess(this.ctx, actor, current))) {
              throw caseNotFound(caseId);
            }
            throw error;
          },
        );
        if (!actor.roles.includes('system')) {
          await checkReferences(this.ctx, flow.references, event.type, payload, caseId);
        }
        const chains = await referencedChains(this.ctx, flow.references, event.type, payload);
        prepared = prepareSend(this.ctx, flow, current, { ...payload, type: event.type }, actor, {
          ...extras,
          fingerprint: print,
          chains,
        });
      } catch (error) {
        if (cached && isGridflowError(error)) {
          // Judged on this engine's cached copy, which another engine may have moved on: judge the stored one.
          cached = false;
          this.cache.delete(caseId);
          current = await this.load(caseId);
          continue;
        }
        if (tolerant && isGridflowError(error, 'EVENT_NOT_ACCEPTED')) return { status: 'not-accepted' };
        throw error;
      }
      const outcome = await storage.commit(prepared.request);
      if (outcome.status === 'committed') {
        this.cache.set(prepared.request.case);
        return { status: 'committed', case: this.published('case.transitioned', prepared) };
      }
      if (outcome.status === 'duplicate') {
        return { status: 'duplicate', case: await this.answerDuplicate(outcome.record, print ?? '') };
      }
      if (outcome.status === 'timer-gone') return { status: 'timer-gone' };
      this.cache.delete(caseId);
      if (!cached && ++conflicts > this.ctx.tuning.conflictRetries) {
        throw new GridflowError(
          'VERSION_CONFLICT',
          `case ${caseId} kept changing; gave up after ${conflicts} tries`,
          {
            details: { caseId, attempts: conflicts },
          },
        );
      }
      if (!cached) await backoff(conflicts);
      cached = false;
      current = await this.load(caseId);
    }
  }

  async load(caseId: string): Promise<CaseRecord> {
    const record = await this.ctx.storage.loadCase(caseId);
    if (!record) throw caseNotFound(caseId);
    return record;
  }

  /**
   * `given` is the caller's own `input` object (before the request's shape check copied it): when
   * `validateFlowInput` produced it with this flow's schema, it was parsed already and frozen since.
   */
  private parseInput(
    flow: FlowDefinition,
    input: Record<string, unknown>,
    given: unknown,
  ): Record<string, unknown> {
    if (!flow.input) return input;
    if (isValidatedBy(given, flow.input)) return input;
    const result = flow.input.safeParse(input);
    if (!result.success) throw zodFailure(result.error, 'input');
    return result.data as Record<string, unknown>;
  }

  /** A repeated idempotency key: the case as the first request left it, rebuilt from the journal. */
  private async answerDuplicate(record: IdempotencyRecord, print: string): Promise<CaseView> {
    assertSameRequest(record, print);
    const current = await this.load(record.caseId);
    if (current.version === record.version) return toCaseView(current);
    const entries = await this.ctx.storage.readJournal(record.caseId);
    const replayed = replayJournal(this.ctx.flows, this.ctx.calendar, entries, record.version);
    const entry = entries.find((e) => e.seq === record.version);
    const view = toCaseView(current);
    return {
      ...view,
      state: replayed.state,
      value: replayed.snapshot.value,
      context: replayed.snapshot.context,
      status: replayed.snapshot.status === 'done' ? 'done' : 'active',
      flowVersion: replayed.flowVersion,
      version: record.version,
      updatedAt: entry ? new Date(entry.at) : view.updatedAt,
    };
  }

  private published(channel: 'case.created' | 'case.transitioned', prepared: PreparedTransition): CaseView {
    const view = toCaseView(prepared.request.case);
    this.ctx.events.emit(channel, { case: view, entry: prepared.entry });
    for (const timer of prepared.provisional)
      this.ctx.events.emit('calendar.provisional', { caseId: view.id, timer });
    return view;
  }
}

/** Full-jitter backoff between conflict retries: spreads racing writers apart. */
function backoff(attempt: number): Promise<void> {
  if (attempt === 0) return Promise.resolve();
  const ms = Math.random() * Math.min(50, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
