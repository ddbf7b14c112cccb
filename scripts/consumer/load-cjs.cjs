// Every CommonJS entry loads, and the test engine needs no test runner.
const entries = [
  '@gridflow/engine',
  '@gridflow/engine/testing',
  '@gridflow/engine/flows',
  '@gridflow/adapter-postgres',
  '@gridflow/adapter-wecom',
  '@gridflow/adapter-wecom/testing',
  '@gridflow/adapter-12345-hotline',
  '@gridflow/adapter-12345-hotline/testing',
];
for (const entry of entries) {
  const exported = Object.keys(require(entry));
  if (exported.length === 0) throw new Error(`${entry} exports nothing`);
  console.log(`${entry}: ${exported.length} exports`);
}
const { createTestEngine } = require('@gridflow/engine/testing');
createTestEngine().clock.now();
