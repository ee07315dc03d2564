import type { Delivery } from './schema.js';
import { isWorkingDay, type WorkingCalendar } from './working-days.js';

/** Without a choice of their own, people hear of everything at once. */
export const DEFAULT_DELIVERY: Delivery = 'immediate';

/** How a person hears of a kind: their choice, or the default. */
export const deliveryFor = (choices: ReadonlyMap<string, Delivery>, kind: string): Delivery => choices.get(kind) ?? DEFAULT_DELIVERY;

/** A notification is its recipient's alone: nobody else may read it or mark it read (others get a 404). */
export const ownsNotification = (userId: number, notification: { userId: number }) => notification.userId === userId;

/** The person who caused an event is not told of it. */
export const shouldTell = (recipientId: number, causedBy: number | null | undefined) => recipientId !== causedBy;

/** The wait before the next try of an e-mail that failed `attempts` times: base × 2^(attempts − 1), at most `capMs`. */
export function backoffMs(attempts: number, baseMs: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

/** After this many failed tries an e-mail is given up (state "failed"); the notification stays in SaferHub. */
export const MAX_ATTEMPTS = 8;

/** The daily digest goes out on working days, from this UK clock time. */
export const DIGEST_TIME = '07:00';

/** Whether today's digest may be made now (UK date and clock time). */
export const digestDue = (today: string, clock: string, calendar: WorkingCalendar) => isWorkingDay(today, calendar) && clock >= DIGEST_TIME;

/** An e-mail not sent within this many hours (SMTP not set, or a long outage) is dropped: it would be stale. */
export const OUTBOX_EXPIRY_HOURS = 48;
