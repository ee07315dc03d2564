import type { FastifyInstance } from 'fastify';
import { handleForm } from '../../../web/forms.js';
import { formBody, formVersion } from '../fields.js';
import { abilityTo, canCoordinate, canCreatePartnerships } from '../policy.js';
import { formChoices, groupMembers } from '../presenters.js';
import { memberParams, partnershipParams } from './inputs.js';
import '../../../web/types.js';

/** Pages for partnerships (the list, one partnership with its structure and members, the forms) and memberships. */
export function partnershipPages(app: FastifyInstance) {
  const svc = app.services.partnerships;

  app.get('/partnerships', { config: { permission: 'signed-in' } }, async (request, reply) =>
    reply.view('partnerships/partnerships/views/partnerships.njk', {
      title: 'Partnerships',
      partnerships: await svc.listPartnerships(request.actor),
      canCreate: canCreatePartnerships(request.actor),
    }),
  );

  app.get('/partnerships/new', { config: { permission: 'admin' } }, async (_request, reply) =>
    reply.view('partnerships/partnerships/views/partnership-form.njk', {
      title: 'Add a partnership',
      kinds: formChoices.partnership,
      cadences: formChoices.cadence,
      parents: await svc.listAllPartnerships(),
      partnership: null,
    }),
  );

  app.post('/partnerships', { config: { permission: 'admin' } }, async (request, reply) =>
    handleForm(request, reply, '/partnerships/new', async () => {
      const p = await svc.createPartnership(request.actor, formBody(request.body));
      return { redirect: `/partnerships/${p.id}`, notice: `${p.name} has been added` };
    }),
  );

  app.get('/partnerships/:id', { config: { permission: 'signed-in' }, schema: { params: partnershipParams } }, async (request, reply) => {
    const { id } = partnershipParams.parse(request.params);
    const view = await svc.getPartnership(request.actor, id);
    const coordinates = canCoordinate(view.role);
    return reply.view('partnerships/partnerships/views/partnership.njk', {
      title: view.partnership.name,
      ...view,
      groups: groupMembers(view.members),
      canCoordinate: coordinates,
      agencies: coordinates ? await svc.listAgencies() : [],
      roles: formChoices.role,
    });
  });

  app.get(
    '/partnerships/:id/edit',
    { config: { permission: 'signed-in' }, schema: { params: partnershipParams } },
    async (request, reply) => {
      const { id } = partnershipParams.parse(request.params);
      const { partnership } = await svc.visiblePartnership(request.actor, id, abilityTo.editPartnership);
      return reply.view('partnerships/partnerships/views/partnership-form.njk', {
        title: `Change ${partnership.name}`,
        kinds: formChoices.partnership,
        cadences: formChoices.cadence,
        parents: (await svc.listAllPartnerships()).filter((p) => p.id !== id),
        partnership,
      });
    },
  );

  app.post('/partnerships/:id', { config: { permission: 'signed-in' }, schema: { params: partnershipParams } }, async (request, reply) => {
    const { id } = partnershipParams.parse(request.params);
    return handleForm(request, reply, `/partnerships/${id}/edit`, async () => {
      const p = await svc.updatePartnership(request.actor, id, formVersion(request.body), formBody(request.body));
      return { redirect: `/partnerships/${p.id}`, notice: `${p.name} has been updated` };
    });
  });

  app.post(
    '/partnerships/:id/members',
    { config: { permission: 'signed-in' }, schema: { params: partnershipParams } },
    async (request, reply) => {
      const { id } = partnershipParams.parse(request.params);
      return handleForm(request, reply, `/partnerships/${id}#add-member`, async () => {
        await svc.addMember(request.actor, id, formBody(request.body));
        return { redirect: `/partnerships/${id}#members`, notice: 'The member has been added' };
      });
    },
  );

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
