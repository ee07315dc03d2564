import { defineConfig } from 'vitest/config';

/**
 * Process tests left out of the PostgreSQL server run. The first five always make embedded databases of their
 * own (they clear DATABASE_URL for the processes they start), so on the server they would only repeat the
 * embedded run. The command line's imports on a server database would repeat, as slow processes, the import SQL
 * that the in-process tests (evidence routes, demo and upload tests) already run on the server. Backup and
 * restore, and the graceful shutdown, do run on the server: they take DATABASE_URL there.
 */
const embeddedOnly = [
  'test/cli/foundation-cli.test.ts',
  'test/cli/foundation-server.test.ts',
  'test/cli/production-build.test.ts',
  'test/cli/audit-verify.test.ts',
  'test/cli/uploads-process.test.ts',
  'src/modules/evidence/cli.test.ts',
];

// Two projects: "unit" (services, routes and CLI on a real PostgreSQL: an embedded one started for the run
// by default, the server named by TEST_DATABASE_URL when set; each worker clones a migrated template
// database) and "e2e" (a real server process driven in Chromium).
// Workers are not isolated so each keeps one database open across its test files.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          // On a PostgreSQL server (TEST_DATABASE_URL), the process tests above run on the embedded database only.
          exclude: ['test/e2e/**', 'node_modules/**', ...(process.env.TEST_DATABASE_URL ? embeddedOnly : [])],
          pool: 'forks',
          maxWorkers: 2,
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          setupFiles: ['test/support/setup.ts'],
          globalSetup: ['test/support/global-db.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          pool: 'forks',
          maxWorkers: 1,
          fileParallelism: false,
          isolate: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          globalSetup: ['test/e2e/global-setup.ts'],
        },
      },
    ],
  },
});
