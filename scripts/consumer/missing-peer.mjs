// Run before @electric-sql/pglite is installed: pgliteStorage must say which package to install.
import { pgliteStorage } from '@gridflow/adapter-postgres';
import { isGridflowError } from '@gridflow/engine';

const error = await pgliteStorage().then(
  () => null,
  (e) => e,
);
if (
  !isGridflowError(error, 'ADAPTER_FAILED') ||
  !error.message.includes('npm install @electric-sql/pglite')
) {
  console.error('expected ADAPTER_FAILED naming @electric-sql/pglite, got:', error);
  process.exit(1);
}
console.log(error.message);
