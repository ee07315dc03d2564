/**
 * Partnerships, their place in the governance structure (structure.ts) and their members. Every check of a
 * partnership goes through the access module's `policy.require` with the ability policy.ts names; every
 * change is audited.
 */
import type { z } from 'zod';
import type { Db } from '../../../db/database.js';
import { EditConflictError, notFound, ValidationError } from '../../../lib/errors.js';
import { parseInput } from '../../../lib/validation.js';
import type { Actor, AuditService, PartnershipAbility, Policy } from '../../access/index.js';
import { findAgency } from '../agencies/repository.js';
import { pickOne, uniqueName } from '../names.js';
import { abilityTo, seesPartnership } from '../policy.js';
import type { Partnership } from '../schema.js';
import { membershipInput, partnershipInput, type MembershipForm, type PartnershipForm } from './inputs.js';
import * as repo from './repository.js';
import { ancestorsOf, parentProblem, subGroupsOf } from './structure.js';

const partnershipValues = (i: z.output<typeof partnershipInput>): repo.PartnershipValues => ({
  name: i.name,
  shortName: i.shortName ?? null,
  kind: i.kind,
  areaName: i.areaName ?? null,
  areaCode: i.areaCode ?? null,
  parentId: i.parentId ?? null,
  meetingCadence: i.meetingCadence ?? null,
  purpose: i.purpose ?? null,
});

export function createPartnershipsService(db: Db, audit: AuditService, policy: Policy) {
  /** The partnership and the actor's role in it: 404 (audited) when it is missing or out of reach, 403 when the role is too low. */
  async function visiblePartnership(actor: Actor, id: number, ability: PartnershipAbility = abilityTo.read) {
    const partnership = await repo.findPartnership(db, id);
    if (!partnership) throw await policy.refuseNotFound(actor, 'partnership', id);
    const role = await policy.require(actor, id, ability);
    return { partnership, role };
  }

  async function checkParent(id: number | null, parentId: number | null | undefined) {
    if (parentId == null) return;
    const problem = parentProblem(id, parentId, await repo.listPartnershipTree(db));
    if (problem) throw new ValidationError([{ field: 'parentId', message: problem }]);
  }

  return {
    async resolvePartnership(ref: string): Promise<Partnership> {
      if (/^\d+$/.test(ref)) {
        const partnership = await repo.findPartnership(db, Number(ref));
        if (partnership) return partnership;
      }
      return pickOne('partnership', ref, await repo.findPartnershipsByName(db, ref));
    },

    async listPartnerships(actor: Actor) {
      return repo.listPartnerships(db, await policy.visiblePartnershipIds(actor));
    },

    /** All partnerships, for choosing a parent; administrators and coordinators only reach the forms. */
    listAllPartnerships: () => repo.listPartnerships(db, 'all'),

    visiblePartnership,

    /** A partnership with its members, its place in the governance structure and what the actor may do. */
    async getPartnership(actor: Actor, id: number) {
      const { partnership, role } = await visiblePartnership(actor, id);
      const [members, all, visible] = await Promise.all([
        repo.listMembers(db, id),
        repo.listPartnershipTree(db),
        policy.visiblePartnershipIds(actor),
      ]);
      const sees = (pid: number) => seesPartnership(visible, pid);
      return { partnership, role, members, ancestors: ancestorsOf(partnership.parentId, all, sees), subGroups: subGroupsOf(id, all, sees) };
    },

    async createPartnership(actor: Actor, form: PartnershipForm): Promise<Partnership> {
      await policy.requireAdmin(actor, 'partnership');
      const values = partnershipValues(parseInput(partnershipInput, form));
      await checkParent(null, values.parentId);
      return uniqueName('A partnership', values.name, () =>
        db.transaction(async (tx) => {
          const partnership = await repo.insertPartnership(tx, values);
          await audit.record(
            actor,
            {
              action: 'partnership.create',
              entityType: 'partnership',
              entityId: partnership.id,
              partnershipId: partnership.id,
              after: partnership,
            },
            tx,
          );
          return partnership;
        }),
      );
    },

    async updatePartnership(actor: Actor, id: number, version: number, form: PartnershipForm): Promise<Partnership> {
      await visiblePartnership(actor, id, abilityTo.editPartnership);
      const values = partnershipValues(parseInput(partnershipInput, form));
      await checkParent(id, values.parentId);
      return uniqueName('A partnership', values.name, () =>
        db.transaction(async (tx) => {
          const before = await repo.findPartnership(tx, id);
          const after = await repo.updatePartnership(tx, id, version, values);
          if (!after) throw new EditConflictError('partnership');
          await audit.record(
            actor,
            { action: 'partnership.update', entityType: 'partnership', entityId: id, partnershipId: id, before, after },
            tx,
          );
          return after;
        }),
      );
    },

    async addMember(actor: Actor, partnershipId: number, form: MembershipForm) {
      await visiblePartnership(actor, partnershipId, abilityTo.manageMembers);
      const i = parseInput(membershipInput, form);
      if (!(await findAgency(db, i.agencyId)))
        throw new ValidationError([{ field: 'agencyId', message: 'Select an agency from the list' }]);
      return db.transaction(async (tx) => {
        const row = await repo.insertMembership(tx, { partnershipId, agencyId: i.agencyId, role: i.role, officer: i.officer ?? null });
        if (!row) throw new ValidationError([{ field: 'agencyId', message: 'That agency already holds this seat' }]);
        await audit.record(
          actor,
          { action: 'membership.create', entityType: 'membership', entityId: row.id, partnershipId, after: row },
          tx,
        );
        return row;
      });
    },

    async removeMember(actor: Actor, partnershipId: number, membershipId: number) {
      await visiblePartnership(actor, partnershipId, abilityTo.manageMembers);
      await db.transaction(async (tx) => {
        const before = await repo.findMembership(tx, membershipId);
        if (!before || before.partnershipId !== partnershipId) throw notFound('Membership');
        await repo.deleteMembership(tx, membershipId);
        await audit.record(
          actor,
          { action: 'membership.delete', entityType: 'membership', entityId: membershipId, partnershipId, before },
          tx,
        );
      });
    },
  };
}

export type PartnershipsService = ReturnType<typeof createPartnershipsService>;
