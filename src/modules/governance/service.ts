// TEMPORARY: src/services.ts still imports this old path. Delete this file once it imports from './index.js' (the module's
// public surface); nothing else may import it.
export { createGovernanceService, type GovernanceService } from './index.js';
