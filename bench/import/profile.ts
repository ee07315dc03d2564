// The area profile page with many police.uk records held (PostgreSQL server only):
//   node --import tsx bench/import/profile.ts DATABASE_URL RECORDS RUNS
// Tops the records up to RECORDS with server-side generated rows (the twelve months of 2018/19, Hampshire LSOAs), derives their
// monthly and financial-year counts with the import's own derivation, then times GET /evidence/areas/<code>
// through the real app (app.inject, as a signed-in administrator) and prints one JSON line.
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { systemActor } from '../../src/modules/access/actor.js';
import { withBulkTransaction } from '../../src/modules/evidence/imports/repository-bulk.js';
import { derivePoliceUkCounts } from '../../src/modules/evidence/imports/police-uk-street.js';
import { Problems } from '../../src/modules/evidence/imports/problems.js';
import { policeUkCrimeTypes } from '../../src/modules/evidence/schema.js';
import { createServices } from '../../src/services.js';
import { Agent } from '../../test/support/app.js';
import { hampshireLsoas } from './generate.js';

const [databaseUrl, recordsArg, runsArg] = process.argv.slice(2);
if (!databaseUrl) throw new Error('usage: profile.ts DATABASE_URL RECORDS RUNS');
const wanted = Number(recordsArg ?? 10_000_000);
const runs = Number(runsArg ?? 20);
const log = (text: string) => process.stderr.write(`${text}\n`);

// With a database URL the data folder is never used.
const dataDir = path.join(os.tmpdir(), 'saferhub-bench-unused');
const database = await openDatabase({ databaseUrl, dataDir, poolSize: 4 });
const config = loadConfig({ NODE_ENV: 'test', SAFERHUB_DATA_DIR: dataDir, LOG_LEVEL: 'silent', SAFERHUB_DEMO: 'false' });
const services = createServices(database, { ...config, databaseUrl });
const q = async <T>(text: string, params?: unknown[]) => database.withSession(async (s) => (await s.query<T>(text, params)).rows);

const [{ n: held }] = (await q<{ n: number }>('select count(*)::int as n from evidence_police_records')) as [{ n: number }];
const lsoas = hampshireLsoas();
const chunk = 1_000_000;
let missing = wanted - held;
if (missing > 0) {
  const started = Date.now();
  await withBulkTransaction(database, async (session) => {
    const [row] = await session.query<{ id: number }>(
      `insert into evidence_imports (kind, file_name, sha256, status) values ('police-uk-street', 'bench-synthetic.csv', md5(random()::text), 'succeeded') returning id`,
    );
    const importId = row!.id;
    await session.query(`select set_config('saferhub.import_id', $1, true)`, [String(importId)]);
    for (let done = 0; missing > 0; done += chunk) {
      const n = Math.min(chunk, missing);
      await session.query(
        `insert into evidence_police_records (crime_id, month, reported_by, falls_within, longitude, latitude, location, lsoa_code, lsoa_name, crime_type, last_outcome)
         select md5(g::text), to_char(date '2018-04-01' + make_interval(months => (g % 12)::int), 'YYYY-MM'), 'Hampshire Constabulary', 'Hampshire Constabulary',
                -1.3 + (g % 1000) / 10000.0, 51.0 + (g % 997) / 10000.0, 'On or near High Street',
                ($1::text[])[1 + (g * 7919) % cardinality($1::text[])], 'LSOA', ($2::text[])[1 + (g * 31) % 14], 'Under investigation'
           from generate_series($3::bigint, $4::bigint) g`,
        [lsoas.map((l) => l.code), policeUkCrimeTypes.map((t) => t.name), done + 1, done + n],
      );
      missing -= n;
      log(`  records: ${(done + n + held).toLocaleString('en-GB')} held (${Math.round((Date.now() - started) / 1000)} s)`);
    }
    log('  deriving monthly and financial-year counts…');
    await derivePoliceUkCounts(
      { session, importId, filePath: '', fileName: 'bench-synthetic.csv', problems: new Problems('bench-synthetic.csv'), options: {} },
      importId,
    );
  });
  await q('analyze');
  log(`  loaded in ${Math.round((Date.now() - started) / 1000)} s`);
}
const [{ n: total }] = (await q<{ n: number }>('select count(*)::int as n from evidence_police_records')) as [{ n: number }];

const [agency] = await q<{ id: number }>(`insert into agencies (name, kind) values ('Bench agency', 'other') returning id`);
const email = `bench-${Date.now()}@saferhub.example`;
await services.access.createUser(systemActor, {
  email,
  displayName: 'Bench',
  agencyId: agency!.id,
  password: 'bench-password-2026',
  isAdmin: true,
});
const app = await buildApp({ services, cookieSecret: 'bench-cookie-secret-that-is-long-enough-for-signing' });
await app.ready();
const agent = new Agent(app);
await agent.signIn(email, 'bench-password-2026');

const timings: Record<string, number[]> = {};
for (const [label, url] of [
  ['Hampshire force area, 2018/19', '/evidence/areas/E23000030?period=2018/19'],
  ['Southampton CSP, 2018/19', '/evidence/areas/E22000120?period=2018/19'],
] as const) {
  const first = await agent.get(url);
  if (first.statusCode !== 200) {
    log(`  ${url} answered ${first.statusCode}`);
    continue;
  }
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const response = await agent.get(url);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}`);
  }
  timings[label] = times.sort((a, b) => a - b);
}
await app.close();
await database.close();
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
console.log(
  JSON.stringify({
    records: total,
    pages: Object.entries(timings).map(([label, xs]) => ({ label, runs: xs.length, p50: pct(xs, 50), p95: pct(xs, 95) })),
  }),
);
