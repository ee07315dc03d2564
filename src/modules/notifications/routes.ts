import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../lib/errors.js';
import { idParam } from '../../lib/validation.js';
import { handleForm } from '../../web/forms.js';
import { deliveryLabels } from './presenters.js';
import '../../web/types.js';

const idParams = z.object({ id: idParam });
const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1) });

/** The signed-in person's notifications and their choices of how to hear of each kind. */
export function notificationPages(app: FastifyInstance) {
  const { notifications, config } = app.services;

  app.get('/notifications', { config: { permission: 'signed-in' }, schema: { querystring: pageQuery } }, async (request, reply) => {
    const { page } = request.query as z.infer<typeof pageQuery>;
    const view = await notifications.list(request.actor, page);
    return reply.view('notifications/views/notifications.njk', { title: 'Notifications', columnWidth: 'two-thirds', ...view });
  });

  app.post('/notifications/read-all', { config: { permission: 'signed-in' } }, async (request, reply) =>
    handleForm(request, reply, '/notifications', async () => {
      await notifications.markAllRead(request.actor);
      return { redirect: '/notifications', notice: 'All your notifications are marked as read' };
    }),
  );

  app.post('/notifications/:id/read', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof idParams>;
    return handleForm(request, reply, '/notifications', async () => {
      if (!(await notifications.markRead(request.actor, id))) throw notFound('Notification');
      return { redirect: `/notifications#notification-${id}`, notice: 'Notification marked as read' };
    });
  });

  app.get('/notifications/preferences', { config: { permission: 'signed-in' } }, async (request, reply) =>
    reply.view('notifications/views/preferences.njk', {
      title: 'Choose your notifications',
      columnWidth: 'two-thirds',
      breadcrumbs: [{ text: 'Notifications', href: '/notifications' }],
      kinds: await notifications.preferences(request.actor),
      labels: deliveryLabels,
      emailEnabled: Boolean(config.smtpUrl),
    }),
  );

  app.post('/notifications/preferences', { config: { permission: 'signed-in' } }, async (request, reply) =>
    handleForm(request, reply, '/notifications/preferences', async () => {
      await notifications.savePreferences(request.actor, (request.body ?? {}) as Record<string, unknown>);
      return { redirect: '/notifications/preferences', notice: 'Your choices have been saved' };
    }),
  );
}
