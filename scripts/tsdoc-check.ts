// The TSDoc check every package runs over its public entry points: each export carries an `@example`, each member
// of an exported interface, type literal or class a description. Users read the API from their editor's hover.
import ts from 'typescript';

/** What {@link tsdocCheck} answers for one entry point: the names that lack documentation. */
export interface TsdocCheck {
  /** Exports without an `@example`, as `name (file under src/)`. */
  undocumentedExports(entry: string): string[];
  /** Members without a description, as `Export.member`. */
  undocumentedMembers(entry: string): string[];
}

/**
 * One TypeScript program over every entry point (building it is most of the cost), checked one entry at a time.
 *
 * @example
 * ```ts
 * const check = tsdocCheck([fileURLToPath(new URL('../src/index.ts', import.meta.url))]);
 * expect(check.undocumentedExports(entry)).toEqual([]);
 * ```
 */
export function tsdocCheck(entryPoints: readonly string[]): TsdocCheck {
  const program = ts.createProgram([...entryPoints], {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  return {
    undocumentedExports: (entry) => undocumentedExports(program, entry),
    undocumentedMembers: (entry) => undocumentedMembers(program, entry),
  };
}

function undocumentedExports(program: ts.Program, entry: string): string[] {
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

/**
 * Members of exported interfaces, type literals and classes without a description: the hover on
 * `engine.createCase` or `caseView.dueAt` must say what it is. A member that restates an inherited one
 * (`extends`) is documented where it is declared.
 */
function undocumentedMembers(program: ts.Program, entry: string): string[] {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) return [];
  const missing = new Set<string>();
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    for (const declaration of symbol.declarations ?? []) {
      for (const member of membersOf(declaration)) {
        if (!isDescribable(member)) continue;
        const memberSymbol = checker.getSymbolAtLocation(member.name);
        const text = memberSymbol
          ? ts.displayPartsToString(memberSymbol.getDocumentationComment(checker))
          : '';
        if (text.trim() === '') missing.add(`${exported.name}.${member.name.getText()}`);
      }
    }
  }
  return [...missing];
}

type Member = ts.TypeElement | ts.ClassElement;

function membersOf(declaration: ts.Declaration): readonly Member[] {
  if (ts.isInterfaceDeclaration(declaration) || ts.isClassDeclaration(declaration))
    return declaration.members;
  if (ts.isTypeAliasDeclaration(declaration) && ts.isTypeLiteralNode(declaration.type)) {
    return declaration.type.members;
  }
  return [];
}

/** Named, public members: constructors, index signatures, `#private`, `private` and `protected` are left out. */
function isDescribable(member: Member): member is Member & { name: ts.PropertyName } {
  if (!member.name || ts.isPrivateIdentifier(member.name)) return false;
  const hidden = ts.ModifierFlags.Private | ts.ModifierFlags.Protected;
  return (ts.getCombinedModifierFlags(member as ts.Declaration) & hidden) === 0;
}
