import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every public export carries TSDoc with an `@example`, as the engine's own check demands of the engine: users
 * read the API from their editor's hover first.
 */
const ENTRY_POINTS = ['../src/index.ts', '../src/testing/index.ts'].map((p) =>
  fileURLToPath(new URL(p, import.meta.url)),
);

const program = ts.createProgram(ENTRY_POINTS, {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  target: ts.ScriptTarget.ES2022,
  strict: true,
  skipLibCheck: true,
  noEmit: true,
});

function undocumentedExports(entry: string): string[] {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  if (!source) throw new Error(`cannot read ${entry}`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) return [];
  const missing: string[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declarations = symbol.declarations ?? [];
    const hasExample = declarations.some((declaration) =>
      ts.getJSDocTags(declaration).some((tag) => tag.tagName.text === 'example'),
    );
    if (!hasExample && !symbol.getJsDocTags(checker).some((tag) => tag.name === 'example')) {
      missing.push(
        `${exported.name} (${declarations[0]?.getSourceFile().fileName.split('/src/')[1] ?? '?'})`,
      );
    }
  }
  return missing;
}

describe('public API documentation', () => {
  for (const entry of ENTRY_POINTS) {
    it(`gives every export of ${entry.split('/adapter-12345-hotline/')[1]} TSDoc with an @example`, () => {
      expect(undocumentedExports(entry)).toEqual([]);
    });
  }
});
