import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
// Written inside this package so its imports resolve to the workspace packages, as a user's would.
const SCRATCH = fileURLToPath(new URL('../.data/', import.meta.url));

describe('README', () => {
  it('runs the first-flow example as written, on embedded PGlite', async () => {
    const code = /## A first flow\n\n```ts\n([\s\S]*?)```/.exec(readFileSync(README, 'utf8'))?.[1];
    expect(code, 'README has a "A first flow" TypeScript block').toBeTruthy();
    const dataDir = join(mkdtempSync(join(tmpdir(), 'gridflow-readme-')), 'nested', 'data');
    const source = code!.replace("'.data/quick-start'", JSON.stringify(dataDir));
    expect(source).not.toBe(code);
    mkdirSync(SCRATCH, { recursive: true });
    const file = join(mkdtempSync(SCRATCH), 'readme-example.ts');
    writeFileSync(file, source);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await import(file);
      expect(log.mock.calls[0]?.[0]).toBe('reported');
      expect(log.mock.calls[0]?.[1]).toBeInstanceOf(Date);
    } finally {
      log.mockRestore();
    }
  }, 60_000);

  it('runs the first-flow example twice on the same data dir, each run exiting by itself', async () => {
    const code = /## A first flow\n\n```ts\n([\s\S]*?)```/.exec(readFileSync(README, 'utf8'))?.[1] ?? '';
    const dataDir = join(mkdtempSync(join(tmpdir(), 'gridflow-readme-twice-')), 'data');
    mkdirSync(SCRATCH, { recursive: true });
    const file = join(mkdtempSync(SCRATCH), 'readme-example.ts');
    writeFileSync(file, code.replace("'.data/quick-start'", JSON.stringify(dataDir)));
    for (const run of [1, 2]) {
      const result = await runToExit(file, 45_000);
      expect(result, `run ${run}`).toMatchObject({ code: 0, hung: false });
      expect(result.stdout).toMatch(/^reported /);
    }
  }, 120_000);
});

/** Run a TypeScript file in a child Node process; a run still going after `limitMs` is killed and reported hung. */
function runToExit(file: string, limitMs: number) {
  return new Promise<{ code: number | null; hung: boolean; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    let hung = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, hung, stdout });
    });
  });
}
