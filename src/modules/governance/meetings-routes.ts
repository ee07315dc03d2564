// TEMPORARY: src/app.ts still imports this old path. Delete this file once it imports from './index.js' (the module's
// public surface); nothing else may import it.
export { meetingRoutes } from './index.js';
