#!/usr/bin/env node
import { isGridflowError } from '@gridflow/engine';
import { main } from './cli/cli-main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const code = isGridflowError(error) ? `${error.code}: ` : '';
    console.error(`gridflow: ${code}${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
