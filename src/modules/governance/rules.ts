/** Governance rules that need no database: risk bands and review dates, minutes text, papers. */
import { addDays } from '../../lib/london-time.js';

export type Band = 'low' | 'medium' | 'high';

/** Score = likelihood × impact, each 1–5. */
export const riskScore = (likelihood: number, impact: number) => likelihood * impact;

/** Bands: low 1–6, medium 8–12, high 15–25 (no product of 1–5 falls between them). */
export function bandOf(score: number): Band {
  if (score >= 15) return 'high';
  if (score >= 8) return 'medium';
  return 'low';
}

/** Days between reviews by band: high every 90 days, medium 180, low 360. */
export const reviewIntervalDays: Record<Band, number> = { high: 90, medium: 180, low: 360 };

/** The next review date: the review date plus the interval for the band of the current (after mitigation) score. */
export const nextReviewDate = (reviewedOn: string, likelihood: number, impact: number) =>
  addDays(reviewedOn, reviewIntervalDays[bandOf(riskScore(likelihood, impact))]);

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * Minutes as HTML: the text is escaped first, then blank lines separate paragraphs and lines starting
 * with "- " or "* " become bullet lists. **text** becomes bold. Nothing the user typed is ever markup.
 */
export function formatMinutes(text: string | null | undefined): string {
  if (!text || !text.trim()) return '';
  const blocks = escapeHtml(text.replace(/\r\n?/g, '\n').trim()).split(/\n\s*\n/);
  const inline = (s: string) => s.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
  const out: string[] = [];
  for (const block of blocks) {
    const lines = block.split('\n').map((l) => l.trim());
    let para: string[] = [];
    let list: string[] = [];
    const flushPara = () => {
      if (para.length) out.push(`<p class="govuk-body">${para.map(inline).join('<br>')}</p>`);
      para = [];
    };
    const flushList = () => {
      if (list.length) out.push(`<ul class="govuk-list govuk-list--bullet">${list.map((l) => `<li>${inline(l)}</li>`).join('')}</ul>`);
      list = [];
    };
    for (const line of lines) {
      const bullet = /^[-*]\s+(.*)$/.exec(line);
      if (bullet) {
        flushPara();
        list.push(bullet[1]!);
      } else {
        flushList();
        para.push(line);
      }
    }
    flushPara();
    flushList();
  }
  return out.join('\n');
}

/** Only web links may be stored as papers and report links. */
export const isWebLink = (value: string) => /^https?:\/\/[^\s<>"]+$/i.test(value);

/**
 * Papers typed one a line, as "Title | https://…" or just a link.
 * Returns the papers, or the number of the first line that is not a web link.
 */
export function parsePapers(text: string | undefined): { papers: { title: string; url: string }[] } | { badLine: number } {
  const papers: { title: string; url: string }[] = [];
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

export const papersToText = (papers: { title: string; url: string }[]) =>
  papers.map((p) => (p.title && p.title !== p.url ? `${p.title} | ${p.url}` : p.url)).join('\n');
