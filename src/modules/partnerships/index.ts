/**
 * The partnerships module's public surface: agencies, partnerships, memberships and the governance
 * structure. Other modules import only from this file: the service, routes, API and demo loader, and the
 * few reads other modules build on (a partnership, an agency, the lists of each).
 */
export { createPartnershipService, type PartnershipService } from './service.js';
export { partnershipRoutes } from './routes.js';
export { partnershipApi } from './api.js';
export { loadPartnershipsDemo } from './demo.js';
export { findAgency, findPartnership, listAgencies, listPartnerships } from './repository.js';
export type { Agency, AgencyKind, MembershipRole, Partnership, PartnershipKind } from './schema.js';
