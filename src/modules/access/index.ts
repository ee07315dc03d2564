/**
 * The access module's public surface: who is acting (Actor), the record policy every module checks, the
 * audit log every change is written to, and the access service, routes and views (sign-in, accounts,
 * tokens, the audit page). Other modules import only from this file.
 */
export { actorOf, systemActor, type Actor, type SessionUser } from './actor.js';
export { createAuditService, type AuditEvent, type AuditService } from './audit.js';
export { createAuditChain, type AuditChain } from './audit-chain.js';
export { canDisableAccount, canEditAgency, createPolicy, withinTokenScope, type PartnershipAbility, type Policy } from './policy.js';
export { createAccessService, type AccessService } from './service.js';
export { accessRoutes } from './routes.js';
export { accountRoutes } from './account-routes.js';
export { userRoutes } from './user-routes.js';
