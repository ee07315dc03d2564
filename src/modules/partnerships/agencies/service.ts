/**
 * Agencies: the police, councils, fire and rescue, probation, health and the rest, shared by every
 * partnership. Who adds and changes them is decided by policy.ts; every change is audited.
 */
import type { z } from 'zod';
import type { Db } from '../../../db/database.js';
import { EditConflictError, notFound } from '../../../lib/errors.js';
import { parseInput } from '../../../lib/validation.js';
import type { Actor, AuditService, Policy } from '../../access/index.js';
import { pickOne, uniqueName } from '../names.js';
import { canAddAgencies, canChangeAgency, seesPartnership } from '../policy.js';
import type { Agency } from '../schema.js';
import { agencyInput, type AgencyForm } from './inputs.js';
import * as repo from './repository.js';

const agencyValues = (i: z.output<typeof agencyInput>): repo.AgencyValues => ({
  name: i.name,
  shortName: i.shortName ?? null,
  kind: i.kind,
  responsibleAuthority: i.responsibleAuthority,
});

export function createAgencyService(db: Db, audit: AuditService, policy: Policy) {
  const mayAddAgencies = async (actor: Actor) => canAddAgencies(actor, await policy.coordinatesAnyPartnership(actor));

  /** canChangeAgency, given the agency's seats. */
  async function mayChangeAgency(actor: Actor, seats: { partnershipId: number }[]): Promise<boolean> {
    return canChangeAgency(
      actor,
      seats.map((s) => s.partnershipId),
      await policy.coordinatedPartnershipIds(actor),
    );
  }

  /** Refuses (403, audited) those who may not add agencies. */
  async function requireAgencyAdder(actor: Actor) {
    if (!(await mayAddAgencies(actor))) await policy.requireAdmin(actor, 'agency');
  }

  /** An agency with its seats in the partnerships the actor sees, and whether they may change it. */
  async function getAgency(actor: Actor, id: number) {
    const agency = await repo.findAgency(db, id);
    if (!agency) throw notFound('Agency');
    const [visible, allSeats] = await Promise.all([policy.visiblePartnershipIds(actor), repo.listAgencyPartnerships(db, id)]);
    const seats = allSeats.filter((s) => seesPartnership(visible, s.partnershipId));
    return { agency, seats, canEdit: await mayChangeAgency(actor, allSeats) };
  }

  return {
    listAgencies: () => repo.listAgencies(db),
    getAgency,
    canAddAgencies: (actor: Actor) => mayAddAgencies(actor),

    /** The form to add an agency, for those who may add one. */
    newAgencyFor: (actor: Actor) => requireAgencyAdder(actor),

    /** The form to change an agency, for those who may change it (others: 403, audited). */
    async agencyToEdit(actor: Actor, id: number): Promise<Agency> {
      const { agency, canEdit } = await getAgency(actor, id);
      if (!canEdit) await policy.requireAdmin(actor, 'agency');
      return agency;
    },

    async createAgency(actor: Actor, form: AgencyForm): Promise<Agency> {
      await requireAgencyAdder(actor);
      const values = agencyValues(parseInput(agencyInput, form));
      return uniqueName('An agency', values.name, () =>
        db.transaction(async (tx) => {
          const agency = await repo.insertAgency(tx, values);
          await audit.record(actor, { action: 'agency.create', entityType: 'agency', entityId: agency.id, after: agency }, tx);
          return agency;
        }),
      );
    },

    async updateAgency(actor: Actor, id: number, version: number, form: AgencyForm): Promise<Agency> {
      if (!(await repo.findAgency(db, id))) throw notFound('Agency');
      if (!(await mayChangeAgency(actor, await repo.listAgencyPartnerships(db, id)))) throw await policy.refuseForbidden(actor, 'agency');
      const values = agencyValues(parseInput(agencyInput, form));
      return uniqueName('An agency', values.name, () =>
        db.transaction(async (tx) => {
          const before = await repo.findAgency(tx, id);
          if (!before) throw notFound('Agency');
          const after = await repo.updateAgency(tx, id, version, values);
          if (!after) throw new EditConflictError('agency');
          await audit.record(actor, { action: 'agency.update', entityType: 'agency', entityId: id, before, after }, tx);
          return after;
        }),
      );
    },

    /** Finds one agency by id or by a case-insensitive part of its name that matches only one. */
    async resolveAgency(ref: string): Promise<Agency> {
      if (/^\d+$/.test(ref)) {
        const agency = await repo.findAgency(db, Number(ref));
        if (agency) return agency;
      }
      return pickOne('agency', ref, await repo.findAgenciesByName(db, ref));
    },
  };
}

export type AgencyService = ReturnType<typeof createAgencyService>;
