/**
 * The notifications module's public surface. Other modules tell people of events with `notify(tx, event)`
 * inside the transaction of their change; src/services.ts builds the service, src/server.ts starts the
 * scheduler (reminders, digests) and the outbox worker (e-mail), src/app.ts registers the pages.
 *
 * Inside: notify.ts (recipients, preferences, the notification and its outbox row), scheduler.ts
 * (time-based reminders under an advisory lock), email/ (rendering and the outbox worker), service.ts and
 * routes.ts (the notifications and preferences pages), policy.ts (pure rules), working-days.ts (the working
 * calendar), kinds.ts (what people can choose to hear of), repository.ts (all SQL).
 */
import type { FastifyInstance } from 'fastify';
import { notificationPages } from './routes.js';

export { notify, type NotifyEvent, type Recipients } from './notify.js';
export { notificationKinds, type NotificationKind } from './kinds.js';
export { titles as notificationTitles } from './presenters.js';
export { createNotificationsService, type NotificationsService } from './service.js';
export { createNotificationScheduler, type NotificationScheduler } from './scheduler.js';
export { createOutboxWorker, type OutboxWorker } from './email/outbox-worker.js';
export { startNotifications } from './start.js';

type Done = (error?: Error) => void;

/** The notifications page and the preferences page. */
export function notificationRoutes(app: FastifyInstance, _options: unknown, done: Done) {
  notificationPages(app);
  done();
}
