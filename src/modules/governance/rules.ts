/** Governance rules that need no database: risk bands and review dates, papers. */
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
