import type { Db } from '../../db/database.js';
import { forbidden, ValidationError } from '../../lib/errors.js';
import type { Actor, AuditService } from '../access/index.js';
import { notificationKinds } from './kinds.js';
import { DEFAULT_DELIVERY, ownsNotification } from './policy.js';
import { presentChoices, presentNotification } from './presenters.js';
import * as repo from './repository.js';
import { deliveries, type Delivery } from './schema.js';

export const PAGE_SIZE = 20;

/** Notifications belong to people: the command line's actor (no person) has none. */
function me(actor: Actor): number {
  if (actor.userId === null) throw forbidden('Notifications belong to a signed-in person');
  return actor.userId;
}

/** A person's own notifications and their choices of how to hear of each kind. */
export function createNotificationsService(db: Db, audit: AuditService) {
  async function choices(userId: number) {
    return new Map((await repo.choicesFor(db, userId)).map((c) => [c.kind, c.delivery]));
  }

  return {
    async list(actor: Actor, page = 1) {
      const [rows, counts] = await Promise.all([
        repo.listForUser(db, me(actor), PAGE_SIZE, (page - 1) * PAGE_SIZE),
        repo.countForUser(db, me(actor)),
      ]);
      return { items: rows.map(presentNotification), ...counts, page, pages: Math.max(1, Math.ceil(counts.total / PAGE_SIZE)) };
    },

    unreadCount: (userId: number) => repo.unreadCount(db, userId),

    /** Marks one of the actor's notifications read; another person's answers as if it did not exist. */
    async markRead(actor: Actor, id: number) {
      const found = await repo.findNotification(db, id);
      if (!found || !ownsNotification(me(actor), found)) return false;
      await repo.markRead(db, me(actor), id);
      return true;
    },

    markAllRead: (actor: Actor) => repo.markAllRead(db, me(actor)),

    async preferences(actor: Actor) {
      return presentChoices(await choices(me(actor)), DEFAULT_DELIVERY);
    },

    /** Saves a choice for every kind; a kind left unchosen or given an unknown value is named in the error. */
    async savePreferences(actor: Actor, form: Record<string, unknown>) {
      const problems: { field: string; message: string }[] = [];
      const chosen: { kind: string; delivery: Delivery }[] = [];
      for (const k of notificationKinds) {
        const value = form[k.key];
        if (typeof value !== 'string' || !deliveries.includes(value as Delivery))
          problems.push({ field: k.key, message: `Select how to hear that: ${k.label.toLowerCase()}` });
        else chosen.push({ kind: k.key, delivery: value as Delivery });
      }
      if (problems.length) throw new ValidationError(problems);
      const before = Object.fromEntries(await choices(me(actor)));
      await db.transaction(async (tx) => {
        await repo.saveChoices(tx, me(actor), chosen);
        await audit.record(
          actor,
          {
            action: 'notification-preferences.update',
            entityType: 'user',
            entityId: me(actor),
            before,
            after: Object.fromEntries(chosen.map((c) => [c.kind, c.delivery])),
          },
          tx,
        );
      });
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
