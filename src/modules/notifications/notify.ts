import type { DbOrTx } from '../../db/database.js';
import type { NotificationKind } from './kinds.js';
import { deliveryFor, shouldTell } from './policy.js';
import * as repo from './repository.js';

/** Who is told: named people, the lead officers of agencies in a partnership, or everyone in a partnership. */
export type Recipients = { users: readonly number[] } | { agencies: readonly number[]; partnershipId: number } | { membersOf: number };

export interface NotifyEvent {
  kind: NotificationKind;
  to: Recipients;
  /** One line, titles only: no narrative, comment or other content that the e-mail must not carry. */
  title: string;
  /** The page it is about, within SaferHub ("/rounds/12"). */
  path: string;
  partnershipId?: number | null;
  /** For reminders: the same key is never given twice to one person. */
  dedupeKey?: string;
  /** The person whose change this is: they are not told of it. */
  causedBy?: number | null;
}

async function recipientsOf(db: DbOrTx, to: Recipients): Promise<number[]> {
  if ('users' in to) return repo.activeUsers(db, to.users);
  if ('agencies' in to) return repo.officersOf(db, to.partnershipId, to.agencies);
  return repo.membersOf(db, to.membersOf);
}

/**
 * Tells the people concerned of an event, inside the caller's transaction, so the notification and its
 * e-mail (an outbox row) exist exactly when the change does. Each person's choice for the kind decides:
 * immediately (in SaferHub and an e-mail now), a daily digest (in SaferHub now, in tomorrow's e-mail), or
 * off (nothing). Returns the ids of the people told.
 *
 *   await notify(tx, { kind: 'awaiting-you', to: { users: [reviewerId] }, title: 'Annual review 2021/22 is waiting for your part',
 *                      path: `/reports/${id}`, partnershipId, causedBy: actor.userId });
 */
export async function notify(db: DbOrTx, event: NotifyEvent): Promise<number[]> {
  const people = (await recipientsOf(db, event.to)).filter((id) => shouldTell(id, event.causedBy));
  const choices = await repo.choicesForKind(db, people, event.kind);
  const told: number[] = [];
  for (const userId of people) {
    const delivery = deliveryFor(new Map(choices.has(userId) ? [[event.kind, choices.get(userId)!]] : []), event.kind);
    if (delivery === 'off') continue;
    const row = await repo.insertNotification(db, {
      userId,
      kind: event.kind,
      partnershipId: event.partnershipId ?? null,
      title: event.title,
      path: event.path,
      dedupeKey: event.dedupeKey ?? null,
      delivery,
    });
    if (row) told.push(userId);
  }
  return told;
}
