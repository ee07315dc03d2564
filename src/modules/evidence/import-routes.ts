/** TEMPORARY: src/app.ts still imports this path. Delete once it imports `evidenceImportRoutes` from index.ts. */
export { evidenceImportRoutes } from './index.js';
