import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The built declarations as an app compiles them: `moduleResolution: node16` and `skipLibCheck: false`, from an
 * ESM and a CommonJS file. Reads `dist/` through the package's own `exports`, so it runs after `pnpm build`.
 */
const CONSUMERS = ['consumer-esm.mts', 'consumer-cjs.cts'].map((file) =>
  fileURLToPath(new URL(`./fixtures/node16-consumer/${file}`, import.meta.url)),
);

// One program for both files: checking the libraries (skipLibCheck false) is most of the cost.
const program = ts.createProgram(CONSUMERS, {
  module: ts.ModuleKind.Node16,
  moduleResolution: ts.ModuleResolutionKind.Node16,
  target: ts.ScriptTarget.ES2022,
  strict: true,
  skipLibCheck: false,
  noEmit: true,
  types: ['node'],
});

function diagnostics(file: string): string[] {
  const all = ts.getPreEmitDiagnostics(program);
  // Library diagnostics belong to whichever consumer pulled the library in; report them with each file.
  const own = all.filter(
    (d) =>
      !d.file ||
      d.file.fileName === file ||
      d.file.fileName.includes('/node_modules/') ||
      d.file.fileName.includes('/dist/'),
  );
  return own.map((d) => {
    const where = d.file ? `${d.file.fileName.split('/node_modules/').at(-1)}: ` : '';
    return `${where}TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('declarations under node16 resolution', () => {
  for (const file of CONSUMERS) {
    it(`type-check ${file.split('/').at(-1)} with skipLibCheck false, engine.events included`, () => {
      expect(diagnostics(file)).toEqual([]);
    }, 60_000);
  }
});
