import type { CaseView, Engine, EngineQuery } from '@gridflow/engine';
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

/**
 * `cases history <id>`: `engine.timeline`, one line per step with the flow's labels:
 * `签收 · 王芳 (幸福社区) · 2026-09-15 10:02   已派单 → 处理中`.
 */
export async function caseHistory(engine: Engine, caseId: string): Promise<string> {
  const steps = await engine.timeline(caseId);
  return steps
    .map((step) => {
      const to = step.toStateLabel;
      const move =
        step.fromStateLabel === null
          ? `→ ${to}`
          : step.fromStateLabel === to
            ? to
            : `${step.fromStateLabel} → ${to}`;
      return `${step.text}   ${move}`;
    })
    .join('\n');
}
