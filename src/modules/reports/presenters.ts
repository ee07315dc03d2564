/**
 * How figures are written in reports (one place, so the three formats and the pages agree): numbers with
 * thousands separators, rates and percentages to one decimal place, changes as seed 004 prints them with a
 * sign ("+30.8%", "−25.9%"), and suppressed cells.
 */
import type { DocumentKind } from './model.js';
import type { ReportFormat, ReportKind } from './schema.js';

export const SUPPRESSED = 'suppressed';

export const whole = (n: number) => Math.round(n).toLocaleString('en-GB');
export const oneDecimal = (n: number) => n.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
/** Rates and percentages to one decimal place; values below 1 (0.49 per 1,000) to two. */
export const figureValue = (n: number) =>
  Math.abs(n) < 1 && n !== 0 ? n.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : oneDecimal(n);

/** A change as a fraction written as a signed percentage with one decimal place; "–" when there is none. */
export function percentChange(change: number | null): string {
  if (change === null || !Number.isFinite(change)) return '–';
  const text = oneDecimal(Math.abs(change) * 100) + '%';
  if (text === '0.0%') return text;
  return (change > 0 ? '+' : '\u2212') + text;
}

/** A figure's value, or "suppressed", or "–" when there is none. */
export function figureText(value: number | null | undefined, suppressed: unknown, digits: 0 | 1 = 1): string {
  if (suppressed) return SUPPRESSED;
  if (value === null || value === undefined) return '–';
  return digits === 0 ? whole(value) : figureValue(value);
}

export const kindTitles: Record<ReportKind, string> = {
  'annual-review': 'Annual review',
  assurance: 'Assurance report',
  'progress-table': 'Progress update',
};

export const contentTypes: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** The download's file name: e.g. southampton-safe-city-partnership-annual-review-2016-17-draft.pdf */
export function fileName(
  partnershipName: string,
  kind: DocumentKind,
  periodKey: string,
  version: number | 'agreed' | null,
  format: ReportFormat,
) {
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  return `${slug(partnershipName)}-${kind}-${slug(periodKey)}-${version === null ? 'draft' : version === 'agreed' ? 'agreed' : `v${version}`}.${format}`;
}

/** Licence of a data source, from the words of its source note. */
export function licenceOf(source: string): string {
  if (
    /police\.uk|home office|\bons\b|office for national statistics|ministry of justice|public health england|youth justice board/i.test(
      source,
    )
  )
    return 'Open Government Licence v3.0';
  if (/boundar/i.test(source)) return 'CC BY 4.0';
  return 'Provided by a partner agency for the partnership’s use';
}
