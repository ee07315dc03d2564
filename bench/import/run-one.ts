// One timed import in a process of its own, so that its peak memory (maxRSS) is its alone:
//   node --import tsx bench/import/run-one.ts FILE (--database-url URL | --data-dir DIR)
// Migrates, imports the demo areas (not timed), then imports FILE through the real import service and
// prints one JSON line: { seconds, rows, status, maxRssMb }.
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { systemActor } from '../../src/modules/access/actor.js';
import { createServices } from '../../src/services.js';

const [file, flag, target] = process.argv.slice(2);
if (!file || !flag || !target) throw new Error('usage: run-one.ts FILE (--database-url URL | --data-dir DIR)');
const databaseUrl = flag === '--database-url' ? target : undefined;
const dataDir = flag === '--data-dir' ? target : 'memory://';

const database = await openDatabase({ databaseUrl, dataDir, poolSize: 2 });
await migrate(database);
const config = loadConfig({ NODE_ENV: 'test', SAFERHUB_DATA_DIR: dataDir, LOG_LEVEL: 'silent', SAFERHUB_DEMO: 'false' });
const services = createServices(database, { ...config, databaseUrl });
const areas = path.resolve('data/demo/evidence/areas.csv');
await services.evidenceImports.importFile(systemActor, { choice: 'areas', filePath: areas, fileName: 'areas.csv' });

const started = process.hrtime.bigint();
const outcome = await services.evidenceImports.importFile(systemActor, {
  choice: 'police-uk',
  filePath: file,
  fileName: path.basename(file),
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
await database.close();
console.log(
  JSON.stringify({
    seconds,
    rows: outcome.status === 'succeeded' ? outcome.rowsRead : 0,
    status: outcome.status,
    messages: outcome.messages,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
