import { beforeEach } from 'vitest';
import { resetDatabase, testRuntime } from './db.js';

// Every test starts with empty tables on the worker's shared database.
beforeEach(async () => {
  const { database } = await testRuntime();
  await resetDatabase(database);
});
