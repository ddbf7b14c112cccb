import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every public export carries TSDoc with an `@example`: users read the API from their editor's hover first.
 * Walks each public entry point with the TypeScript checker and lists the exports that lack one.
 */
const ENTRY_POINTS = [
  '../src/index.ts',
  '../src/testing/index.ts',
  '../src/conformance/index.ts',
  '../src/flows/index.ts',
  '../../adapter-postgres/src/index.ts',
].map((p) => fileURLToPath(new URL(p, import.meta.url)));

// One program for every entry point: building it is most of the cost.
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
    const documentedElsewhere = symbol.getJsDocTags(checker).some((tag) => tag.name === 'example');
    if (!hasExample && !documentedElsewhere) {
      const file = declarations[0]?.getSourceFile().fileName.split('/src/')[1] ?? '?';
      missing.push(`${exported.name} (${file})`);
    }
  }
  return missing;
}

describe('public API documentation', () => {
  for (const entry of ENTRY_POINTS) {
    it(`gives every export of ${entry.split('/packages/')[1]} TSDoc with an @example`, () => {
      expect(undocumentedExports(entry)).toEqual([]);
    });
  }
});
