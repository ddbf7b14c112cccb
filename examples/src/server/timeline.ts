import { type Actor, type Engine, maskName } from '@gridflow/engine';
import { eventLabel, ROLE_LABELS, stateLabel } from './labels.js';

/**
 * One line of a case's labelled timeline.
 *
 * @example
 * ```ts
 * const line: TimelineEntry = { seq: 2, at: '2026-09-14T01:00:00.000Z', type: 'signFor', label: '签收',
 *   actor: { id: 'staff-a1-1', name: '王芳', role: '社区工作人员', unit: '东湖社区' },
 *   from: 'dispatched', to: 'inProgress.working', fromLabel: '已派单', toLabel: '处理中 · 办理', note: null };
 * ```
 */
export interface TimelineEntry {
  seq: number;
  at: string;
  type: string;
  label: string;
  actor: { id: string; name: string; role: string; unit: string };
  from: string | null;
  to: string;
  fromLabel: string | null;
  toLabel: string;
  /** The event's own words (a note, a result, a reason), masked like the rest of the case. */
  note: string | null;
}

const NOTE_FIELDS = ['note', 'result', 'reason', 'comment', 'text', 'title'];

function noteOf(event: Record<string, unknown>): string | null {
  const source = (event.input as Record<string, unknown> | undefined) ?? event;
  for (const field of NOTE_FIELDS) if (typeof source[field] === 'string') return source[field] as string;
  return null;
}

/**
 * The case's journal as the reader may see it (`engine.history` with the actor: refused as the case is, masked
 * as the case is), each entry labelled in Chinese with who acted and where. Residents acting appear masked.
 *
 * @example
 * ```ts
 * const lines = await labelledTimeline(engine, caseId, actor);
 * ```
 */
export async function labelledTimeline(
  engine: Pick<Engine, 'history' | 'directory'>,
  caseId: string,
  reader: Actor,
): Promise<TimelineEntry[]> {
  const entries = await engine.history(caseId, reader);
  const names = new Map<string, string>();
  const nameOf = async (id: string, isResident: boolean) => {
    if (id === 'system') return '系统';
    if (!names.has(id)) names.set(id, (await engine.directory.getMember(id))?.name ?? id);
    const name = names.get(id)!;
    return isResident && id !== reader.id ? maskName(name) : name;
  };
  const unitName = async (id: string) => (await engine.directory.getUnit(id))?.name ?? id;
  const lines: TimelineEntry[] = [];
  for (const entry of entries) {
    const role = entry.actor.roles[0] ?? 'system';
    lines.push({
      seq: entry.seq,
      at: entry.at.toISOString(),
      type: entry.type,
      label: eventLabel(entry.type),
      actor: {
        id: entry.actor.id,
        name: await nameOf(entry.actor.id, role === 'resident'),
        role: ROLE_LABELS[role] ?? role,
        unit: entry.actor.orgUnit ? await unitName(entry.actor.orgUnit) : '',
      },
      from: entry.fromState,
      to: entry.toState,
      fromLabel: entry.fromState === null ? null : stateLabel(entry.fromState),
      toLabel: stateLabel(entry.toState),
      note: noteOf(entry.event),
    });
  }
  return lines;
}
