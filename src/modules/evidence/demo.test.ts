import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { queryRows } from '../../db/database.js';
import { testRuntime } from '../../../test/support/db.js';
import { signedInAgent } from '../../../test/support/app.js';
import { buildUser } from '../../../test/support/factories.js';
import { demoPoliceFiles, loadEvidenceDemo } from './demo.js';

// As on a fresh clone: no public data folder beside the repository (a folder that does not exist where one
// used to be looked for), set before anything is imported.
const shared = vi.hoisted(() => {
  const before = process.env.SAFERHUB_SHARED_DATA;
  process.env.SAFERHUB_SHARED_DATA = `/nonexistent/saferhub-no-shared-data-${process.pid}`;
  return { before };
});
afterAll(() => {
  if (shared.before === undefined) delete process.env.SAFERHUB_SHARED_DATA;
  else process.env.SAFERHUB_SHARED_DATA = shared.before;
});

describe('the demo evidence on a fresh machine', () => {
  it('is bundled: the eight Hampshire police.uk months of 2017, gzipped, in data/demo/evidence/police-uk', () => {
    const files = demoPoliceFiles().map((f) => path.relative(process.cwd(), f));
    expect(files).toEqual(
      ['02', '03', '04', '05', '06', '07', '08', '09'].map((m) =>
        path.join('data', 'demo', 'evidence', 'police-uk', `2017-${m}-hampshire-street.csv.gz`),
      ),
    );
  });

  it('draws the Southampton ward hotspot map from the bundled months, and loading it again changes nothing', async () => {
    const { services, database } = await testRuntime();
    await loadEvidenceDemo(services);
    const months = await queryRows<{ month: string; n: number }>(
      database.db,
      sql`select left(month::text, 7) as month, count(*)::int as n from evidence_police_records group by 1 order by 1`,
    );
    expect(months.map((m) => m.month)).toEqual(['2017-02', '2017-03', '2017-04', '2017-05', '2017-06', '2017-07', '2017-08', '2017-09']);
    expect(months[0]!.n).toBe(14834);

    const res = await (await signedInAgent(await buildUser())).get('/evidence/hotspots?area=E06000045');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('February 2017 to September 2017');
    const table = res.body.slice(res.body.indexOf('data-testid="wards"'));
    const counts = [...table.matchAll(/govuk-table__cell--numeric">([\d,]+)</g)].map((m) => Number(m[1]!.replace(/,/g, '')));
    expect(counts.length).toBeGreaterThanOrEqual(16); // Southampton's wards, each with its records
    expect(counts.every((n) => n > 0)).toBe(true);

    const imports = async () => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from evidence_imports`))[0]!.n;
    const held = await imports();
    expect(await loadEvidenceDemo(services)).toBe(0);
    expect(await imports()).toBe(held);
  }, 240_000); // eight police.uk months, on a busy machine
});
