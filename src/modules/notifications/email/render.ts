import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';

const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(path.dirname(fileURLToPath(import.meta.url))), {
  autoescape: true,
  trimBlocks: true,
});
// The text part is not HTML: nothing in it is escaped.
const textEnv = new nunjucks.Environment(new nunjucks.FileSystemLoader(path.dirname(fileURLToPath(import.meta.url))), {
  autoescape: false,
  trimBlocks: true,
});

export interface EmailInput {
  name: string;
  items: { title: string }[];
  digest: boolean;
  /** The origin links point at (PUBLIC_URL, or this process's own address). */
  baseUrl: string;
}

export interface Email {
  subject: string;
  text: string;
  html: string;
}

/**
 * One e-mail: the notifications' titles and a link to the notifications page, nothing else (no narrative,
 * review comment or description: those stay behind the sign-in). Plain text, with a simple HTML part.
 */
export function renderEmail(input: EmailInput): Email {
  const count = input.items.length;
  const subject =
    count === 1 && !input.digest
      ? `SaferHub: ${input.items[0]!.title}`
      : `SaferHub: your daily summary (${count} notification${count === 1 ? '' : 's'})`;
  const context = {
    ...input,
    subject,
    notificationsUrl: `${input.baseUrl}/notifications`,
    preferencesUrl: `${input.baseUrl}/notifications/preferences`,
  };
  return {
    subject,
    text: textEnv.render('message.txt.njk', context).replace(/\n{3,}/g, '\n\n'),
    html: env.render('message.html.njk', context),
  };
}
