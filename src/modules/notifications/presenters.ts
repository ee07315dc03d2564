import { londonToday } from '../../lib/london-time.js';
import { parsePeriod } from '../../lib/periods.js';
import { notificationKinds } from './kinds.js';
import type { Delivery, Notification } from './schema.js';

/** "15 January 2099" from "2099-01-15". */
export const longDate = (isoDate: string) =>
  new Date(`${isoDate}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "2020/21 Q3" for a round's period key, falling back to the key itself. */
export function periodName(key: string) {
  try {
    return parsePeriod(key).label.replace(/ \(.*\)$/, '');
  } catch {
    return key;
  }
}

/** "Board meeting of 7 December 2021". */
export const meetingName = (title: string, startsAt: Date) => `${title} of ${longDate(londonToday(startsAt))}`;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The titles of the events SaferHub tells people of: titles and dates only, never narrative or comments. */
export const titles = {
  roundOpened: (period: string, plan: string, dueDate: string) =>
    `Progress round ${periodName(period)} of ${plan} is open: updates are due by ${longDate(dueDate)}`,
  roundDueSoon: (missing: number, period: string, plan: string, dueDate: string) =>
    `${plural(missing, 'progress update', 'progress updates')} for ${periodName(period)} of ${plan} due by ${longDate(dueDate)}`,
  roundOverdue: (missing: number, period: string, plan: string, dueDate: string) =>
    `${plural(missing, 'progress update', 'progress updates')} for ${periodName(period)} of ${plan} overdue since ${longDate(dueDate)}`,
  updateReturned: (period: string, action: string) => `Your update for ${periodName(period)} on “${action}” was returned`,
  updateAccepted: (period: string, action: string) => `Your update for ${periodName(period)} on “${action}” was accepted`,
  actionAssigned: (meeting: string, startsAt: Date, dueDate: string) =>
    `An action arising from ${meetingName(meeting, startsAt)} was given to your agency, due ${longDate(dueDate)}`,
  actionDueSoon: (meeting: string, startsAt: Date, dueDate: string) =>
    `An action arising from ${meetingName(meeting, startsAt)} is due ${longDate(dueDate)}`,
  actionOverdue: (meeting: string, startsAt: Date, dueDate: string) =>
    `An action arising from ${meetingName(meeting, startsAt)} is overdue since ${longDate(dueDate)}`,
  papersPublished: (meeting: string, startsAt: Date) => `Papers published for ${meetingName(meeting, startsAt)}`,
  minutesPublished: (meeting: string, startsAt: Date) => `Minutes approved and published for ${meetingName(meeting, startsAt)}`,
  riskReviewDue: (risk: string, dueDate: string) => `Risk review due by ${longDate(dueDate)}: ${risk}`,
};

export const deliveryLabels: Record<Delivery, string> = {
  immediate: 'Straight away, in SaferHub and by e-mail',
  digest: 'In SaferHub, and by e-mail in one daily summary',
  off: 'Off: do not tell me',
};

export const kindLabel = (kind: string) => notificationKinds.find((k) => k.key === kind)?.label ?? kind;

/** The notifications page's rows. */
export const presentNotification = (n: Notification) => ({
  id: n.id,
  title: n.title,
  path: n.path,
  kind: kindLabel(n.kind),
  createdAt: n.createdAt,
  unread: n.readAt === null,
});

/** The preferences form: every kind with the person's choice (or the default). */
export const presentChoices = (choices: ReadonlyMap<string, Delivery>, fallback: Delivery) =>
  notificationKinds.map((k) => ({
    key: k.key,
    label: k.label,
    hint: k.hint,
    delivery: choices.get(k.key) ?? fallback,
  }));
