#!/usr/bin/env node
// The packed-consumer check: what an integrator gets from npm. Packs every package, installs the tarballs into a
// fresh npm project outside the repository, checks that a missing optional peer names itself, type-checks an ESM
// and a CommonJS consumer under node16 and bundler resolution with skipLibCheck false, loads every CJS entry,
// and runs the README's first example. Run after `pnpm build`: `pnpm check:consumer`.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = join(ROOT, 'scripts/consumer');
const keep = process.argv.includes('--keep');
const project = mkdtempSync(join(tmpdir(), 'gridflow-consumer-'));
const tarballs = join(project, 'tarballs');

function sh(command, args, options = {}) {
  console.log(`$ ${command} ${args.join(' ')}`);
  return execFileSync(command, args, { cwd: project, stdio: 'inherit', timeout: 300_000, ...options });
}

function step(name, run) {
  console.log(`\n== ${name}`);
  run();
}

try {
  step('pack every package', () => {
    mkdirSync(tarballs);
    for (const dir of readdirSync(join(ROOT, 'packages'))) {
      sh('pnpm', ['pack', '--pack-destination', tarballs], {
        cwd: join(ROOT, 'packages', dir),
        stdio: 'ignore',
      });
    }
    console.log(readdirSync(tarballs).join('\n'));
  });

  step('install the tarballs into a fresh npm project (no pglite yet)', () => {
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true }, null, 2),
    );
    // Copied in: a script resolves packages from where it lies, and these must see only the project's node_modules.
    for (const file of readdirSync(FIXTURES))
      writeFileSync(join(project, file), readFileSync(join(FIXTURES, file)));
    const packed = readdirSync(tarballs).map((file) => `./tarballs/${file}`);
    const versions = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies;
    sh('npm', [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      ...packed,
      'xstate@^5',
      'zod@^4',
      `typescript@${versions.typescript}`,
      `@types/node@${versions['@types/node']}`,
    ]);
  });

  step('one copy of xstate and zod, shared with the app', () => {
    const nested = readdirSync(join(project, 'node_modules/@gridflow')).flatMap((pkg) =>
      ['xstate', 'zod']
        .filter((dep) => existsSync(join(project, 'node_modules/@gridflow', pkg, 'node_modules', dep)))
        .map((dep) => `@gridflow/${pkg} → ${dep}`),
    );
    if (nested.length > 0) throw new Error(`nested copies: ${nested.join(', ')}`);
  });

  step('a missing optional peer names the package to install', () => {
    sh('node', ['missing-peer.mjs']);
  });

  step('install the optional peer', () => {
    sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '@electric-sql/pglite']);
  });

  step('type-check ESM and CJS consumers (node16 and bundler, skipLibCheck false)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    if (!example) throw new Error('README.md has no ts example');
    writeFileSync(join(project, 'readme-example.mts'), example);
    const base = { strict: true, skipLibCheck: false, target: 'ES2022', types: ['node'], noEmit: true };
    const configs = {
      'tsconfig.node16.json': { ...base, module: 'node16', moduleResolution: 'node16' },
      'tsconfig.bundler.json': { ...base, module: 'preserve', moduleResolution: 'bundler' },
    };
    for (const [name, compilerOptions] of Object.entries(configs)) {
      const files = ['consumer-esm.mts', 'consumer-cjs.cts', 'readme-example.mts'];
      writeFileSync(join(project, name), JSON.stringify({ compilerOptions, files }, null, 2));
      sh('npx', ['tsc', '-p', name]);
    }
  });

  step('the gridflow command is installed', () => {
    sh('npx', ['--no-install', 'gridflow', '--help']);
  });

  step('load every CommonJS entry', () => {
    sh('node', ['load-cjs.cjs']);
  });

  step("run the README's first example (twice: the second run reopens the same data dir)", () => {
    const emit = {
      module: 'node16',
      moduleResolution: 'node16',
      target: 'ES2022',
      types: ['node'],
      strict: true,
      outDir: 'out',
    };
    writeFileSync(
      join(project, 'tsconfig.run.json'),
      JSON.stringify({ compilerOptions: emit, files: ['readme-example.mts'] }),
    );
    sh('npx', ['tsc', '-p', 'tsconfig.run.json']);
    for (const run of [1, 2]) {
      console.log(`run ${run}`);
      sh('node', ['out/readme-example.mjs'], { timeout: 60_000 });
    }
  });

  console.log(`\nconsumer check passed (${project})`);
} finally {
  if (!keep) rmSync(project, { recursive: true, force: true });
}
