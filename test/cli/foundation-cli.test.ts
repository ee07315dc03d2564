import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { queryRows } from '../../src/db/database.js';
import { openRuntime } from '../../src/runtime.js';
import type { Services } from '../../src/services.js';
import { run, saferhub, tempDir, type ProcessResult } from './foundation-process.js';

const PASSWORD = 'a long and private passphrase';

/** `saferhub users create` for Sam, the account the user and token tests use. */
const createSam = [
  'users',
  'create',
  '--email',
  'sam@council.example',
  '--name',
  'Sam Smith',
  '--agency',
  'southampton CITY',
  '--role',
  'coordinator',
  '--partnership',
  'safe city',
];

/** Opens the data folder the CLI wrote (after the command has exited), for checking what it did. */
async function withDataDir<T>(dataDir: string, fn: (services: Services) => Promise<T>): Promise<T> {
  const config = loadConfig({ SAFERHUB_DATA_DIR: dataDir, NODE_ENV: 'test', SAFERHUB_DEMO: 'false' });
  const { database, services } = await openRuntime(config);
  try {
    return await fn(services);
  } finally {
    await database.close();
  }
}

const tables = ['agencies', 'partnerships', 'memberships', 'users', 'user_roles', 'audit_log'];
async function rowCounts(services: Services) {
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const [row] = await queryRows<{ n: number }>(services.database.db, sql.raw(`select count(*)::int as n from ${t}`));
    counts[t] = row!.n;
  }
  return counts;
}

interface ApiAnswer {
  status: number;
  body: { data?: unknown; error?: { code: string; message: string } };
}

/** Calls the API in-process on the CLI's data folder with a bearer token. */
async function callApi(dataDir: string, token: string, urls: string[]): Promise<ApiAnswer[]> {
  return withDataDir(dataDir, async (services) => {
    const app = await buildApp({ services, cookieSecret: 'cli-test-cookie-secret-long-enough-0123456' });
    try {
      const out = [];
      for (const url of urls) {
        const r = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
        out.push({ status: r.statusCode, body: r.json<ApiAnswer['body']>() });
      }
      return out;
    } finally {
      await app.close();
    }
  });
}

describe('saferhub --help', () => {
  it('is available through npx, as package.json’s bin', async () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { bin: unknown };
    expect(pkg.bin).toEqual({ saferhub: 'bin/saferhub.mjs' });
    expect(fs.readFileSync('bin/saferhub.mjs', 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    const npx = await run('npx', ['--no-install', 'saferhub', '--help']);
    expect(npx.code).toBe(0);
    expect(npx.stdout).toContain('Usage: saferhub [options] [command]');
    for (const command of ['migrate', 'demo', 'users', 'tokens']) expect(npx.stdout).toMatch(new RegExp(`^ {2}${command}\\b`, 'm'));
  }, 60_000);

  it('explains every command', async () => {
    const dir = tempDir('saferhub-help-');
    const expected: [string[], RegExp][] = [
      [['migrate', '--help'], /Usage: saferhub migrate[\s\S]*Apply any database migrations/],
      [['demo', '--help'], /Usage: saferhub demo[\s\S]*load/],
      [['demo', 'load', '--help'], /Usage: saferhub demo load[\s\S]*--with-users/],
      [['users', '--help'], /Usage: saferhub users[\s\S]*create/],
      [
        ['users', 'create', '--help'],
        /Usage: saferhub users create[\s\S]*standard\s+input[\s\S]*--email[\s\S]*--agency[\s\S]*--role[\s\S]*--partnership/,
      ],
      [['tokens', '--help'], /Usage: saferhub tokens[\s\S]*create[\s\S]*revoke/],
      [['tokens', 'create', '--help'], /Usage: saferhub tokens create[\s\S]*last\s+line[\s\S]*--email/],
      [['tokens', 'revoke', '--help'], /Usage: saferhub tokens revoke[\s\S]*--prefix[\s\S]*--email/],
    ];
    for (const [args, pattern] of expected) {
      const result = await saferhub(dir, args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout, args.join(' ')).toMatch(pattern);
    }
    // Help opens no database.
    expect(fs.readdirSync(dir)).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);
});

describe('saferhub on an embedded database', () => {
  // Every test starts from one data folder, migrated and loaded with the demo data here, and sets up the rest
  // itself: none relies on an earlier test having run.
  let dir: string;
  let firstMigrate: ProcessResult;
  let firstLoad: ProcessResult;
  let afterFirstLoad: Record<string, number>;
  beforeAll(async () => {
    dir = tempDir('saferhub-cli-');
    firstMigrate = await saferhub(dir, ['migrate']);
    firstLoad = await saferhub(dir, ['demo', 'load']);
    afterFirstLoad = await withDataDir(dir, rowCounts);
  }, 300_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Sam's account, made with the command line unless a test before made it already. */
  async function ensureSam() {
    if (await withDataDir(dir, async (services) => Boolean(await services.access.findUserByEmail('sam@council.example')))) return;
    const created = await saferhub(dir, createSam, `${PASSWORD}\n`);
    if (created.code !== 0) throw new Error(`saferhub users create failed: ${created.stderr}`);
  }

  it('migrates, and a second run has nothing to do', async () => {
    expect(firstMigrate.code, firstMigrate.stderr).toBe(0);
    expect(firstMigrate.stdout).toMatch(/^Applied \d+ migration\(s\): 0001_foundation\.sql/);
    const second = await saferhub(dir, ['migrate']);
    expect(second.stdout.trim()).toBe('The database is up to date.');
  }, 120_000);

  it('loads the demo data from the seed documents; loading it again changes nothing; no accounts are made', async () => {
    expect(firstLoad.code, firstLoad.stderr).toBe(0);
    expect(firstLoad.stdout).toMatch(/Demo data loaded: \d+ records created\./);
    expect(afterFirstLoad.users).toBe(0);
    expect(afterFirstLoad.partnerships).toBeGreaterThanOrEqual(17);

    const before = await withDataDir(dir, rowCounts);
    const second = await saferhub(dir, ['demo', 'load']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('Demo data already loaded: nothing changed.');
    expect(await withDataDir(dir, rowCounts)).toEqual(before);
  }, 300_000);

  it('holds the facts of the seed documents', async () => {
    await withDataDir(dir, async (services) => {
      const { partnerships } = services;
      const all = await partnerships.listAllPartnerships();
      const byName = (name: string) => all.find((p) => p.name === name)!;
      const membersOf = async (name: string) =>
        await partnerships.getPartnership({ userId: null, agencyId: null, isAdmin: true }, byName(name).id);

      // Seed 000 §5: the HCSSG, chaired by the Director of Adults' Health and Care; §11: the 14 partnerships it draws together.
      const hcssg = await membersOf('Hampshire Community Safety Strategy Group');
      expect(hcssg.partnership.kind).toBe('strategy-group');
      expect(hcssg.members.filter((m) => m.role === 'chair')).toEqual([
        expect.objectContaining({ agencyName: 'Hampshire County Council', officer: "Director of Adults' Health and Care" }),
      ]);
      const hcssgAgencies = hcssg.members.map((m) => m.agencyName);
      for (const agency of [
        'HMP Winchester',
        'Probation Service',
        'Hampshire Constabulary',
        'Hampshire Fire and Rescue Service',
        'Civilian Military Partnership',
        'Hampshire Youth Offending Team',
      ])
        expect(hcssgAgencies).toContain(agency);
      expect(
        hcssg.members
          .filter((m) => m.role === 'observer')
          .map((m) => m.agencyName)
          .sort(),
      ).toEqual(['Portsmouth City Council', 'Southampton City Council']);
      expect(hcssg.subGroups).toHaveLength(14);
      expect(hcssg.subGroups.map((s) => s.name)).toEqual(
        expect.arrayContaining([
          'Hampshire Domestic Abuse Forum',
          'Hampshire Violence Reduction Unit',
          'Hampshire Prevent Partnership Board',
        ]),
      );

      // Seed 004 §5: Safe City's five statutory partners and the other representatives.
      const safeCity = await membersOf('Southampton Safe City Partnership');
      const statutory = safeCity.members
        .filter((m) => m.responsibleAuthority)
        .map((m) => m.agencyName)
        .sort();
      expect(statutory).toEqual([
        'Hampshire Constabulary',
        'Hampshire Fire and Rescue Service',
        'Probation Service',
        'Southampton City Council',
        'Southampton Clinical Commissioning Group',
      ]);
      expect(safeCity.members.map((m) => m.agencyName)).toEqual(
        expect.arrayContaining(['Southampton Youth Offending Service', 'Southampton Voluntary Services', 'Integrated Commissioning Unit']),
      );

      // Seed 003: Safer North Hampshire.
      const snh = await membersOf('Safer North Hampshire');
      expect(snh.partnership.areaCode).toBe('E22000374');
      const snhAgencies = snh.members.map((m) => m.agencyName);
      for (const agency of [
        'Basingstoke and Deane Borough Council',
        'Hart District Council',
        'Rushmoor Borough Council',
        'Hampshire Fire and Rescue Service',
        'North Hampshire Clinical Commissioning Group',
        'North East Hampshire and Farnham Clinical Commissioning Group',
        'Probation Service',
        'Aldershot Garrison',
      ])
        expect(snhAgencies).toContain(agency);
      expect(snh.members.filter((m) => m.agencyName === 'Hampshire Constabulary')).toHaveLength(2); // both police districts
      expect(snh.ancestors.map((a) => a.name)).toEqual([
        'Hampshire Community Safety Strategy Group',
        'Hampshire and Isle of Wight Community Safety Partnerships',
      ]);
    });
  }, 120_000);

  it('creates a user with the password from standard input, naming agency and partnership by part of their name', async () => {
    const created = await saferhub(dir, createSam, `${PASSWORD}\n`);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(
      /Created user \d+ \(sam@council\.example\) in Southampton City Council, coordinator of Southampton Safe City Partnership\./,
    );
    expect(created.stdout + created.stderr).not.toContain(PASSWORD);

    await withDataDir(dir, async (services) => {
      const user = await services.access.findUserByEmail('sam@council.example');
      expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
      expect(await services.access.listUserRoles(user!.id)).toEqual([expect.objectContaining({ role: 'coordinator' })]);
      expect(await services.access.signIn('sam@council.example', PASSWORD)).not.toBeNull();
    });
  }, 120_000);

  it('refuses an ambiguous or unknown agency or partnership, a short password and a duplicate e-mail, saying why', async () => {
    await ensureSam(); // the one account, whose e-mail the last case repeats
    const cases: [string[], RegExp][] = [
      [['--agency', 'council'], /"council" matches \d+ agencies: .*Southampton City Council.*Give more of the name or the id\./],
      [['--agency', 'Atlantis Borough'], /No agency matches "Atlantis Borough"/],
      [['--agency', 'Rushmoor', '--role', 'viewer', '--partnership', 'Hampshire'], /"Hampshire" matches \d+ partnerships: /],
      [['--agency', 'Rushmoor', '--role', 'viewer', '--partnership', 'Nowhere'], /No partnership matches "Nowhere"/],
      [['--agency', 'Rushmoor', '--role', 'viewer'], /Give --role and --partnership together/],
      [
        ['--agency', 'Rushmoor', '--role', 'boss', '--partnership', 'Safer North'],
        /argument 'boss' is invalid. Allowed choices are viewer, contributor, coordinator/,
      ],
    ];
    for (const [extra, message] of cases) {
      const result = await saferhub(dir, ['users', 'create', '--email', 'robin@rushmoor.example', ...extra], `${PASSWORD}\n`);
      expect(result.code, extra.join(' ')).not.toBe(0);
      expect(result.stderr, extra.join(' ')).toMatch(message);
    }
    const short = await saferhub(dir, ['users', 'create', '--email', 'robin@rushmoor.example', '--agency', '1'], 'short\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('Password must be 12 characters or more');
    const duplicate = await saferhub(dir, ['users', 'create', '--email', 'SAM@council.example', '--agency', 'Rushmoor'], `${PASSWORD}\n`);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('A user with the e-mail SAM@council.example already exists');
    expect((await withDataDir(dir, rowCounts)).users).toBe(1);
  }, 180_000);

  it('creates an API token printed alone on the last line, which works until it is revoked', async () => {
    await ensureSam();
    const created = await saferhub(dir, ['tokens', 'create', '--email', 'sam@council.example']);
    expect(created.code, created.stderr).toBe(0);
    const lines = created.stdout.trimEnd().split('\n');
    const token = lines[lines.length - 1]!;
    expect(token).toMatch(/^shub_[A-Za-z0-9_-]{43}$/);
    expect(lines.slice(0, -1).join('\n')).not.toContain(token);

    const stored = await withDataDir(dir, (s) => queryRows<{ token_hash: string }>(s.database.db, sql`select token_hash from api_tokens`));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token);

    const [list, agencies] = await callApi(dir, token, ['/api/v1/partnerships', '/api/v1/agencies']);
    expect(list!.status).toBe(200);
    const names = (list!.body.data as { name: string }[]).map((p) => p.name);
    expect(names).toContain('Southampton Safe City Partnership');
    expect(names).not.toContain('Safer North Hampshire');
    expect(agencies!.body.data).toContainEqual(
      expect.objectContaining({ name: 'Aldershot Garrison', kind: 'other', responsibleAuthority: false }),
    );
    const safeCity = (list!.body.data as { id: number; name: string }[]).find((p) => p.name === 'Southampton Safe City Partnership')!;
    const snh = await withDataDir(dir, (s) => s.partnerships.resolvePartnership('Safer North Hampshire'));
    const [one, refused] = await callApi(dir, token, [`/api/v1/partnerships/${safeCity.id}`, `/api/v1/partnerships/${snh.id}`]);
    expect((one!.body.data as { members: unknown[] }).members).toContainEqual(
      expect.objectContaining({
        role: 'chair',
        agency: expect.objectContaining({ name: 'Hampshire Constabulary', kind: 'police' }) as unknown,
      }),
    );
    expect(refused).toEqual({ status: 404, body: { error: { code: 'not_found', message: 'Partnership not found' } } });

    const prefix = token.slice(0, 13);
    const revoked = await saferhub(dir, ['tokens', 'revoke', '--prefix', prefix]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout.trim()).toBe('Revoked 1 token.');
    const [after] = await callApi(dir, token, ['/api/v1/partnerships']);
    expect(after!.status).toBe(401);
    expect(after!.body.error?.code).toBe('unauthenticated');

    const again = await saferhub(dir, ['tokens', 'revoke', '--prefix', prefix]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('No active token matches');
    const nobody = await saferhub(dir, ['tokens', 'create', '--email', 'nobody@nowhere.example']);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('No user has the e-mail nobody@nowhere.example');
  }, 180_000);
});
