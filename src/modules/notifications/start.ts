import nodemailer from 'nodemailer';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { configuredBaseUrl } from '../../web/public-url.js';
import { createOutboxWorker } from './email/outbox-worker.js';
import { createNotificationScheduler } from './scheduler.js';

interface Log {
  info: (o: object, m: string) => void;
  warn: (o: object, m: string) => void;
}

/**
 * Starts the process's notification work: the scheduler (every 5 minutes) and, when SMTP_URL and MAIL_FROM
 * are set, the outbox worker (every 5 seconds). Returns what the start-up log says and a function to stop.
 */
export function startNotifications(db: Db, config: Config, log: Log) {
  const scheduler = createNotificationScheduler(db, { log });
  scheduler.start();
  if (!config.smtpUrl || !config.mailFrom) {
    return {
      message: 'Notifications: in SaferHub only (SMTP_URL and MAIL_FROM are not set, so no e-mail is sent)',
      stop: () => Promise.resolve(scheduler.stop()),
    };
  }
  const baseUrl = configuredBaseUrl(config);
  const worker = createOutboxWorker(db, { transport: nodemailer.createTransport(config.smtpUrl), from: config.mailFrom, baseUrl, log });
  worker.start();
  const host = new URL(config.smtpUrl).host;
  return {
    message: `Notifications: in SaferHub and by e-mail through ${host}, with links to ${baseUrl}${config.publicUrl ? '' : ' (set PUBLIC_URL to the address people use)'}`,
    stop: async () => {
      scheduler.stop();
      await worker.stop();
    },
  };
}
