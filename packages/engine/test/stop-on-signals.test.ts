import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CHILD = fileURLToPath(new URL('./fixtures/signal-child.ts', import.meta.url));
// Node itself with tsx as a loader (not the tsx CLI, which stands between the signal and the engine's process).
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Run the child, send `signal` once it is committing, and collect its output and exit. */
function runChild(signal: NodeJS.Signals) {
  return new Promise<{ lines: string[]; code: number | null; signal: NodeJS.Signals | null }>(
    (resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const lines: string[] = [];
      const hang = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the child did not exit after ${signal}: ${lines.join(' | ')}`));
      }, 20_000);
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        for (const line of chunk.split('\n').filter(Boolean)) {
          lines.push(line);
          if (line === 'committing') child.kill(signal);
        }
      });
      child.on('exit', (code, exitSignal) => {
        clearTimeout(hang);
        resolve({ lines, code, signal: exitSignal });
      });
    },
  );
}

describe('engine.stopOnSignals', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`on ${signal}, finishes the commit in flight, disposes the adapters, then exits with 0`, async () => {
      const result = await runChild(signal);
      expect(result).toEqual({ lines: ['committing', 'created open', 'disposed'], code: 0, signal: null });
    }, 30_000);
  }
});
