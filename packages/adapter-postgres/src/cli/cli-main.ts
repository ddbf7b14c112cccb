import { parseArgs } from 'node:util';
import type { CaseStatus, EngineQuery } from '@gridflow/engine';
import { migrate } from '../migrate.js';
import { caseHistory, listCases, showCase } from './cli-cases.js';
import { listDeadLetters, retryDeadLetters } from './cli-dead-letters.js';
import { openClient, openSession, type SessionOptions } from './cli-session.js';

export const USAGE = `Usage: gridflow <command> [options]

Commands:
  cases list [filters]          cases, filtered as engine.query filters
  cases show <id>               state, context (masked), due time, timers and outbox of one case
  cases history <id>            the case's timeline, one readable line per step
  dead-letters list             dead-lettered effects, oldest first
  dead-letters retry <id>...    put dead-lettered effects back for delivery
  migrate                       bring the gridflow schema up to date (safe from several jobs at once)

Database (one of):
  --url <postgres://…>          a Postgres server (default: $DATABASE_URL)
  --pglite <dir>                an embedded PGlite database in this directory
  --schema <name>               schema of gridflow's tables (default: gridflow)
  --tenant <id>                 tenant (default: default)

Reading:
  --flows <module>              a module exporting your \`flows\`, for the labels of a timeline
  --directory <module>          a module exporting your \`directory\`, for names in a timeline
  --json                        print JSON instead of text

Filters of cases list:
  --flow --state --status --org-unit --assignee --requester --handling-unit --overdue
  --created-from <iso> --created-to <iso> --limit <n> --cursor <c>`;

const OPTIONS = {
  url: { type: 'string' },
  pglite: { type: 'string' },
  schema: { type: 'string' },
  tenant: { type: 'string' },
  flows: { type: 'string' },
  directory: { type: 'string' },
  json: { type: 'boolean' },
  flow: { type: 'string' },
  state: { type: 'string' },
  status: { type: 'string' },
  'org-unit': { type: 'string' },
  assignee: { type: 'string' },
  requester: { type: 'string' },
  'handling-unit': { type: 'string' },
  overdue: { type: 'boolean' },
  'created-from': { type: 'string' },
  'created-to': { type: 'string' },
  limit: { type: 'string' },
  cursor: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/**
 * The `gridflow` command (also `gridflow-postgres`). Returns the exit code: 0 done, 1 failed, 2 bad usage.
 *
 * @example
 * ```sh
 * npx gridflow cases list --pglite .data/gridflow --state dispatched --overdue
 * ```
 */
export async function main(argv: string[], print: (text: string) => void = console.log): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  const [command, sub, ...rest] = positionals;
  if (values.help || !command) {
    print(USAGE);
    return values.help ? 0 : 2;
  }
  const session: SessionOptions = {
    url: values.url,
    pglite: values.pglite,
    schema: values.schema,
    tenant: values.tenant,
    flows: values.flows,
    directory: values.directory,
  };
  if (command === 'migrate') return runMigrate(session, print);
  const run = commandOf(command, sub, rest, values);
  if (!run) {
    print(USAGE);
    return 2;
  }
  const { engine, close } = await openSession(session);
  try {
    const result = await run(engine);
    print(values.json ? JSON.stringify(result.json, null, 2) : result.text);
    return 0;
  } finally {
    await close();
  }
}

type Run = (engine: Parameters<typeof listCases>[0]) => Promise<{ text: string; json: unknown }>;

function commandOf(command: string, sub: string | undefined, rest: string[], values: Values): Run | null {
  const id = rest[0];
  if (command === 'cases' && sub === 'list') {
    const query = caseQuery(values);
    return async (engine) => ({ text: await listCases(engine, query), json: await engine.query(query) });
  }
  if (command === 'cases' && sub === 'show' && id) {
    return async (engine) => ({
      text: await showCase(engine, id),
      json: {
        case: await engine.getCase(id),
        timers: await engine.storage.listTimers(id),
        outbox: (await engine.storage.listOutbox({ caseId: id, limit: 100 })).items,
      },
    });
  }
  if (command === 'cases' && sub === 'history' && id) {
    return async (engine) => ({ text: await caseHistory(engine, id), json: await engine.timeline(id) });
  }
  if (command === 'dead-letters' && sub === 'list') {
    const page = { limit: numberOf(values.limit, 'limit'), cursor: values.cursor ?? null };
    return async (engine) => ({
      text: await listDeadLetters(engine, page),
      json: await engine.deadLetters(page),
    });
  }
  if (command === 'dead-letters' && sub === 'retry' && rest.length > 0) {
    return async (engine) => ({ text: await retryDeadLetters(engine, rest), json: { retried: rest } });
  }
  return null;
}

function caseQuery(values: Values): EngineQuery {
  const query: EngineQuery = {
    flow: values.flow,
    state: values.state,
    status: values.status as CaseStatus | undefined,
    orgUnit: values['org-unit'],
    assignee: values.assignee,
    requesterId: values.requester,
    handlingUnit: values['handling-unit'],
    overdue: values.overdue,
    createdFrom: dateOf(values['created-from'], 'created-from'),
    createdTo: dateOf(values['created-to'], 'created-to'),
    limit: numberOf(values.limit, 'limit'),
    cursor: values.cursor ?? null,
  };
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as EngineQuery;
}

function numberOf(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`--${name} must be a positive whole number, got "${text}"`);
  return n;
}

function dateOf(text: string | undefined, name: string): Date | undefined {
  if (text === undefined) return undefined;
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw new Error(`--${name} must be an ISO date, got "${text}"`);
  return at;
}

async function runMigrate(session: SessionOptions, print: (text: string) => void): Promise<number> {
  const { client, close } = await openClient(session);
  try {
    const result = await migrate({ client, schema: session.schema });
    const applied = result.applied.length > 0 ? `applied ${result.applied.join(', ')}` : 'already current';
    print(`gridflow schema "${session.schema ?? 'gridflow'}" at version ${result.version} (${applied})`);
    return 0;
  } finally {
    await close();
  }
}
