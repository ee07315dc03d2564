import type { APIRequestContext } from 'playwright-core';

/** A form token from a page (any page's token works for the session's forms). */
export async function formToken(request: APIRequestContext, from = '/') {
  const html = await (await request.get(from)).text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`No form token on ${from}: is the session signed in?`);
  return token;
}

/**
 * Posts a form over HTTP as the signed-in browser whose request context this is (its cookies, a form token),
 * for setting up records quickly. Returns where the answer sends the browser next; when that does not match
 * `expected` (a refused form redirects back to itself), throws with the page's error summary.
 */
export async function postForm(request: APIRequestContext, action: string, fields: Record<string, string | string[]>, expected: RegExp) {
  const body = new URLSearchParams({ _csrf: await formToken(request) });
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  const response = await request.post(action, {
    data: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    maxRedirects: 0,
  });
  const location = response.headers()['location'] ?? '';
  const match = expected.exec(location);
  if (response.status() !== 303 || !match) {
    const next = location ? await (await request.get(location)).text() : await response.text();
    const summary = /govuk-error-summary__list">([\s\S]*?)<\/ul>/
      .exec(next)?.[1]
      ?.replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ');
    throw new Error(`POST ${action} answered ${response.status()} ${location}, not ${String(expected)}: ${summary ?? 'no error summary'}`);
  }
  return match;
}

/** The first capture of `pattern` in a page's HTML, or a failure naming the page. */
export async function firstIn(request: APIRequestContext, path: string, pattern: RegExp) {
  const html = await (await request.get(path)).text();
  const found = pattern.exec(html)?.[1];
  if (!found) throw new Error(`${path} has nothing like ${String(pattern)}`);
  return found;
}

/** The `data` of a JSON API answer (the session's cookie signs it in, as for the pages). */
export async function apiData<T>(request: APIRequestContext, path: string): Promise<T> {
  const response = await request.get(`/api/v1${path}`);
  if (!response.ok()) throw new Error(`GET /api/v1${path} answered ${response.status()}`);
  return ((await response.json()) as { data: T }).data;
}
