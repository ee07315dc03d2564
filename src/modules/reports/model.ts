/**
 * The one content model of a report. A builder (builders/) turns the partnership's records into a
 * ReportDocument; three renderers (render/html.ts, render/pdf.ts, render/docx.ts) turn the same document into
 * an HTML page, a PDF and a Word document. It is plain JSON, so a published version stores it whole and
 * renders it again, byte for byte, whenever it is downloaded.
 *
 * Text is always plain text (never markup): each renderer escapes it for its own format. Charts and maps
 * are SaferHub's own standalone SVG (src/web/charts.ts, the ward map, the risk heat map), each with the table of
 * its figures.
 */
import type { ReportKind } from './schema.js';

export interface Table {
  caption: string;
  /** The header row. */
  head: string[];
  rows: string[][];
  /** Which columns hold numbers (right-aligned). */
  numeric?: boolean[];
  /** A note printed below the table (sources, footnotes). */
  note?: string;
}

export type Block =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'table'; table: Table }
  | { type: 'figure'; kind: 'chart' | 'map'; caption: string; svg: string; alt: string; width: number; height: number; table: Table }
  /** Narrative written by a coordinator, as paragraphs: none when nobody has written it yet. */
  | { type: 'narrative'; key: string; label: string; paragraphs: string[] };

export interface Section {
  id: string;
  title: string;
  blocks: Block[];
}

/** Where a figure came from: an indicator's source, an import, a licence. */
export interface DataSource {
  name: string;
  detail: string;
  licence: string;
}

/** The reports SaferHub makes itself, and the other documents drawn through the same renderers. */
export type DocumentKind = ReportKind | 'strategic-assessment';

export interface ReportDocument {
  kind: DocumentKind;
  title: string;
  partnershipId: number;
  partnershipName: string;
  periodKey: string;
  periodLabel: string;
  /** BCP 47; every format declares it. */
  language: 'en-GB';
  /** Draft (live figures), a published version (frozen), or a document agreed by the partnership (frozen). */
  state:
    | { status: 'draft' }
    | { status: 'published'; version: number; publishedAt: string; publishedBy: string }
    | { status: 'agreed'; agreedAt: string };
  /** When the figures were gathered (ISO date-time). */
  madeAt: string;
  /** Small numbers hidden (published versions, and drafts for readers who are not analysts). */
  suppressed: boolean;
  sections: Section[];
  sources: DataSource[];
  /** The imports and dates of the data used, stored with a published version. */
  dataUsed: { what: string; when: string }[];
}

export const DRAFT_MARK = 'Draft — not for publication';

export const paragraphsOf = (text: string) =>
  text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);

/** The line under the title: the period and the state of the document. */
export function statusLine(doc: ReportDocument): string {
  if (doc.state.status === 'draft') return DRAFT_MARK;
  if (doc.state.status === 'agreed') return `Agreed on ${longDate(doc.state.agreedAt)}`;
  return `Version ${doc.state.version}, published ${longDate(doc.state.publishedAt)} by ${doc.state.publishedBy}`;
}

export function longDate(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
}

/** Every figure and map of the document, in order (for the list of figures and for tests). */
export const figuresOf = (doc: ReportDocument) => doc.sections.flatMap((s) => s.blocks).filter((b) => b.type === 'figure');
