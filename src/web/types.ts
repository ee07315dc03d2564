import type { Actor, AuditChannel, SessionStage, SessionUser } from '../modules/access/index.js';
import type { Services } from '../services.js';

/**
 * What a route needs before its handler runs. Every route declares one (deny by default):
 * - public: anyone, signed in or not;
 * - signed-in: any signed-in user (record-level rules are then checked by the services);
 * - admin: system administrators only;
 * - sign-in-step: a sign-in past its password and waiting for its second factor (or its set-up), and nobody
 *   else: the only pages such a session reaches;
 * - calendar-key: whoever holds the calendar token in the address (`:key`), acting as its owner; for feeds
 *   that calendar programs subscribe to, which cannot sign in.
 */
export type Permission = 'public' | 'signed-in' | 'admin' | 'calendar-key' | 'sign-in-step';

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: Permission;
    /** The audit log's channel for this route when the address does not tell it (a report: 'report'). */
    auditChannel?: AuditChannel;
    /** The route logs its own disclosure (with more detail than the address), so origin.ts does not. */
    disclosureLogged?: boolean;
  }
  interface FastifyInstance {
    services: Services;
    /** Every route with the permission it declared, for the deny-by-default test. */
    routeCatalogue: { method: string; url: string; permission: string }[];
  }
  interface FastifyReply {
    /** Template context shared by every page (set by the render plugin). */
    locals: Record<string, unknown>;
  }
  interface FastifyRequest {
    user: SessionUser | null;
    /**
     * A session past the password and waiting for its second factor (or its set-up): nobody is signed in
     * (`user` is null), and only the second step's pages serve it.
     */
    pendingSignIn: { userId: number; stage: Exclude<SessionStage, 'signed-in'> } | null;
    /** The raw session cookie value, when signed in through the browser (or waiting at the second step). */
    sessionToken: string | null;
    /** True when the request authenticated with a bearer token (no cookies, no CSRF). */
    viaToken: boolean;
    /** True when the session holds a message or form errors for the next page. */
    hasFlash: boolean;
    actor: Actor;
  }
}
