import type { FastifyInstance } from 'fastify';
import { handleForm } from '../../../web/forms.js';
import { formBody, formVersion } from '../fields.js';
import { formChoices } from '../presenters.js';
import { agencyParams } from './inputs.js';
import '../../../web/types.js';

/** Pages for agencies: the list, one agency with its seats, and the forms to add and change one. */
export function agencyPages(app: FastifyInstance) {
  const svc = app.services.partnerships;

  app.get('/agencies', { config: { permission: 'signed-in' } }, async (request, reply) =>
    reply.view('partnerships/agencies/views/agencies.njk', {
      title: 'Agencies',
      agencies: await svc.listAgencies(),
      canAdd: await svc.canAddAgencies(request.actor),
    }),
  );

  app.get('/agencies/new', { config: { permission: 'signed-in' } }, async (request, reply) => {
    await svc.newAgencyFor(request.actor);
    return reply.view('partnerships/agencies/views/agency-form.njk', { title: 'Add an agency', kinds: formChoices.agency, agency: null });
  });

  app.post('/agencies', { config: { permission: 'signed-in' } }, async (request, reply) =>
    handleForm(request, reply, '/agencies/new', async () => {
      const agency = await svc.createAgency(request.actor, formBody(request.body));
      return { redirect: `/agencies/${agency.id}`, notice: `${agency.name} has been added` };
    }),
  );

  app.get('/agencies/:id', { config: { permission: 'signed-in' }, schema: { params: agencyParams } }, async (request, reply) => {
    const { id } = agencyParams.parse(request.params);
    const { agency, seats, canEdit } = await svc.getAgency(request.actor, id);
    return reply.view('partnerships/agencies/views/agency.njk', { title: agency.name, agency, seats, canEdit });
  });

  app.get('/agencies/:id/edit', { config: { permission: 'signed-in' }, schema: { params: agencyParams } }, async (request, reply) => {
    const { id } = agencyParams.parse(request.params);
    const agency = await svc.agencyToEdit(request.actor, id);
    return reply.view('partnerships/agencies/views/agency-form.njk', { title: `Change ${agency.name}`, kinds: formChoices.agency, agency });
  });

  app.post('/agencies/:id', { config: { permission: 'signed-in' }, schema: { params: agencyParams } }, async (request, reply) => {
    const { id } = agencyParams.parse(request.params);
    return handleForm(request, reply, `/agencies/${id}/edit`, async () => {
      const agency = await svc.updateAgency(request.actor, id, formVersion(request.body), formBody(request.body));
      return { redirect: `/agencies/${agency.id}`, notice: `${agency.name} has been updated` };
    });
  });
}
