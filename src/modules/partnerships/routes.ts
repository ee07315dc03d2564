import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParam } from '../../lib/validation.js';
import { handleForm } from '../../web/forms.js';
import { agencyKinds, meetingCadences, membershipRoles, partnershipKinds } from './schema.js';
import '../../web/types.js';

const idParams = z.object({ id: idParam });
const memberParams = z.object({ id: idParam, membershipId: idParam });
const version = (body: unknown) => Number((body as Record<string, unknown>)?.version ?? 0);

const kindLabels = {
  agency: agencyKinds,
  partnership: partnershipKinds,
  role: membershipRoles,
  cadence: meetingCadences,
};

/** Pages for agencies, partnerships and memberships. */
export async function partnershipRoutes(app: FastifyInstance) {
  const svc = app.services.partnerships;

  // Agencies -------------------------------------------------------------------------------------------
  app.get('/agencies', { config: { permission: 'signed-in' } }, async (request, reply) =>
    reply.view('partnerships/views/agencies.njk', {
      title: 'Agencies',
      agencies: await svc.listAgencies(),
      canAdd: await svc.canAddAgencies(request.actor),
    }),
  );

  app.get('/agencies/new', { config: { permission: 'signed-in' } }, async (request, reply) => {
    if (!(await svc.canAddAgencies(request.actor))) await app.services.policy.requireAdmin(request.actor, 'agency');
    return reply.view('partnerships/views/agency-form.njk', { title: 'Add an agency', kinds: kindLabels.agency, agency: null });
  });

  app.post('/agencies', { config: { permission: 'signed-in' } }, async (request, reply) =>
    handleForm(request, reply, '/agencies/new', async () => {
      const agency = await svc.createAgency(request.actor, request.body as never);
      return { redirect: `/agencies/${agency.id}`, notice: `${agency.name} has been added` };
    }),
  );

  app.get('/agencies/:id', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const { agency, seats, canEdit } = await svc.getAgency(request.actor, id);
    return reply.view('partnerships/views/agency.njk', { title: agency.name, agency, seats, canEdit });
  });

  app.get('/agencies/:id/edit', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const { agency, canEdit } = await svc.getAgency(request.actor, id);
    if (!canEdit) await app.services.policy.requireAdmin(request.actor, 'agency');
    return reply.view('partnerships/views/agency-form.njk', { title: `Change ${agency.name}`, kinds: kindLabels.agency, agency });
  });

  app.post('/agencies/:id', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/agencies/${id}/edit`, async () => {
      const agency = await svc.updateAgency(request.actor, id, version(request.body), request.body as never);
      return { redirect: `/agencies/${agency.id}`, notice: `${agency.name} has been updated` };
    });
  });

  // Partnerships ---------------------------------------------------------------------------------------
  app.get('/partnerships', { config: { permission: 'signed-in' } }, async (request, reply) =>
    reply.view('partnerships/views/partnerships.njk', {
      title: 'Partnerships',
      partnerships: await svc.listPartnerships(request.actor),
      canCreate: request.actor.isAdmin,
    }),
  );

  app.get('/partnerships/new', { config: { permission: 'admin' } }, async (_request, reply) =>
    reply.view('partnerships/views/partnership-form.njk', {
      title: 'Add a partnership',
      kinds: kindLabels.partnership,
      cadences: kindLabels.cadence,
      parents: await svc.listAllPartnerships(),
      partnership: null,
    }),
  );

  app.post('/partnerships', { config: { permission: 'admin' } }, async (request, reply) =>
    handleForm(request, reply, '/partnerships/new', async () => {
      const p = await svc.createPartnership(request.actor, request.body as never);
      return { redirect: `/partnerships/${p.id}`, notice: `${p.name} has been added` };
    }),
  );

  app.get('/partnerships/:id', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const view = await svc.getPartnership(request.actor, id);
    const groups = groupMembers(view.members);
    return reply.view('partnerships/views/partnership.njk', {
      title: view.partnership.name,
      ...view,
      groups,
      canCoordinate: view.role === 'coordinator',
      agencies: view.role === 'coordinator' ? await svc.listAgencies() : [],
      roles: kindLabels.role,
    });
  });

  app.get('/partnerships/:id/edit', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const { partnership } = await svc.visiblePartnership(request.actor, id, 'coordinate');
    return reply.view('partnerships/views/partnership-form.njk', {
      title: `Change ${partnership.name}`,
      kinds: kindLabels.partnership,
      cadences: kindLabels.cadence,
      parents: (await svc.listAllPartnerships()).filter((p) => p.id !== id),
      partnership,
    });
  });

  app.post('/partnerships/:id', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/partnerships/${id}/edit`, async () => {
      const p = await svc.updatePartnership(request.actor, id, version(request.body), request.body as never);
      return { redirect: `/partnerships/${p.id}`, notice: `${p.name} has been updated` };
    });
  });

  app.post('/partnerships/:id/members', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/partnerships/${id}#add-member`, async () => {
      await svc.addMember(request.actor, id, request.body as never);
      return { redirect: `/partnerships/${id}#members`, notice: 'The member has been added' };
    });
  });

  app.post(
    '/partnerships/:id/members/:membershipId/delete',
    { config: { permission: 'signed-in' }, schema: { params: memberParams } },
    async (request, reply) => {
      const { id, membershipId } = memberParams.parse(request.params);
      return handleForm(request, reply, `/partnerships/${id}`, async () => {
        await svc.removeMember(request.actor, id, membershipId);
        return { redirect: `/partnerships/${id}#members`, notice: 'The member has been removed' };
      });
    },
  );
}

const kindOrder = agencyKinds as readonly string[];

/** Members grouped by agency kind, responsible authorities' kinds first as in the partnership documents. */
function groupMembers<M extends { agencyKind: string }>(members: M[]) {
  const groups = new Map<string, M[]>();
  for (const m of members) groups.set(m.agencyKind, [...(groups.get(m.agencyKind) ?? []), m]);
  return [...groups.entries()]
    .sort((a, b) => kindOrder.indexOf(a[0]) - kindOrder.indexOf(b[0]))
    .map(([kind, items]) => ({ kind, members: items }));
}
