import { buildIsCurrent } from '../../scripts/build.mjs';

/**
 * The node arguments that run SaferHub's server: the compiled `dist/server.js`, as `npm start` runs it, when
 * dist/ is current with the sources (the test command builds it first); otherwise the sources through tsx, as
 * `npm run dev` does.
 */
export const serverEntry = (): string[] => (buildIsCurrent() ? ['dist/server.js'] : ['--import', 'tsx', 'src/server.ts']);
