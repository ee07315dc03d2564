/**
 * Synthetic police.uk street-level records for the reports benchmark: `count` records in Southampton's LSOAs
 * (the wards the annual review maps), spread evenly over the months police.uk covers up to the end of 2016/17
 * (December 2010 to March 2017), a month's records side by side in the table as an import of each month's file
 * leaves them, and over the fourteen crime types and the LSOAs within each month, written by the server with
 * INSERT … SELECT generate_series in chunks of a million, under one import row of their own. The table's
 * indexes are dropped while the rows go in and made again after, then the table is analysed, as a bulk load
 * would be. Then their monthly and financial-year counts are derived by the import's own code
 * (`derivePoliceUkCounts`, as importing the files would): the ward maps and the report's tables read those
 * counts. As with an import, these records replace the demo's own records of the same force and months
 * (February and March 2017). Only for a throwaway database.
 */
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../src/db/database.js';
import { derivePoliceUkCounts } from '../../src/modules/evidence/imports/police-uk-street.js';
import { Problems } from '../../src/modules/evidence/imports/problems.js';
import { withBulkTransaction } from '../../src/modules/evidence/imports/repository-bulk.js';
import { policeUkCrimeTypes } from '../../src/modules/evidence/schema.js';

const FIRST_MONTH = '2010-12-01';
const MONTHS = 76; // December 2010 to March 2017

export async function addPoliceRecords(databaseUrl: string, count: number, log: (line: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = Date.now();
    const seconds = () => Math.round((Date.now() - started) / 1000);
    const lsoas = (
      await client.query<{ code: string; name: string }>(
        `select l.code, l.name from evidence_areas l
           join evidence_areas w on w.code = l.ward_code
           join evidence_areas la on la.code = w.parent_code
          where l.type = 'lsoa' and la.type = 'local-authority' and la.name = 'Southampton'
          order by l.code`,
      )
    ).rows;
    if (!lsoas.length) throw new Error('No LSOAs of Southampton are held: load the demo first.');
    const [{ id: importId }] = (
      await client.query<{ id: number }>(
        `insert into evidence_imports (kind, file_name, sha256, status, finished_at)
         values ('police-uk-street', 'bench-reports-synthetic.csv', md5(random()::text), 'succeeded', now()) returning id`,
      )
    ).rows as [{ id: number }];
    const indexes = (
      await client.query<{ name: string; definition: string }>(
        `select indexname as name, indexdef as definition from pg_indexes
          where tablename = 'evidence_police_records' and indexname not like '%_pkey'`,
      )
    ).rows;
    for (const i of indexes) await client.query(`drop index ${i.name}`);
    const chunk = 1_000_000;
    for (let done = 0; done < count; done += chunk) {
      const n = Math.min(chunk, count - done);
      await client.query(
        `insert into evidence_police_records (import_id, crime_id, month, reported_by, falls_within, longitude, latitude,
                                              location, lsoa_code, lsoa_name, crime_type, last_outcome)
         select $1, md5(g::text), to_char(date '${FIRST_MONTH}' + make_interval(months => ((g - 1) * ${MONTHS} / $7::bigint)::int), 'YYYY-MM'),
                'Hampshire Constabulary', 'Hampshire Constabulary', -1.4 + (g % 1000) / 10000.0, 50.9 + (g % 997) / 10000.0,
                'On or near High Street', ($2::text[])[1 + (g * 7919) % cardinality($2::text[])],
                ($3::text[])[1 + (g * 7919) % cardinality($3::text[])], ($4::text[])[1 + (g * 31) % 14], 'Under investigation'
           from generate_series($5::bigint, $6::bigint) g`,
        [importId, lsoas.map((l) => l.code), lsoas.map((l) => l.name), policeUkCrimeTypes.map((t) => t.name), done + 1, done + n, count],
      );
      log(`  ${(done + n).toLocaleString('en-GB')} synthetic records written (${seconds()} s)`);
    }
    for (const i of indexes) await client.query(i.definition);
    await client.query('analyze evidence_police_records');
    log(`  indexes made again and the table analysed (${seconds()} s)`);
    // With a database URL the data folder is never used.
    const database = await openDatabase({ databaseUrl, dataDir: path.join(os.tmpdir(), 'saferhub-bench-unused'), poolSize: 1 });
    try {
      await withBulkTransaction(database, async (session) => {
        await session.query(`select set_config('saferhub.import_id', $1, true)`, [String(importId)]);
        const fileName = 'bench-reports-synthetic.csv';
        await derivePoliceUkCounts({ session, importId, filePath: '', fileName, problems: new Problems(fileName), options: {} }, importId);
      });
    } finally {
      await database.close();
    }
    await client.query('analyze evidence_police_records');
    await client.query('analyze evidence_observations');
    log(`  monthly and financial-year counts derived as an import derives them, and analysed (${seconds()} s in all)`);
  } finally {
    await client.end();
  }
}
