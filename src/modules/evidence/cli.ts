/** TEMPORARY: src/cli/registry.ts still imports this path. Delete once it imports these from index.ts. */
export { exportCommand, importCommand } from './index.js';
