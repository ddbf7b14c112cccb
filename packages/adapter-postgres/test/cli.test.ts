import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The `gridflow` bin as an operator runs it: a child process over a PGlite directory a real engine wrote. */
const BIN = fileURLToPath(new URL('../bin/gridflow.mjs', import.meta.url));
const SEED = fileURLToPath(new URL('./fixtures/cli-seed.mjs', import.meta.url));
const FLOWS = fileURLToPath(new URL('./fixtures/cli-flows.mjs', import.meta.url));
const execFileAsync = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'gridflow-cli-'));

async function gridflow(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(args, process.env);
}

async function run(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BIN, ...args], {
      timeout: 60_000,
      env,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let open: string;
let signed: string;
let deadId: string;

beforeAll(async () => {
  const { stdout } = await execFileAsync(process.execPath, [SEED, dataDir], { timeout: 60_000 });
  const seeded = JSON.parse(stdout) as { open: string; signed: string; signedState: string; deadId: string };
  expect(seeded.signedState).toBe('signed');
  ({ open, signed, deadId } = seeded);
}, 60_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the gridflow command', () => {
  it('lists cases with engine.query filters', async () => {
    const reported = await gridflow('cases', 'list', '--pglite', dataDir, '--state', 'reported');
    expect(reported.code).toBe(0);
    expect(reported.stdout).toContain(open);
    expect(reported.stdout).not.toContain(signed);
    const json = await gridflow('cases', 'list', '--pglite', dataDir, '--flow', 'streetlight', '--json');
    const ids = (JSON.parse(json.stdout) as { items: { id: string }[] }).items.map((c) => c.id);
    expect(ids.sort()).toEqual([open, signed].sort());
  }, 60_000);

  it('shows a case: state, masked context, due time, timers and outbox', async () => {
    const { code, stdout } = await gridflow('cases', 'show', open, '--pglite', dataDir);
    expect(code).toBe(0);
    expect(stdout).toContain('state:      reported');
    expect(stdout).toContain('138****5678');
    expect(stdout).not.toContain('13812345678');
    expect(stdout).toMatch(/due: {8}\d{4}-\d\d-\d\d \d\d:\d\d/);
    expect(stdout).toContain('timers (1):');
    const shownSigned = await gridflow('cases', 'show', signed, '--pglite', dataDir);
    expect(shownSigned.stdout).toContain('outbox (1):');
    expect(shownSigned.stdout).toContain('syncHotline');
  }, 60_000);

  it('prints a case history as a readable timeline with member and unit names', async () => {
    const { code, stdout, stderr } = await gridflow(
      'cases',
      'history',
      signed,
      '--pglite',
      dataDir,
      '--flows',
      FLOWS,
      '--directory',
      FLOWS,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/· 王芳 \(幸福社区\) · \d{4}-\d\d-\d\d \d\d:\d\d +reported → signed$/);
  }, 60_000);

  it('lists dead letters and retries one', async () => {
    const listed = await gridflow('dead-letters', 'list', '--pglite', dataDir);
    expect(listed.stdout).toContain(deadId);
    expect(listed.stdout).toContain('工单已关闭');
    const retried = await gridflow('dead-letters', 'retry', deadId, '--pglite', dataDir);
    expect(retried.code).toBe(0);
    const after = await gridflow('dead-letters', 'list', '--pglite', dataDir, '--json');
    expect((JSON.parse(after.stdout) as { items: unknown[] }).items).toEqual([]);
    const again = await gridflow('dead-letters', 'retry', deadId, '--pglite', dataDir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('VALIDATION_FAILED');
  }, 60_000);

  it('migrates, and answers bad usage with the usage and exit code 2', async () => {
    const migrated = await gridflow('migrate', '--pglite', dataDir);
    expect(migrated.stdout).toContain('already current');
    const bad = await gridflow('cases', 'frobnicate', '--pglite', dataDir);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('Usage: gridflow');
    const { DATABASE_URL: _ignored, ...withoutDatabase } = process.env;
    const noDatabase = await run(['cases', 'list'], withoutDatabase);
    expect(noDatabase.code).toBe(1);
    expect(noDatabase.stderr).toContain('give --url, --pglite <dir>, or set DATABASE_URL');
  }, 60_000);
});
