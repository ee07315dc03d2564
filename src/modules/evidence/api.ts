/** TEMPORARY: src/app.ts still imports this path. Delete once it imports `evidenceApi` from index.ts. */
export { evidenceApi } from './index.js';
