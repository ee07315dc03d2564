/**
 * Where to go after signing in: a path on this site, never another site. The value is parsed as a URL
 * against a placeholder origin and kept only when it stays on that origin and is a single-slash path.
 * Tabs, newlines and other control characters and backslashes are refused outright, since browsers
 * strip or rewrite them (`/\t/evil.example` and `/\evil.example` both become `//evil.example`).
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return '/';
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  if (!value.startsWith('/') || value.startsWith('//')) return '/';
  let url: URL;
  try {
    url = new URL(value, 'http://x');
  } catch {
    return '/';
  }
  if (url.origin !== 'http://x') return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (!path.startsWith('/') || path.startsWith('//')) return '/';
  return path;
}
