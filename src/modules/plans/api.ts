// TEMPORARY shim, to delete once src/app.ts imports `plansApi` from './modules/plans/index.js' (the module's
// code now lives in plans/, progress/ and assurance/). Nothing else may import this file.
export { plansApi } from './index.js';
