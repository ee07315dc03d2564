import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { AppError, EditConflictError, notFound, ValidationError } from '../../lib/errors.js';
import { blankToUndefined, parseInput } from '../../lib/validation.js';
import { canEditAgency, type Actor, type AuditService, type Policy } from '../access/index.js';
import * as repo from './repository.js';
import { agencyKinds, meetingCadences, membershipRoles, partnershipKinds, type Agency, type Partnership } from './schema.js';

const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max).optional());

export const agencyInput = z.object({
  name: z
    .string({ error: 'Enter the agency’s name' })
    .trim()
    .min(1, 'Enter the agency’s name')
    .max(200, 'Name must be 200 characters or fewer'),
  shortName: optionalText(40),
  kind: z.enum(agencyKinds, { error: 'Select the kind of agency' }),
  responsibleAuthority: z.preprocess((v) => v === true || v === 'yes' || v === 'true', z.boolean()),
});
export type AgencyInput = z.input<typeof agencyInput>;

export const partnershipInput = z.object({
  name: z
    .string({ error: 'Enter the partnership’s name' })
    .trim()
    .min(1, 'Enter the partnership’s name')
    .max(200, 'Name must be 200 characters or fewer'),
  shortName: optionalText(40),
  kind: z.enum(partnershipKinds, { error: 'Select the kind of partnership' }),
  areaName: optionalText(200),
  areaCode: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^[EWSN]\d{8}$/, 'Enter an ONS area code like E22000000')
      .optional(),
  ),
  parentId: z.preprocess(blankToUndefined, z.coerce.number({ error: 'Select a parent partnership' }).int().positive().optional()),
  meetingCadence: z.preprocess(blankToUndefined, z.enum(meetingCadences, { error: 'Select how often it meets' }).optional()),
  purpose: optionalText(2000),
});
export type PartnershipInput = z.input<typeof partnershipInput>;

export const membershipInput = z.object({
  agencyId: z.preprocess(blankToUndefined, z.coerce.number({ error: 'Select an agency' }).int().positive()),
  role: z.enum(membershipRoles, { error: 'Select the agency’s role' }),
  officer: optionalText(200),
});
export type MembershipInput = z.input<typeof membershipInput>;

export interface TreeNode {
  id: number;
  name: string;
  kind: string;
  visible: boolean;
  children: TreeNode[];
}

const agencyValues = (i: z.output<typeof agencyInput>): repo.AgencyValues => ({
  name: i.name,
  shortName: i.shortName ?? null,
  kind: i.kind,
  responsibleAuthority: i.responsibleAuthority,
});

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

const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; cause?: { code?: string } };
  return e.code === '23505' || e.cause?.code === '23505';
};

export function createPartnershipService(db: Db, audit: AuditService, policy: Policy) {
  async function requireAgencyAdder(actor: Actor) {
    // Agencies are shared reference data: administrators and coordinators of any partnership add them
    // (to seat them); changing one is for administrators and the coordinators where it sits (canEditAgency).
    if (!(await canAddAgencies(actor))) await policy.requireAdmin(actor, 'agency');
  }

  async function uniqueName<T>(label: string, name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw new ValidationError([{ field: 'name', message: `${label} called ${name} already exists` }]);
      throw error;
    }
  }

  async function visiblePartnership(actor: Actor, id: number, ability: 'view' | 'contribute' | 'coordinate' = 'view') {
    const partnership = await repo.findPartnership(db, id);
    if (!partnership) throw await policy.refuseNotFound(actor, 'partnership', id);
    const role = await policy.require(actor, id, ability);
    return { partnership, role };
  }

  async function checkParent(id: number | null, parentId: number | null | undefined) {
    if (parentId == null) return;
    const all = await repo.listPartnershipTree(db);
    const byId = new Map(all.map((p) => [p.id, p]));
    if (!byId.has(parentId)) throw new ValidationError([{ field: 'parentId', message: 'Select a parent partnership from the list' }]);
    for (let cursor: number | null | undefined = parentId; cursor != null; cursor = byId.get(cursor)?.parentId) {
      if (cursor === id)
        throw new ValidationError([{ field: 'parentId', message: 'A partnership cannot sit under itself or one of its sub-groups' }]);
    }
  }

  return {
    listAgencies: () => repo.listAgencies(db),

    async getAgency(actor: Actor, id: number) {
      const agency = await repo.findAgency(db, id);
      if (!agency) throw notFound('Agency');
      const [visible, allSeats] = await Promise.all([policy.visiblePartnershipIds(actor), repo.listAgencyPartnerships(db, id)]);
      const seats = allSeats.filter((s) => visible === 'all' || visible.includes(s.partnershipId));
      return { agency, seats, canEdit: await mayEditAgency(actor, allSeats) };
    },

    canAddAgencies: (actor: Actor) => canAddAgencies(actor),

    async createAgency(actor: Actor, input: AgencyInput): Promise<Agency> {
      await requireAgencyAdder(actor);
      const values = agencyValues(parseInput(agencyInput, input));
      return uniqueName('An agency', values.name, () =>
        db.transaction(async (tx) => {
          const agency = await repo.insertAgency(tx, values);
          await audit.record(actor, { action: 'agency.create', entityType: 'agency', entityId: agency.id, after: agency }, tx);
          return agency;
        }),
      );
    },

    async updateAgency(actor: Actor, id: number, version: number, input: AgencyInput): Promise<Agency> {
      if (!(await repo.findAgency(db, id))) throw notFound('Agency');
      if (!(await mayEditAgency(actor, await repo.listAgencyPartnerships(db, id)))) throw await policy.refuseForbidden(actor, 'agency');
      const values = agencyValues(parseInput(agencyInput, input));
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
      const isVisible = (pid: number) => visible === 'all' || visible.includes(pid);
      const byId = new Map(all.map((p) => [p.id, p]));
      const ancestors: { id: number; name: string; visible: boolean }[] = [];
      for (let cursor = partnership.parentId; cursor != null; cursor = byId.get(cursor)?.parentId ?? null) {
        const p = byId.get(cursor);
        if (!p || ancestors.length > 20) break;
        ancestors.unshift({ id: p.id, name: p.name, visible: isVisible(p.id) });
      }
      const build = (pid: number, depth: number): TreeNode[] =>
        depth > 20
          ? []
          : all
              .filter((p) => p.parentId === pid)
              .map((p) => ({ id: p.id, name: p.name, kind: p.kind, visible: isVisible(p.id), children: build(p.id, depth + 1) }));
      return { partnership, role, members, ancestors, subGroups: build(id, 0) };
    },

    async createPartnership(actor: Actor, input: PartnershipInput): Promise<Partnership> {
      await policy.requireAdmin(actor, 'partnership');
      const values = partnershipValues(parseInput(partnershipInput, input));
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

    async updatePartnership(actor: Actor, id: number, version: number, input: PartnershipInput): Promise<Partnership> {
      await visiblePartnership(actor, id, 'coordinate');
      const values = partnershipValues(parseInput(partnershipInput, input));
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

    async addMember(actor: Actor, partnershipId: number, input: MembershipInput) {
      await visiblePartnership(actor, partnershipId, 'coordinate');
      const i = parseInput(membershipInput, input);
      if (!(await repo.findAgency(db, i.agencyId)))
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
      await visiblePartnership(actor, partnershipId, 'coordinate');
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

  function canAddAgencies(actor: Actor): Promise<boolean> {
    return policy.coordinatesAnyPartnership(actor);
  }

  /** canEditAgency, given the agency's seats. */
  async function mayEditAgency(actor: Actor, seats: { partnershipId: number }[]): Promise<boolean> {
    const coordinated = await policy.coordinatedPartnershipIds(actor);
    const seatIds = seats.map((s) => s.partnershipId);
    return canEditAgency(actor, seatIds, coordinated === 'all' ? seatIds : coordinated);
  }
}

function pickOne<T extends { name: string }>(what: string, ref: string, matches: T[]): T {
  const exact = matches.filter((m) => m.name.toLowerCase() === ref.toLowerCase());
  if (exact.length === 1) return exact[0]!;
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new AppError('not_found', `No ${what} matches "${ref}"`);
  throw new AppError(
    'conflict',
    `"${ref}" matches ${matches.length} ${what === 'agency' ? 'agencies' : what + 's'}: ${matches.map((m) => m.name).join('; ')}. Give more of the name or the id.`,
  );
}

export type PartnershipService = ReturnType<typeof createPartnershipService>;
