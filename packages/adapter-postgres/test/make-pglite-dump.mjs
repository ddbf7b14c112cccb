// Writes a freshly initialised PGlite data directory as a tarball to the path in argv[2].
import { writeFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';

const db = new PGlite();
// Dumping before the database is ready leaves the dump waiting forever.
await db.query('select 1');
const dump = await db.dumpDataDir('none');
await db.close();
await writeFile(process.argv[2], Buffer.from(await dump.arrayBuffer()));
