/**
 * The partnerships module's public surface: agencies, partnerships, memberships and the governance
 * structure. Other modules, src/app.ts, src/services.ts and the demo import only from this file: the
 * service, routes, API and demo loader, and the few reads other modules build on (a partnership, an agency,
 * the lists of each).
 *
 * Inside: agencies/ and partnerships/ (with memberships and the structure) each hold their routes, API,
 * service, repository, inputs and views; policy.ts holds who may do what, presenters.ts what pages and the
 * API show, names.ts how names stay unique and how the command line finds a record by its name.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';
import type { AuditService, Policy } from '../access/index.js';
import { agencyApi } from './agencies/api.js';
import { agencyPages } from './agencies/routes.js';
import { createAgencyService } from './agencies/service.js';
import { partnershipsApi } from './partnerships/api.js';
import { partnershipPages } from './partnerships/routes.js';
import { createPartnershipsService } from './partnerships/service.js';

/** The partnerships module's service (`services.partnerships`): agencies, and partnerships with their members. */
export function createPartnershipService(db: Db, audit: AuditService, policy: Policy) {
  return { ...createAgencyService(db, audit, policy), ...createPartnershipsService(db, audit, policy) };
}

export type PartnershipService = ReturnType<typeof createPartnershipService>;

type Done = (error?: Error) => void;

/** Pages for agencies, partnerships and memberships. */
export function partnershipRoutes(app: FastifyInstance, _options: unknown, done: Done) {
  agencyPages(app);
  partnershipPages(app);
  done();
}

/** JSON API for agencies and partnerships, registered under /api/v1. */
export function partnershipApi(app: FastifyInstance, _options: unknown, done: Done) {
  agencyApi(app);
  partnershipsApi(app);
  done();
}

export { loadPartnershipsDemo } from './demo.js';
export { findAgency, listAgencies } from './agencies/repository.js';
export { findPartnership, listMembers, listPartnerships } from './partnerships/repository.js';
export type { TreeNode } from './partnerships/structure.js';
export type { Agency, AgencyKind, MembershipRole, Partnership, PartnershipKind } from './schema.js';
