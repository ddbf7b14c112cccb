import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));
const ENGINE_INDEX = fileURLToPath(new URL('../src/index.ts', import.meta.url));

describe('README', () => {
  it('runs the first-flow example as written', async () => {
    const code = /## A first flow\n\n```ts\n([\s\S]*?)```/.exec(readFileSync(README, 'utf8'))?.[1];
    expect(code, 'README has a "A first flow" TypeScript block').toBeTruthy();
    const file = join(mkdtempSync(join(tmpdir(), 'gridflow-readme-')), 'example.ts');
    writeFileSync(file, code!.replace("from '@gridflow/engine'", `from ${JSON.stringify(ENGINE_INDEX)}`));
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await import(file);
      expect(log.mock.calls[0]?.[0]).toBe('reported');
      expect(log.mock.calls[0]?.[1]).toBeInstanceOf(Date);
    } finally {
      log.mockRestore();
    }
  });
});
