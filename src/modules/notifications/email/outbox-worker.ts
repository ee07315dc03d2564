import { randomUUID } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import type { Db } from '../../../db/database.js';
import { backoffMs, MAX_ATTEMPTS } from '../policy.js';
import * as repo from '../repository.js';
import { renderEmail } from './render.js';

export interface OutboxWorkerOptions {
  transport: Pick<Transporter, 'sendMail'>;
  from: string;
  baseUrl: string;
  /** The first retry waits this long, each next one twice as long (default 30 s), up to `backoffCapMs` (1 h). */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  maxAttempts?: number;
  /** A claim older than this is taken to belong to a process that stopped, and is released (default 10 min). */
  leaseMs?: number;
  batchSize?: number;
  log?: { info: (o: object, m: string) => void; warn: (o: object, m: string) => void };
}

/** A short, address-free description of a sending error, for the outbox row and the log. */
function errorCode(error: unknown): string {
  const e = error as { code?: string; responseCode?: number };
  return [e.code, e.responseCode].filter((x) => x !== undefined).join(' ') || 'error';
}

/**
 * Sends the outbox's e-mails. Each call of `runOnce` claims the due rows (FOR UPDATE SKIP LOCKED, then
 * "sending" with this worker's id), sends each through SMTP and marks it "sent"; a failure puts it back
 * with exponential backoff, and after `maxAttempts` marks it "failed". Several workers, in one process or
 * many, share the outbox without sending anything twice.
 */
export function createOutboxWorker(db: Db, options: OutboxWorkerOptions) {
  const worker = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const base = options.backoffBaseMs ?? 30_000;
  const cap = options.backoffCapMs ?? 60 * 60_000;
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function sendOne(row: Awaited<ReturnType<typeof repo.claimDue>>[number]) {
    const { user, items } = await repo.outboxContent(db, row.id, row.userId);
    if (!user || user.disabled_at || items.length === 0) {
      await repo.finishClaim(db, row.id, worker, { state: 'expired' });
      return false;
    }
    const email = renderEmail({ name: user.display_name, items, digest: row.kind === 'digest', baseUrl: options.baseUrl });
    try {
      await options.transport.sendMail({ from: options.from, to: user.email, subject: email.subject, text: email.text, html: email.html });
    } catch (error) {
      const code = errorCode(error);
      if (row.attempts >= maxAttempts) {
        await repo.finishClaim(db, row.id, worker, { state: 'failed', lastError: code });
        options.log?.warn({ outboxId: row.id, attempts: row.attempts, code }, 'e-mail given up');
      } else {
        const wait = backoffMs(row.attempts, base, cap);
        await repo.finishClaim(db, row.id, worker, { state: 'pending', lastError: code, nextAttemptAt: new Date(Date.now() + wait) });
        options.log?.warn({ outboxId: row.id, attempts: row.attempts, code, retryInMs: wait }, 'e-mail not sent; will retry');
      }
      return false;
    }
    await repo.finishClaim(db, row.id, worker, { state: 'sent', sentAt: new Date(), lastError: null });
    options.log?.info({ outboxId: row.id, kind: row.kind }, 'e-mail sent');
    return true;
  }

  async function drain() {
    await repo.releaseStaleClaims(db, options.leaseMs ?? 10 * 60_000);
    let sent = 0;
    for (;;) {
      const claimed = await repo.claimDue(db, worker, options.batchSize ?? 10);
      if (claimed.length === 0) return sent;
      for (const row of claimed) if (await sendOne(row)) sent++;
    }
  }

  return {
    id: worker,
    /** Sends everything due now; returns how many e-mails were sent. */
    runOnce(): Promise<number> {
      running ??= drain().finally(() => (running = undefined));
      return running;
    },
    start(intervalMs = 5_000) {
      timer = setInterval(
        () => void this.runOnce().catch((error: unknown) => options.log?.warn({ code: errorCode(error) }, 'outbox run failed')),
        intervalMs,
      );
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}

export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
