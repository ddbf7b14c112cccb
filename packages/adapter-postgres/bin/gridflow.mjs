#!/usr/bin/env node
// A checked-in launcher, so installing the workspace before it is built can link the bin.
await import('../dist/cli.js');
