/**
 * One mapping from the access module's records to what people see: the signed-in person, the sign-in
 * page's refusals and the lockout notice, the roles on the account pages, and the audit page's account of
 * each change. Routes and services call these instead of mapping records inline.
 */
import type { SessionUser } from './actor.js';
import type { PartnershipRole } from './schema.js';
import { londonClockTime } from '../../lib/london-time.js';
import { signInLimits } from './sign-in/throttle.js';

/** The signed-in person from a row that has their columns (and maybe more): exactly a SessionUser. */
export const sessionUser = (row: SessionUser): SessionUser => ({
  id: row.id,
  email: row.email,
  displayName: row.displayName,
  agencyId: row.agencyId,
  agencyName: row.agencyName,
  isAdmin: row.isAdmin,
});

// Signing in -------------------------------------------------------------------------------------------

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

export const throttledMessage = (seconds: number) =>
  `There have been too many attempts to sign in. Wait ${plural(seconds, 'second')}, then try again.`;

export const lockedMessage = (seconds: number) =>
  `There have been too many attempts to sign in to this account, so it is locked for now. Try again in ${plural(
    Math.ceil(seconds / 60),
    'minute',
  )}, or ask your SaferHub administrator for a password reset link.`;

const london = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', ...options });
const londonDay = london({ day: 'numeric', month: 'long' });

/** Told to the owner of an account at their next sign-in: "Your account was locked on 1 December at 2:31am …". */
export const lockoutNotice = (at: Date) =>
  `Your account was locked on ${londonDay.format(at)} at ${londonClockTime(at)} after ${signInLimits.lockAfter} attempts to sign in with a wrong password. ` +
  'If that was not you, change your password on your account page.';

// Accounts ---------------------------------------------------------------------------------------------

interface HeldRole {
  partnershipId: number;
  role: PartnershipRole;
}

/** The roles on Your account, each with its partnership's name (`names`: the partnerships the person sees). */
export const accountRoles = (roles: HeldRole[], names: Map<number, string>) =>
  roles.map((r) => ({ ...r, partnershipName: names.get(r.partnershipId) ?? `Partnership ${r.partnershipId}` }));

/** A role on an administrator's page of the account: "Coordinator in Safer Testshire". */
export const roleLine = (r: HeldRole, names: Map<number, string>) =>
  `${r.role.charAt(0).toUpperCase()}${r.role.slice(1)} in ${names.get(r.partnershipId) ?? r.partnershipId}`;

// The audit log ----------------------------------------------------------------------------------------

/** A value as the audit page shows it: text as it is, anything else as JSON, nothing as "(none)". */
function shown(v: unknown): string {
  if (v === null || v === undefined) return '(none)';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

const fields = (record: Record<string, unknown>, skip: string[]) =>
  Object.entries(record)
    .filter(([k]) => !skip.includes(k))
    .map(([k, v]) => `${k}: ${shown(v)}`)
    .join('; ');

/** A short, readable account of what changed, for the audit page. */
export function describeChange(before: unknown, after: unknown, details: unknown): string {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  if (before && after) {
    const changed = Object.keys(a).filter((k) => !['updatedAt', 'version'].includes(k) && JSON.stringify(a[k]) !== JSON.stringify(b[k]));
    return changed.map((k) => `${k}: ${shown(b[k])} → ${shown(a[k])}`).join('; ');
  }
  if (after) return fields(a, ['createdAt', 'updatedAt', 'version']);
  if (before) return `removed (${fields(b, ['createdAt'])})`;
  if (details) return fields(details as Record<string, unknown>, []);
  return '';
}

/** An audit entry as a row of the audit page. */
export const auditRow = <E extends { before: unknown; after: unknown; details: unknown }>(entry: E) => ({
  ...entry,
  change: describeChange(entry.before, entry.after, entry.details),
});

/** The fields of an audit entry the API, the CSV and the page share. */
interface AuditEntryFields {
  id: number;
  occurredAt: Date;
  userId: number | null;
  userName: string | null;
  agencyName: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  partnershipId: number | null;
  channel: string | null;
  clientAddress: string | null;
  requestId: string | null;
  before: unknown;
  after: unknown;
  details: unknown;
}

/** An audit entry as `GET /api/v1/audit` gives it (camelCase, times in ISO 8601). */
export const auditEntryJson = (e: AuditEntryFields) => ({
  id: e.id,
  occurredAt: e.occurredAt.toISOString(),
  actor: e.userId === null ? null : { id: e.userId, name: e.userName },
  agency: e.agencyName,
  action: e.action,
  entity: e.entityType ? { type: e.entityType, id: e.entityId } : null,
  partnershipId: e.partnershipId,
  channel: e.channel,
  clientAddress: e.clientAddress,
  requestId: e.requestId,
  before: e.before ?? null,
  after: e.after ?? null,
  details: e.details ?? null,
});

/** The audit CSV's columns (snake_case, as SaferHub's other CSVs) and each entry's cells. */
export const auditCsvHeader = [
  'id',
  'occurred_at',
  'user_id',
  'user_name',
  'agency',
  'action',
  'entity_type',
  'entity_id',
  'partnership_id',
  'channel',
  'client_address',
  'request_id',
  'change',
];
export const auditCsvCells = (e: AuditEntryFields) => [
  e.id,
  e.occurredAt,
  e.userId,
  e.userName,
  e.agencyName,
  e.action,
  e.entityType,
  e.entityId,
  e.partnershipId,
  e.channel,
  e.clientAddress,
  e.requestId,
  describeChange(e.before, e.after, e.details),
];
