/**
 * The access module's public surface: who is acting (Actor), the rules of who may do what (policy.ts), the
 * record check every module makes (`createPolicy`: `policy.require(actor, partnershipId, ability)`,
 * record-access.ts), the audit log every change is written to, and the access service and pages (signing
 * in, accounts, tokens, the audit log). Other modules, src/app.ts, src/services.ts and the CLI import only
 * from this file.
 *
 * Inside: sign-in/ (signing in and out, sessions, throttling), second-factor/ (authenticator codes, recovery
 * codes, the second step of signing in), sso/ (OpenID Connect single sign-on), accounts/ (accounts, passwords, the Users
 * pages), tokens/ (API tokens and calendar keys) and audit/ (the audit log, its hash chain and its page)
 * each hold their routes, service, repository, inputs and views; presenters.ts holds what pages show.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';
import type { AuditService } from './audit/service.js';
import { accountPages } from './accounts/routes.js';
import { createAccountService } from './accounts/service.js';
import { userPages } from './accounts/user-routes.js';
import { auditPages } from './audit/routes.js';
import type { Policy } from './record-access.js';
import { createSignInAttempts } from './sign-in/attempts.js';
import { signInPages } from './sign-in/routes.js';
import { createSignInService, type SessionLimits } from './sign-in/service.js';
import { tokenPages } from './tokens/routes.js';
import { secondFactorPages } from './second-factor/routes.js';
import { createSecondFactorService } from './second-factor/service.js';
import { ssoPages } from './sso/routes.js';
import { createSsoService } from './sso/service.js';
import type { OidcSettings } from '../../config.js';
import { createTokenService } from './tokens/service.js';

export { actorOf, auditChannels, systemActor, type Actor, type AuditChannel, type RequestOrigin, type SessionUser } from './actor.js';
export {
  canAdminister,
  canDisableAccount,
  canEditAgency,
  DEFAULT_TOKEN_DAYS,
  keepsReferenceData,
  requiresSecondFactor,
  type SecondFactorMode,
  MAX_TOKEN_DAYS,
  roleAllows,
  withinTokenScope,
  type PartnershipAbility,
  type PartnershipRole,
} from './policy.js';
export { partnershipRoles, tokenScopes, type SessionStage, type TokenScope } from './schema.js';
export { createPolicy, type Policy } from './record-access.js';
export { createAuditService, type AuditEvent, type AuditService } from './audit/service.js';
export { createAuditChain, type AuditChain } from './audit/audit-chain.js';
export type { SessionLimits } from './sign-in/service.js';
/** A published read: the roles a user holds in any partnership, each once (evidence's analysts are decided on them). */
export { listRolesHeld } from './repository.js';

/**
 * The access service: signing in and sessions, accounts, and personal tokens, as one service
 * (`services.access`); the sign-in throttle is shared by signing in and changing your own password.
 */
export function createAccessService(db: Db, audit: AuditService, policy: Policy, limits?: SessionLimits, oidc?: OidcSettings) {
  const attempts = createSignInAttempts(db);
  return {
    ...createSignInService(db, audit, attempts, limits),
    ...createAccountService(db, audit, policy, attempts),
    ...createTokenService(db, audit, policy),
    ...createSecondFactorService(db, audit, attempts, limits),
    ...createSsoService(db, audit, oidc, limits),
  };
}

export type AccessService = ReturnType<typeof createAccessService>;

type Done = (error?: Error) => void;

/** Signing in and out, and the audit log page. */
export function accessRoutes(app: FastifyInstance, _options: unknown, done: Done) {
  signInPages(app);
  secondFactorPages(app);
  ssoPages(app);
  auditPages(app);
  done();
}

/** Your account: who you are, your roles, changing your password, your API tokens and calendar addresses. */
export function accountRoutes(app: FastifyInstance, _options: unknown, done: Done) {
  accountPages(app);
  tokenPages(app);
  done();
}

/** Administrators' pages for accounts, and the public page that a password reset link opens. */
export function userRoutes(app: FastifyInstance, _options: unknown, done: Done) {
  userPages(app);
  done();
}
