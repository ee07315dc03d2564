/** Papers tabled with an agenda item, typed one a line, and the rule that only web links are stored. */
import type { Paper } from '../schema.js';

/** Only web links may be stored as papers, report links and online meeting links. */
export const isWebLink = (value: string) => /^https?:\/\/[^\s<>"]+$/i.test(value);

/**
 * Papers typed one a line, as "Title | https://…" or just a link.
 * Returns the papers, or the number of the first line that is not a web link.
 */
export function parsePapers(text: string | undefined): { papers: Paper[] } | { badLine: number } {
  const papers: Paper[] = [];
  const lines = (text ?? '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const bar = line.lastIndexOf('|');
    const title = bar >= 0 ? line.slice(0, bar).trim() : '';
    const url = (bar >= 0 ? line.slice(bar + 1) : line).trim();
    if (!isWebLink(url)) return { badLine: i + 1 };
    papers.push({ title: title || url, url });
  }
  return { papers };
}

/** Papers back as the text a user types, for the agenda item's form. */
export const papersToText = (papers: Paper[]) =>
  papers.map((p) => (p.title && p.title !== p.url ? `${p.title} | ${p.url}` : p.url)).join('\n');
