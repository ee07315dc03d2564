import type { Db } from '../../db/database.js';
import { londonParts } from '../../lib/london-time.js';
import { notify } from './notify.js';
import { digestDue, OUTBOX_EXPIRY_HOURS } from './policy.js';
import { titles } from './presenters.js';
import * as repo from './repository.js';
import { calendarFor, englandAndWalesCalendar, reminderPhase } from './working-days.js';

export interface SchedulerOptions {
  now?: () => Date;
  log?: { warn: (o: object, m: string) => void };
}

/**
 * Time-based reminders (progress updates and actions arising due in three working days or overdue, risk
 * reviews due), the daily digests and the outbox's tidying. One run is one transaction under a PostgreSQL
 * advisory lock, so with several SaferHub processes only one runs at a time; every reminder carries a
 * dedupe key, so none is given twice however often it runs.
 */
export function createNotificationScheduler(db: Db, options: SchedulerOptions = {}) {
  const now = options.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;

  async function runOnce(): Promise<{ ran: boolean; reminders: number; digests: number }> {
    return db.transaction(async (tx) => {
      if (!(await repo.trySchedulerLock(tx))) return { ran: false, reminders: 0, digests: 0 };
      const { date: today, time } = londonParts(now());
      let reminders = 0;

      for (const r of await repo.roundsAwaitingUpdates(tx)) {
        const phase = reminderPhase(today, r.due_date, calendarFor(r.partnership_id));
        if (!phase) continue;
        const title = (phase === 'due-soon' ? titles.roundDueSoon : titles.roundOverdue)(r.missing, r.period_key, r.plan_title, r.due_date);
        reminders += (
          await notify(tx, {
            kind: 'round-reminder',
            to: { agencies: [r.agency_id], partnershipId: r.partnership_id },
            title,
            path: `/rounds/${r.round_id}`,
            partnershipId: r.partnership_id,
            dedupeKey: `round:${r.round_id}:${phase}`,
          })
        ).length;
      }

      for (const a of await repo.openMeetingActions(tx)) {
        const phase = reminderPhase(today, a.due_on, calendarFor(a.partnership_id));
        if (!phase) continue;
        reminders += (
          await notify(tx, {
            kind: 'action-reminder',
            to: { agencies: [a.owner_agency_id], partnershipId: a.partnership_id },
            title: (phase === 'due-soon' ? titles.actionDueSoon : titles.actionOverdue)(a.meeting_title, new Date(a.starts_at), a.due_on),
            path: `/actions/${a.id}`,
            partnershipId: a.partnership_id,
            dedupeKey: `meeting-action:${a.id}:${phase}`,
          })
        ).length;
      }

      for (const risk of await repo.openRisks(tx)) {
        if (!reminderPhase(today, risk.next_review_on, calendarFor(risk.partnership_id))) continue;
        const agencies = [risk.owner_agency_id, ...(risk.cosponsor_agency_id ? [risk.cosponsor_agency_id] : [])];
        reminders += (
          await notify(tx, {
            kind: 'risk-review',
            to: { agencies, partnershipId: risk.partnership_id },
            title: titles.riskReviewDue(risk.title, risk.next_review_on),
            path: `/risks/${risk.id}`,
            partnershipId: risk.partnership_id,
            dedupeKey: `risk:${risk.id}:review:${risk.next_review_on}`,
          })
        ).length;
      }

      const digests = digestDue(today, time, englandAndWalesCalendar()) ? await repo.makeDigests(tx, today) : 0;
      await repo.tidyOutbox(tx, OUTBOX_EXPIRY_HOURS);
      return { ran: true, reminders, digests };
    });
  }

  return {
    runOnce,
    start(intervalMs = 5 * 60_000) {
      const tick = () =>
        void runOnce().catch((error: unknown) =>
          options.log?.warn({ error: (error as Error).message }, 'notification scheduler run failed'),
        );
      setTimeout(tick, 1_000).unref();
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}

export type NotificationScheduler = ReturnType<typeof createNotificationScheduler>;
