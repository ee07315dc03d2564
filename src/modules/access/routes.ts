import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParam } from '../../lib/validation.js';
import { clearSessionCookie, setSessionCookie } from '../../web/auth.js';
import { safeReturnTo } from '../../web/return-to.js';
import { presentErrors } from '../../web/forms.js';
import '../../web/types.js';
import { signInLimits } from './throttle.js';

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

const throttledMessage = (seconds: number) =>
  `There have been too many attempts to sign in. Wait ${plural(seconds, 'second')}, then try again.`;

const lockedMessage = (seconds: number) =>
  `There have been too many attempts to sign in to this account, so it is locked for now. Try again in ${plural(
    Math.ceil(seconds / 60),
    'minute',
  )}, or ask your SaferHub administrator for a password reset link.`;

const london = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', ...options });
const londonDay = london({ day: 'numeric', month: 'long' });
const londonTime = london({ hour: 'numeric', minute: '2-digit', hour12: true });

const lockoutNotice = (at: Date) =>
  `Your account was locked on ${londonDay.format(at)} at ${londonTime.format(at).replace(' ', '')} after ${signInLimits.lockAfter} attempts to sign in with a wrong password. ` +
  'If that was not you, change your password on your account page.';

const auditQuery = z.object({
  user: idParam.optional().catch(undefined),
  agency: idParam.optional().catch(undefined),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).default(1).catch(1),
});

export async function accessRoutes(app: FastifyInstance) {
  app.get('/sign-in', { config: { permission: 'public' } }, async (request, reply) => {
    if (request.user) return reply.redirect('/', 303);
    const returnTo = safeReturnTo((request.query as Record<string, unknown>).returnTo);
    return reply.view('access/views/sign-in.njk', { title: 'Sign in to SaferHub', returnTo, columnWidth: 'two-thirds' });
  });

  app.post('/sign-in', { config: { permission: 'public' } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const email = typeof body.email === 'string' ? body.email.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const returnTo = safeReturnTo(body.returnTo);
    const errors = [];
    if (!email) errors.push({ field: 'email', message: 'Enter your e-mail address' });
    if (!password) errors.push({ field: 'password', message: 'Enter your password' });
    const result = errors.length
      ? null
      : await app.services.access.signIn(email, password, {
          requestId: request.id,
          clientAddress: request.ip,
          previousSessionToken: request.sessionToken,
        });
    if (!result?.ok) {
      let status = 400;
      if (!result) {
        // The fields are blank: say which.
      } else if (result.reason === 'invalid') {
        errors.push({ field: 'email', message: 'The e-mail address or password is not right' });
      } else {
        // The same answers whether or not the account exists; the password was not checked.
        status = 429;
        const seconds =
          result.reason === 'throttled' ? result.waitSeconds : Math.max(1, Math.ceil((result.lockedUntil.getTime() - Date.now()) / 1000));
        reply.header('retry-after', String(seconds));
        errors.push({ field: 'email', message: result.reason === 'throttled' ? throttledMessage(seconds) : lockedMessage(seconds) });
      }
      return reply.status(status).view('access/views/sign-in.njk', {
        title: 'Sign in to SaferHub',
        returnTo,
        columnWidth: 'two-thirds',
        values: { email },
        ...presentErrors(errors),
      });
    }
    setSessionCookie(reply, result.token);
    if (result.lockedAt) await app.services.access.setFlash(result.token, { notice: lockoutNotice(result.lockedAt) });
    return reply.redirect(returnTo, 303);
  });

  app.post('/sign-out', { config: { permission: 'signed-in' } }, async (request, reply) => {
    if (request.sessionToken) await app.services.access.signOut(request.sessionToken, request.actor);
    clearSessionCookie(reply);
    return reply.view('access/views/signed-out.njk', { title: 'You have signed out', user: null, navigation: [] });
  });

  app.get('/audit', { config: { permission: 'admin' } }, async (request, reply) => {
    const q = auditQuery.parse(request.query);
    const limit = 50;
    const to = q.to ? new Date(`${q.to}T23:59:59.999Z`) : undefined;
    const { rows, hasMore } = await app.services.audit.list({
      userId: q.user,
      agencyId: q.agency,
      from: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined,
      to,
      limit,
      offset: (q.page - 1) * limit,
    });
    const [users, agencies] = await Promise.all([app.services.access.listUsers(), app.services.partnerships.listAgencies()]);
    const params = new URLSearchParams();
    if (q.user) params.set('user', String(q.user));
    if (q.agency) params.set('agency', String(q.agency));
    if (q.from) params.set('from', q.from);
    if (q.to) params.set('to', q.to);
    const pageLink = (page: number) => `/audit?${new URLSearchParams([...params, ['page', String(page)]]).toString()}`;
    return reply.view('access/views/audit.njk', {
      title: 'Audit log',
      rows: rows.map((r) => ({ ...r, change: describeChange(r.before, r.after, r.details) })),
      users,
      agencies,
      filter: q,
      previous: q.page > 1 ? pageLink(q.page - 1) : null,
      next: hasMore ? pageLink(q.page + 1) : null,
    });
  });
}

/** A short, readable account of what changed, for the audit page. */
function describeChange(before: unknown, after: unknown, details: unknown): string {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  if (before && after) {
    const changed = Object.keys(a).filter((k) => !['updatedAt', 'version'].includes(k) && JSON.stringify(a[k]) !== JSON.stringify(b[k]));
    return changed.map((k) => `${k}: ${fmt(b[k])} → ${fmt(a[k])}`).join('; ');
  }
  if (after)
    return Object.entries(a)
      .filter(([k]) => !['createdAt', 'updatedAt', 'version'].includes(k))
      .map(([k, v]) => `${k}: ${fmt(v)}`)
      .join('; ');
  if (before)
    return `removed (${Object.entries(b)
      .filter(([k]) => k !== 'createdAt')
      .map(([k, v]) => `${k}: ${fmt(v)}`)
      .join('; ')})`;
  if (details)
    return Object.entries(details as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${fmt(v)}`)
      .join('; ');
  return '';
}

const fmt = (v: unknown) => (v === null || v === undefined ? '(none)' : typeof v === 'object' ? JSON.stringify(v) : String(v));
