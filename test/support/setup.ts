import { beforeEach } from 'vitest';
import { openedRuntime, resetDatabase } from './db.js';

// Every test starts with empty tables on the worker's database. Tests that never open it (pure unit tests
// of statistics, periods and policy functions) never start one.
beforeEach(async () => {
  const runtime = openedRuntime();
  if (runtime) await resetDatabase((await runtime).database);
});
