/** The ways a record is reached, as the audit log names them (the Data Protection Act 2018 s62 "channel"). */
export const auditChannels = ['page', 'api', 'cli', 'download', 'report'] as const;
export type AuditChannel = (typeof auditChannels)[number];

/**
 * Where a request came from, carried by its actor so that every audit entry it causes says so: the channel,
 * the client's address (Fastify's request.ip: the socket's, or the client's as told by a proxy named in
 * TRUST_PROXY), and, for a read, the record its address names (consultations are logged against it).
 */
export interface RequestOrigin {
  channel: AuditChannel;
  address: string | null;
  /** True for GET and HEAD: record checks passed in this request are consultations (record-access.ts). */
  reading: boolean;
  /** The record the route's address names (for example `risk` 12 in /partnerships/3/risks/12), if any. */
  record?: { type: string; id: string } | null | undefined;
  /** The address read, with any secret in it masked, no query string. */
  path?: string | undefined;
}

/** Who is acting, as every service sees it: a signed-in person, a token's owner or the command line. */
export interface Actor {
  userId: number | null;
  agencyId: number | null;
  isAdmin: boolean;
  requestId?: string | undefined;
  /** Set when acting through an API token limited to one partnership: nothing else is visible. */
  onlyPartnershipId?: number | null | undefined;
  /** The request's channel and address; absent for work the service does itself (start-up, the demo loader). */
  origin?: RequestOrigin | undefined;
}

/** The signed-in person, as pages and routes see them. */
export interface SessionUser {
  id: number;
  email: string;
  displayName: string;
  agencyId: number;
  agencyName: string;
  isAdmin: boolean;
}

export const actorOf = (user: SessionUser, requestId?: string, origin?: RequestOrigin): Actor => ({
  userId: user.id,
  agencyId: user.agencyId,
  isAdmin: user.isAdmin,
  requestId,
  ...(origin ? { origin } : {}),
});

/** The actor for work done at the command line or by the demo loader: no person, all rights. */
export const systemActor: Actor = { userId: null, agencyId: null, isAdmin: true };
