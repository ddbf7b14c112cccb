#!/usr/bin/env bash
# Interleaved before/after comparison of the engine and Postgres event benches.
#   scripts/bench-compare.sh <base-checkout>   (the base checkout must have run `pnpm install` and `pnpm build`)
# Runs ROUNDS rounds (default 3); each round runs base then this checkout: the engine bench (BENCH_EVENTS events)
# and the events part of the Postgres bench (BENCH_RUN_MS per side, 1 and 8 connections) on DATABASE_URL.
set -euo pipefail
base=$(cd "${1:?usage: scripts/bench-compare.sh <base-checkout>}" && pwd)
here=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-3}
export BENCH_EVENTS=${BENCH_EVENTS:-40000}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
events_script=$(cat <<'TS'
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from './src/index.js';
import { benchEvents } from './bench/bench-events.js';
const url = process.env.DATABASE_URL!;
const runMs = Number(process.env.BENCH_RUN_MS ?? 6000);
for (const connections of [1, 8]) {
  const schema = `gf_cmp_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  await migrate({ client: admin, schema });
  try {
    const r = await benchEvents(url, schema, connections, runMs);
    console.log(JSON.stringify({ connections, ...r, ratio: r.engine / r.raw }));
  } finally {
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.end();
  }
}
TS
)
for r in $(seq 1 "$ROUNDS"); do
  for side in base here; do
    dir=$base; [ "$side" = here ] && dir=$here
    echo "=== round $r $side engine (load $(cut -d' ' -f1 /proc/loadavg))"
    (cd "$dir/packages/engine" && npx tsx bench/engine.bench.ts 2>&1 | grep -E 'bare|engine on|ratio')
    echo "=== round $r $side postgres events (load $(cut -d' ' -f1 /proc/loadavg))"
    tmp="$dir/packages/adapter-postgres/.bench-compare.tmp.ts"
    printf '%s\n' "$events_script" > "$tmp"
    (cd "$dir/packages/adapter-postgres" && npx tsx .bench-compare.tmp.ts 2>&1) || true
    rm -f "$tmp"
  done
done
