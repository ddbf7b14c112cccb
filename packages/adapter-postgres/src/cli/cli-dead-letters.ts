import type { Engine } from '@gridflow/engine';
import { chinaTime, table } from './cli-format.js';

/** `dead-letters list`: dead-lettered effects, oldest first, with the rows each holds back. */
export async function listDeadLetters(
  engine: Engine,
  options: { limit?: number; cursor?: string | null },
): Promise<string> {
  const page = await engine.deadLetters(options);
  const rows = page.items.map((dead) => [
    dead.id,
    dead.caseId,
    dead.type,
    String(dead.attempts),
    chinaTime(dead.createdAt),
    dead.heldBack > 0 ? `holds back ${dead.heldBack}` : '',
    dead.lastError ?? '',
  ]);
  const lines = [table(['id', 'case', 'type', 'attempts', 'created', 'held back', 'last error'], rows)];
  lines.push(page.nextCursor ? `more: --cursor ${page.nextCursor}` : `${page.items.length} dead letter(s)`);
  return lines.join('\n');
}

/** `dead-letters retry <id>...`: each back to pending, attempts reset; a running engine delivers it. */
export async function retryDeadLetters(engine: Engine, ids: string[]): Promise<string> {
  for (const id of ids) await engine.retryDeadLetter(id);
  return ids.map((id) => `retried ${id}: pending, delivered by the next running engine`).join('\n');
}
