import type { Directory } from '../directory/directory.js';
import type { FlowDefinition } from '../flow/define-flow.js';
import { eventLabel, stateLabel } from '../flow/flow-labels.js';
import { maskName } from '../privacy/mask.js';
import { type PersonalDataAccess, redactPersonalData } from '../privacy/redact.js';
import type { JournalEntry } from '../storage/storage.js';
import type { Actor } from '../types.js';

/**
 * Options of `engine.timeline`.
 *
 * @example
 * ```ts
 * await engine.timeline(caseId, { actor: dispatcher });
 * ```
 */
export interface TimelineOptions {
  /** The reader: checked like `getCase` (`CASE_NOT_FOUND` when they may not see the case), data masked for them. */
  actor?: Actor;
}

/**
 * Who did a step, as a reader sees them: the directory's names, or `系统` for timers and migrations.
 *
 * @example
 * ```ts
 * const who: TimelineActor = {
 *   id: 'u-wang', name: '王芳', roles: ['communityStaff'], unitId: 'comm-xingfu', unitName: '幸福社区', system: false,
 * };
 * ```
 */
export interface TimelineActor {
  /** Member id of the actor. */
  id: string;
  /** The member's name from the directory (masked for a resident when the reader sees personal data masked). */
  name: string;
  /** The roles the step was taken with, as the journal recorded them (`['system']` for the engine's own). */
  roles: readonly string[];
  /** The unit the actor acted for. */
  unitId: string;
  /** The unit's name from the directory; null for the system or a unit the directory does not know. */
  unitName: string | null;
  /** True for the engine's own steps (timers, migrations). */
  system: boolean;
}

/**
 * One step of a case's life, labelled for a reader.
 *
 * @example
 * ```ts
 * const step: TimelineEntry = (await engine.timeline(caseId))[1];
 * step.text; // '签收 · 王芳 (幸福社区) · 2026-09-15 10:02'
 * ```
 */
export interface TimelineEntry {
  /** The journal entry's number (the case version it produced). */
  seq: number;
  /** When the step was committed. */
  at: Date;
  /** The raw event type (`signFor`, `xstate.after.takeLimit.three-orders.issued`). */
  type: string;
  /** The flow's label of the event (`签收`, `接单超时`), or the type when the flow has none. */
  label: string;
  /** Who took the step, with names from the directory. */
  actor: TimelineActor;
  /** State path before; null for creation. */
  fromState: string | null;
  /** State path after. */
  toState: string;
  /** The flow's labels of the states before and after, or the paths. */
  fromStateLabel: string | null;
  /** The flow's label of the state after, or its path. */
  toStateLabel: string;
  /** The event's fields (without `type` and `meta`), masked for the reader like `history`. */
  details: Record<string, unknown>;
  /** One line: label · actor (unit) · local time in China Standard Time. */
  text: string;
}

const SYSTEM_NAME = '系统';
const CST_OFFSET_MS = 8 * 3_600_000;

/**
 * `YYYY-MM-DD HH:mm` in China Standard Time (UTC+8 all year, no daylight saving).
 *
 * @example
 * ```ts
 * formatChinaTime(new Date('2026-09-15T02:02:00Z')); // '2026-09-15 10:02'
 * ```
 */
export function formatChinaTime(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * Label a case's journal for a reader: event and state labels from the flow (each entry read with the flow
 * version that wrote it), names from the directory, personal data masked per `access`.
 *
 * @example
 * ```ts
 * const steps = await buildTimeline({ directory, flowOf: (v) => flows.get('work-order', v) }, journal, 'masked');
 * ```
 */
export async function buildTimeline(
  sources: { directory: Directory; flowOf: (version: number) => FlowDefinition | undefined },
  journal: readonly JournalEntry[],
  access: PersonalDataAccess,
): Promise<TimelineEntry[]> {
  const actors = new Map<string, Promise<TimelineActor>>();
  const actorOf = (actor: Actor) => {
    const key = `${actor.id}@${actor.orgUnit}`;
    let found = actors.get(key);
    if (!found) {
      found = describeActor(sources.directory, actor, access);
      actors.set(key, found);
    }
    return found;
  };
  const steps: TimelineEntry[] = [];
  for (const entry of journal) {
    const labels = sources.flowOf(entry.flowVersion)?.labels;
    const actor = await actorOf(entry.actor);
    const label = eventLabel(labels, entry.type);
    const { type: _type, meta: _meta, ...fields } = entry.event;
    const who = actor.unitName ? `${actor.name} (${actor.unitName})` : actor.name;
    steps.push({
      seq: entry.seq,
      at: entry.at,
      type: entry.type,
      label,
      actor,
      fromState: entry.fromState,
      toState: entry.toState,
      fromStateLabel: entry.fromState === null ? null : stateLabel(labels, entry.fromState),
      toStateLabel: stateLabel(labels, entry.toState),
      details: redactPersonalData(fields, access),
      text: `${label} · ${who} · ${formatChinaTime(entry.at)}`,
    });
  }
  return steps;
}

async function describeActor(
  directory: Directory,
  actor: Actor,
  access: PersonalDataAccess,
): Promise<TimelineActor> {
  if (actor.roles.includes('system')) {
    return {
      id: actor.id,
      name: SYSTEM_NAME,
      roles: [...actor.roles],
      unitId: actor.orgUnit,
      unitName: null,
      system: true,
    };
  }
  const [member, unit] = await Promise.all([directory.getMember(actor.id), directory.getUnit(actor.orgUnit)]);
  const name = member?.name ?? actor.id;
  // Staff names are how a case is handled in the open; a resident's name is personal data.
  const masked = access === 'masked' && actor.roles.includes('resident') ? maskName(name) : name;
  return {
    id: actor.id,
    name: masked,
    roles: [...actor.roles],
    unitId: actor.orgUnit,
    unitName: unit?.name ?? null,
    system: false,
  };
}
