/**
 * The PDF renderer: the content model written as Typst markup and compiled in-process by Typst
 * (@myriaddreamin/typst-ts-node-compiler), without a browser. A4, tagged for screen readers, with the
 * document's title and language set, page numbers, and tables whose header row repeats on every page.
 * Fonts: Source Sans 3 from node_modules/source-sans/TTF (fonts.ts). Charts and maps are the same SVG as the pages,
 * handed to Typst from memory (`mapShadow`) under a private workspace path.
 *
 * Every string from the model is written as a Typst string literal (`#"..."`), so nothing a user typed is
 * ever read as Typst markup or code.
 */
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import { DRAFT_MARK, statusLine, type Block, type ReportDocument, type Table } from '../model.js';
import { fontDir, fontFamily } from './fonts.js';

const WORKSPACE = '/saferhub-report';

let compiler: NodeCompiler | null = null;
/** One compiler for the process (fonts load once, about 20 ms); each document resets its images. */
function typst(): NodeCompiler {
  compiler ??= NodeCompiler.create({ workspace: WORKSPACE, fontArgs: [{ fontPaths: [fontDir] }] });
  return compiler;
}

/** A Typst string literal: only the backslash, the quote and line ends need escaping. */
export function typstString(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n').replace(/\r/g, '\\n') + '"';
}
/** Plain text placed in markup, never interpreted. */
const t = (s: string) => `#${typstString(s)}`;
/** Plain text as content, for function arguments. */
const c = (s: string) => `[${t(s)}]`;

function table(tb: Table): string {
  const numeric = tb.head.map((_, i) => tb.numeric?.[i] ?? false);
  const columns = numeric.map((n, i) => (n ? 'auto' : i === 0 && numeric.some(Boolean) ? '2fr' : '1fr')).join(', ');
  const align = numeric.map((n) => (n ? 'right' : 'left')).join(', ');
  const cells = tb.rows.map((r) => r.map((cell) => c(cell)).join(', ')).join(',\n  ');
  return [
    `#figure(kind: table, caption: figure.caption(position: top, ${c(tb.caption)}),`,
    ` table(columns: (${columns}), align: (${align}), stroke: 0.5pt + rgb("#b1b4b6"), inset: 5pt,`,
    `  table.header(repeat: true, ${tb.head.map((h) => `[*${t(h)}*]`).join(', ')}),`,
    `  ${cells}${cells ? ',' : ''}`,
    ` ))`,
    tb.note ? `#text(size: 9pt, ${c(tb.note)})` : '',
  ].join('\n');
}

function block(b: Block, images: Map<string, string>, n: { figure: number }): string {
  switch (b.type) {
    case 'heading':
      return `=== ${t(b.text)}`;
    case 'paragraph':
      return t(b.text);
    case 'list':
      return b.items.map((i) => `- ${t(i)}`).join('\n');
    case 'table':
      return table(b.table);
    case 'narrative':
      return [`=== ${t(b.label)}`, ...(b.paragraphs.length ? b.paragraphs.map(t) : [`#emph(${c('Not written yet.')})`])].join('\n\n');
    case 'figure': {
      n.figure++;
      // Typst reads "/figures/1.svg" from the workspace root, where mapShadow placed it.
      const file = `/figures/${n.figure}.svg`;
      images.set(`${WORKSPACE}${file}`, b.svg);
      const widthPt = Math.min(b.width * 0.75, 481);
      return [
        `#figure(image(${typstString(file)}, alt: ${typstString(b.alt)}, width: ${widthPt.toFixed(0)}pt), caption: ${c(b.caption)})`,
        table(b.table),
      ].join('\n\n');
    }
  }
}

/** The Typst source of a report, and the images it refers to. */
export function typstSource(doc: ReportDocument): { source: string; images: Map<string, string> } {
  const images = new Map<string, string>();
  const n = { figure: 0 };
  const draft = doc.state.status === 'draft';
  const head = [
    `#set document(title: ${typstString(doc.title)}, author: "SaferHub", date: none)`,
    `#set text(lang: "en", region: "GB", font: ${typstString(fontFamily)}, size: 10.5pt)`,
    `#set page(paper: "a4", margin: (x: 2cm, y: 2.2cm),`,
    `  header: ${draft ? `align(right, text(size: 9pt, weight: "bold", fill: rgb("#d4351c"), ${c(DRAFT_MARK)}))` : 'none'},`,
    `  footer: context align(center, text(size: 9pt)[Page #counter(page).display("1 of 1", both: true)]))`,
    `#set par(justify: false, leading: 0.6em, spacing: 0.9em)`,
    `#show heading.where(level: 1): set text(size: 20pt)`,
    `#show heading.where(level: 2): set text(size: 15pt)`,
    `#show heading.where(level: 3): set text(size: 12pt)`,
    `#show figure: set block(breakable: true)`,
    `#show figure.caption: set text(weight: "bold")`,
    `#set figure.caption(separator: [ ])`,
    `#set figure(numbering: none)`,
  ];
  const body: string[] = [
    `= ${t(doc.title)}`,
    `#text(size: 13pt, ${c(`${doc.partnershipName}: ${doc.periodLabel}`)})`,
    `#text(weight: "bold", ${c(statusLine(doc))})`,
  ];
  if (doc.suppressed) body.push(t('Small numbers are hidden in this document (shown as “suppressed”).'));
  for (const s of doc.sections) {
    body.push(`== ${t(s.title)}`);
    for (const b of s.blocks) body.push(block(b, images, n));
  }
  return { source: [...head, '', ...body].join('\n\n'), images };
}

/** The report as a PDF. Throws with Typst's own message if the source does not compile (a SaferHub bug). */
export function renderPdf(doc: ReportDocument): Buffer {
  const { source, images } = typstSource(doc);
  const compiler = typst();
  compiler.resetShadow();
  for (const [file, svg] of images) compiler.mapShadow(file, Buffer.from(svg, 'utf8'));
  const result = compiler.compile({ mainFileContent: source });
  const compiled = result.result;
  if (result.hasError() || !compiled) {
    const diagnostics = result.takeDiagnostics();
    throw new Error(`Typst could not make the PDF: ${JSON.stringify(diagnostics ? compiler.fetchDiagnostics(diagnostics) : [])}`);
  }
  const pdf = compiler.pdf(compiled, { creationTimestamp: Math.floor(Date.parse(doc.madeAt) / 1000) });
  compiler.resetShadow();
  return pdf;
}
