import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIsCurrent } from '../../scripts/build.mjs';
import { run, signInOverHttp, startServer, tempDir } from './foundation-process.js';

// What `npm start` runs in production: the build (`npm run build`) and then the compiled server, with no tsx.
// It says nothing about which embedded database is used: only that the compiled code finds its views,
// migrations, assets and demo data from dist/.

/** Files under `dir` with the given ending, relative to it. */
const filesEnding = (dir: string, ending: string) =>
  (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(ending)).sort();

describe('the production build', () => {
  /** The build this test made, when dist/ was not current already. */
  let build: Awaited<ReturnType<typeof run>> | undefined;
  let dataDir: string;
  let server: ReturnType<typeof startServer> | undefined;
  let baseUrl: string;

  beforeAll(async () => {
    // The test command (scripts/test.mjs) has just made the build as a step of its own: a current dist/ is used
    // as it is, rather than rebuilt under the servers and commands other tests are running from it meanwhile.
    build = buildIsCurrent() ? undefined : await run(process.execPath, ['scripts/build.mjs']);
    if (build && build.code !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
    dataDir = tempDir('saferhub-dist-');
    server = startServer({ SAFERHUB_DATA_DIR: dataDir }, ['dist/server.js']);
    baseUrl = await server.ready;
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('compiles src/ into dist/ with the files the code reads at run time beside it, and no tests', () => {
    if (build) expect(build.stdout).toMatch(/Built SaferHub into dist\/ in [\d.]+ s\./);
    expect(fs.existsSync('dist/server.js')).toBe(true);
    expect(fs.existsSync('dist/cli/index.js')).toBe(true);
    for (const ending of ['.sql', '.njk', '.css', '.svg', '.mjs']) expect(filesEnding('dist', ending)).toEqual(filesEnding('src', ending));
    expect(filesEnding('dist', '.ts')).toEqual([]);
    expect(filesEnding('dist', '.test.js')).toEqual([]);
    const stamp = JSON.parse(fs.readFileSync('dist/.build-stamp.json', 'utf8')) as { fingerprint?: unknown };
    expect(typeof stamp.fingerprint).toBe('string');
  });

  it('runs as plain node: migrates a fresh data folder, loads the demo data and serves the start page and its assets', async () => {
    expect(server!.output()).toMatch(/Demo data loaded \(\d+ records created\)/);
    const start = await fetch(`${baseUrl}/`);
    expect(start.status).toBe(200);
    const html = await start.text();
    expect(html).toContain('<h1 class="govuk-heading-xl">SaferHub</h1>');
    expect(html).toContain('href="/sign-in"');
    for (const asset of ['/assets/saferhub.css', '/assets/app/favicon.svg', '/assets/govuk-frontend.min.js'])
      expect((await fetch(`${baseUrl}${asset}`)).status, asset).toBe(200);
  });

  it('serves signed-in pages drawn from the demo data', async () => {
    const cookie = await signInOverHttp(baseUrl, 'officer@rushmoor.example', 'saferhub-demo-2026');
    const list = await fetch(`${baseUrl}/partnerships`, { headers: { cookie } });
    expect(list.status).toBe(200);
    const listHtml = await list.text();
    const id = /href="\/partnerships\/(\d+)">Safer North Hampshire</.exec(listHtml)?.[1];
    expect(id).toBeDefined();
    const page = await (await fetch(`${baseUrl}/partnerships/${id}`, { headers: { cookie } })).text();
    expect(page).toContain('Aldershot Garrison');
    expect(page).toContain('Hart District Council');
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await server!.stop()).toBe(0);
  }, 60_000);

  it('gives npx saferhub the compiled command line where tsx is not installed, keeping standard output its own', async () => {
    // An install without devDependencies: a loader hook makes `tsx` unresolvable for this process.
    const hooks = tempDir('saferhub-no-tsx-');
    fs.writeFileSync(
      path.join(hooks, 'hooks.mjs'),
      "export async function resolve(specifier, context, next) {\n  return next(/^tsx(\\/|$)/.test(specifier) ? 'saferhub-test-no-such-package' : specifier, context);\n}\n",
    );
    fs.writeFileSync(
      path.join(hooks, 'no-tsx.mjs'),
      "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n",
    );
    try {
      const help = await run(process.execPath, ['--import', path.join(hooks, 'no-tsx.mjs'), 'bin/saferhub.mjs', '--help']);
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toMatch(/^Usage: saferhub \[options\] \[command\]/);
      for (const command of ['migrate', 'demo', 'users', 'tokens', 'import', 'export']) expect(help.stdout).toContain(command);
      // Only if another edit to src/ made the build out of date meanwhile does it build first, and says so on stderr.
      expect(help.stderr).toMatch(/^(saferhub: building SaferHub into dist\/ first[\s\S]*)?$/);
    } finally {
      fs.rmSync(hooks, { recursive: true, force: true });
    }
  }, 120_000);
});
