import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Services } from '../../src/services.js';

export interface CatalogueRoute {
  method: string;
  url: string;
  permission: string;
}

/**
 * Services that answer nothing: enough for the app to register its routes, never to serve a request. Any
 * service called while routes are only being listed fails with its name.
 */
function servicesThatAnswerNothing(): Services {
  const config = loadConfig({ NODE_ENV: 'test' });
  // Names that code probing a value asks for (a promise's then, a Fastify decorator's getter…): not services.
  const probes = new Set(['then', 'getter', 'setter', 'toJSON', 'constructor']);
  const unused = (name: string): unknown =>
    new Proxy(() => undefined, {
      get: (_target, key) => (typeof key === 'symbol' || probes.has(key) ? undefined : unused(`${name}.${key}`)),
      apply: () => {
        throw new Error(`${name}() was called while the routes were only being listed`);
      },
    });
  const given: Record<string | symbol, unknown> = { config };
  return new Proxy(given, {
    get: (target, key) =>
      key in target ? target[key] : typeof key === 'symbol' || probes.has(key) ? undefined : unused(`services.${key}`),
  }) as unknown as Services;
}

/**
 * The app's own route table (each route with its `config.permission`), built in this process exactly as the
 * server builds it, without a database: the same catalogue test/routes-permissions.test.ts checks.
 */
export async function routeCatalogue(): Promise<CatalogueRoute[]> {
  const app = await buildApp({ services: servicesThatAnswerNothing(), cookieSecret: 'route-catalogue-only-0123456789abcdefghij' });
  try {
    await app.ready();
    return [...app.routeCatalogue];
  } finally {
    await app.close();
  }
}

/** Routes that answer GET but are not pages, and why. Anything else that answers GET outside these is a page. */
export const notPages: Record<string, string> = {
  '/healthz': 'the health check answers JSON',
  '/sign-in/sso': 'redirects to the organisation’s sign-in (single sign-on)',
  '/sign-in/sso/callback':
    'the provider’s return, served only to a browser that started single sign-on; its pages are checked with axe in test/security/sign-in-browser.test.ts',
  '/sign-in/second-factor':
    'served only to a sign-in waiting for its second factor, which the demo accounts never are; checked with axe in test/security/sign-in-browser.test.ts',
  '/sign-in/second-factor/set-up':
    'served only to a sign-in waiting to set up its second factor; checked with axe in test/security/sign-in-browser.test.ts',
  '/partnerships/:id/reports/:kind/download': 'a report to download: HTML, PDF or Word',
  '/public/partnerships/:id/reports/:kind': 'a published report to download: HTML, PDF or Word',
  '/assessment-files/:id': 'a download: a strategic assessment’s uploaded document or report',
  '/assessments/:id/document/download': 'the assessment document to download: HTML, PDF or Word',
};

/** Whether a catalogued route is a page a browser shows: GET, not the API, not an asset, not a download. */
export function isPageRoute(route: CatalogueRoute) {
  return (
    route.method.split(',').includes('GET') &&
    !route.url.startsWith('/api/') &&
    !route.url.startsWith('/assets/') &&
    !/\.(csv|ics|json)$/.test(route.url) &&
    !(route.url in notPages)
  );
}
