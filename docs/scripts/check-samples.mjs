// Type-checks every ```ts block of the guides against the built workspace packages: each block becomes its own
// module under docs/.samples/ and one `tsc` run checks them all. A block marked ```ts no-check is a fragment
// and is skipped (keep those few). Errors are reported at the page and line they come from.
//
//   node docs/scripts/check-samples.mjs     (run `pnpm build` first: samples import the packages' dist types)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const DOCS = fileURLToPath(new URL('..', import.meta.url));
const ROOT = join(DOCS, '..');
const OUT = join(DOCS, '.samples');
const SKIP_DIRS = new Set([
  'node_modules',
  'api',
  'flows',
  '.vitepress',
  '.samples',
  'scripts',
  'screenshots',
]);

function pages(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIP_DIRS.has(entry.name) ? [] : pages(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

/** The ```ts / ```typescript blocks of one page: `{ line, code, check }`, `line` being the first code line. */
export function extractBlocks(text) {
  const blocks = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(\S*)\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang, rest] = open;
    const closes = (l) => {
      const t = l.trim();
      return t.length >= fence.length && t === fence[0].repeat(t.length);
    };
    const end = lines.findIndex((l, j) => j > i && closes(l));
    const close = end === -1 ? lines.length : end;
    if (lang === 'ts' || lang === 'typescript') {
      const code = lines.slice(i + 1, close).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l));
      blocks.push({ line: i + 2, code: code.join('\n'), check: !/\bno-check\b/.test(rest) });
    }
    i = close;
  }
  return blocks;
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const origin = new Map(); // sample file → { page, line }
let checked = 0;
let skipped = 0;
for (const page of pages(DOCS).sort()) {
  const rel = relative(ROOT, page);
  extractBlocks(readFileSync(page, 'utf8')).forEach((block, index) => {
    if (!block.check) {
      skipped++;
      return;
    }
    checked++;
    const name = `${relative(DOCS, page)
      .replace(/\.md$/, '')
      .replace(/[^A-Za-z0-9]+/g, '-')}-${index + 1}.ts`;
    const isModule = /^\s*(import|export)\s/m.test(block.code);
    writeFileSync(join(OUT, name), `${block.code}\n${isModule ? '' : 'export {};\n'}`);
    origin.set(name, { page: rel, line: block.line });
  });
}

writeFileSync(
  join(OUT, 'tsconfig.json'),
  JSON.stringify(
    {
      extends: '../../tsconfig.base.json',
      compilerOptions: {
        noEmit: true,
        declaration: false,
        module: 'ESNext',
        moduleResolution: 'Bundler',
        types: ['node'],
      },
      include: ['*.ts', '../scripts/sample-globals.d.ts'],
    },
    null,
    2,
  ),
);

const tsc = createRequire(join(ROOT, 'package.json')).resolve('typescript/bin/tsc');
const run = spawnSync(process.execPath, [tsc, '-p', join(OUT, 'tsconfig.json'), '--pretty', 'false'], {
  cwd: OUT,
  encoding: 'utf8',
});
const output = `${run.stdout}${run.stderr}`.trim();
const errors = output
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const m = /^([^(]+\.ts)\((\d+),(\d+)\): (.*)$/.exec(line);
    const from = m && origin.get(m[1]);
    return from ? `${from.page}:${from.line + Number(m[2]) - 1}:${m[3]} ${m[4]}` : line;
  });
if (run.status !== 0) {
  console.error(errors.join('\n'));
  console.error(
    `\ndocs samples: ${checked} checked, ${skipped} marked no-check; ${errors.filter((e) => / error TS/.test(e)).length} errors`,
  );
  process.exit(1);
}
console.log(`docs samples: ${checked} checked, ${skipped} marked no-check; no type errors`);
