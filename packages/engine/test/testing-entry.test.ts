import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * `@gridflow/engine/testing` serves apps whatever their test runner: each script loads the built entry in a
 * plain Node process where `vitest` cannot be resolved, and runs a virtual-clock scenario through it.
 */
const run = promisify(execFile);
const fixture = (file: string) => fileURLToPath(new URL(`./fixtures/no-vitest/${file}`, import.meta.url));

describe('the testing entry without a test runner', () => {
  for (const script of ['run-esm.mjs', 'run-cjs.cjs']) {
    it(`runs a virtual-clock scenario from ${script.includes('esm') ? 'ESM' : 'CommonJS'} with vitest unresolvable`, async () => {
      const { stdout } = await run(process.execPath, [fixture(script)], { timeout: 30_000 });
      expect(JSON.parse(stdout)).toEqual({
        before: 'reported',
        after: 'overdue',
        now: '2026-03-03T01:00:00.000Z', // one working day after Monday 09:00 China time
        zod: 'object',
      });
    }, 40_000);
  }
});
