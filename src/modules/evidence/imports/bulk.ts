/**
 * TEMPORARY: bench/import/profile.ts still imports `withBulkTransaction` from this path. The helper is now
 * repository-bulk.ts (the import repository's plumbing); delete this file once that import says so.
 */
export { withBulkTransaction } from './repository-bulk.js';
