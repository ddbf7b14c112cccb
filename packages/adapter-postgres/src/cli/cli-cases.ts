import type { Actor, CaseView, Engine, EngineQuery, JournalEntry } from '@gridflow/engine';
import { chinaTime, contextSummary, table } from './cli-format.js';

/** `cases list`: one line per case, filtered as `engine.query` filters. */
export async function listCases(engine: Engine, query: EngineQuery): Promise<string> {
  const page = await engine.query(query);
  const rows = page.items.map((c) => [
    c.id,
    `${c.flowId}@${c.flowVersion}`,
    c.state,
    c.status,
    c.orgUnit,
    c.assignee ?? '-',
    chinaTime(c.dueAt),
  ]);
  const lines = [table(['id', 'flow', 'state', 'status', 'org unit', 'assignee', 'due'], rows)];
  lines.push(page.nextCursor ? `more: --cursor ${page.nextCursor}` : `${page.items.length} case(s)`);
  return lines.join('\n');
}

/** `cases show <id>`: state, context summary (masked), due time, pending timers and the case's outbox. */
export async function showCase(engine: Engine, caseId: string): Promise<string> {
  const c = await engine.getCase(caseId);
  const timers = await engine.storage.listTimers(caseId);
  const outbox = await engine.storage.listOutbox({ caseId, limit: 100 });
  return [
    ...caseHeader(c),
    '',
    'context:',
    ...contextSummary(c.context).map((line) => `  ${line}`),
    '',
    `timers (${timers.length}):`,
    ...indent(
      timers.length === 0
        ? []
        : table(
            ['due', 'event', 'key'],
            timers.map((t) => [
              chinaTime(t.dueAt) + (t.provisional ? ' (provisional)' : ''),
              t.event.type,
              t.key,
            ]),
          ).split('\n'),
    ),
    '',
    `outbox (${outbox.items.length}${outbox.nextCursor ? '+' : ''}):`,
    ...indent(
      outbox.items.length === 0
        ? []
        : table(
            ['id', 'type', 'status', 'attempts', 'next attempt', 'last error'],
            outbox.items.map((row) => [
              row.id,
              row.type,
              row.status,
              String(row.attempts),
              row.status === 'pending' ? chinaTime(row.nextAttemptAt) : '-',
              row.lastError ?? '',
            ]),
          ).split('\n'),
    ),
  ].join('\n');
}

function caseHeader(c: CaseView): string[] {
  return [
    `case ${c.id}`,
    `flow:       ${c.flowId}@${c.flowVersion}`,
    `state:      ${c.state} (${c.status}, version ${c.version})`,
    `org unit:   ${c.orgUnit}${c.handlingUnits.length > 0 ? ` · handling: ${c.handlingUnits.join(', ')}` : ''}`,
    `assignee:   ${c.assignee ?? '-'}`,
    `due:        ${chinaTime(c.dueAt)}`,
    `created:    ${chinaTime(c.createdAt)} · updated ${chinaTime(c.updatedAt)}`,
  ];
}

const indent = (lines: string[]) => lines.map((line) => `  ${line}`);

/** One readable step of a case's life, from `engine.timeline` or, before it, the journal. */
interface TimelineStep {
  label: string;
  at: Date;
  actor: Actor;
  fromState: string | null;
  toState: string;
}

type TimelineEngine = Engine & {
  timeline?: (caseId: string, options?: { actor?: Actor }) => Promise<Array<Partial<TimelineStep>>>;
};

/** `cases history <id>`: `签收 · 王芳 (幸福社区) · 2026-09-15 10:02   dispatched → inProgress`. */
export async function caseHistory(engine: Engine, caseId: string): Promise<string> {
  const steps = await timelineOf(engine as TimelineEngine, caseId);
  const lines: string[] = [];
  for (const step of steps) {
    const who = await actorName(engine, step.actor);
    const move =
      step.fromState === step.toState ? step.toState : `${step.fromState ?? '∅'} → ${step.toState}`;
    lines.push(`${[step.label, who, chinaTime(step.at)].join(' · ')}   ${move}`);
  }
  return lines.join('\n');
}

async function timelineOf(engine: TimelineEngine, caseId: string): Promise<TimelineStep[]> {
  const history = await engine.history(caseId);
  if (typeof engine.timeline !== 'function') return history.map(fromJournal);
  const timeline = await engine.timeline(caseId);
  return timeline.map((entry, i) => ({ ...fromJournal(history[i] as JournalEntry), ...definedOnly(entry) }));
}

function fromJournal(entry: JournalEntry): TimelineStep {
  const label = entry.type === 'gridflow.create' ? 'created' : entry.type;
  return { label, at: entry.at, actor: entry.actor, fromState: entry.fromState, toState: entry.toState };
}

function definedOnly(entry: Partial<TimelineStep>): Partial<TimelineStep> {
  return Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined));
}

async function actorName(engine: Engine, actor: Actor | undefined): Promise<string> {
  if (!actor) return '-';
  const member = await engine.directory.getMember(actor.id);
  const unit = actor.orgUnit ? await engine.directory.getUnit(actor.orgUnit) : undefined;
  const name = member?.name ?? actor.id;
  return unit ? `${name} (${unit.name})` : name;
}
