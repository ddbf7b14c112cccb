// Writes a Mermaid state diagram page for every built-in flow version into docs/flows/ (`pnpm diagrams`), or,
// with `--check`, exits 1 listing the pages that no longer match the code (CI).
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flowDocs, flowsIn, staleFlowDocs } from '../src/flows/diagram-docs.js';
import * as builtIn from '../src/flows/index.js';

const outDir = fileURLToPath(new URL('../../../docs/flows/', import.meta.url));

async function readPages(): Promise<Map<string, string>> {
  const names = await readdir(outDir).catch(() => [] as string[]);
  const md = names.filter((n) => n.endsWith('.md'));
  return new Map(
    await Promise.all(md.map(async (n) => [n, await readFile(join(outDir, n), 'utf8')] as const)),
  );
}

const expected = flowDocs(flowsIn(builtIn));
const stale = staleFlowDocs(expected, await readPages());

if (process.argv.includes('--check')) {
  if (stale.length > 0) {
    console.error(
      `Flow diagrams are out of date; run \`pnpm diagrams\` and commit:\n  docs/flows/${stale.join('\n  docs/flows/')}`,
    );
    process.exit(1);
  }
  console.log(`Flow diagrams match the code (${expected.size - 1} flow versions).`);
} else {
  await mkdir(outDir, { recursive: true });
  for (const name of stale) {
    const text = expected.get(name);
    if (text === undefined) await rm(join(outDir, name));
    else await writeFile(join(outDir, name), text);
  }
  console.log(`Wrote ${stale.length} of ${expected.size} pages in docs/flows/.`);
}
