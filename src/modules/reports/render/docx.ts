/**
 * The Word renderer (docx): real Word headings (Title, Heading 1, Heading 2), tables with a header row that
 * repeats across pages, the charts and maps as images (the same SVG as the pages, which Word 2016 and later
 * and LibreOffice draw, with the PNG the format asks for beside it for older Word: the same SVG drawn by
 * resvg in Source Sans 3 at twice the image's size, png.ts), each followed by its table, and page numbers.
 *
 * The package is made deterministic (fixed dates inside and in the zip) so the same content gives the same
 * bytes from the page, the API and the command line.
 */
import { unzipSync, zipSync } from 'fflate';
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  Table as DocxTable,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
} from 'docx';
import { DRAFT_MARK, statusLine, type Block, type ReportDocument, type Table } from '../model.js';
import { svgToPng } from './png.js';

/** Pictures are drawn at twice their size in the document, so they stay sharp when printed or zoomed. */
export const PNG_SCALE = 2;

const cellText = (text: string, bold: boolean, right: boolean) =>
  new Paragraph({ alignment: right ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [new TextRun({ text, bold })] });

function table(tb: Table): FileChild[] {
  const right = tb.head.map((_, i) => tb.numeric?.[i] ?? false);
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: tb.head.map((h, i) => new TableCell({ children: [cellText(h, true, right[i]!)] })),
  });
  const rows = tb.rows.map(
    (r) => new TableRow({ cantSplit: true, children: r.map((cell, i) => new TableCell({ children: [cellText(cell, false, right[i]!)] })) }),
  );
  return [
    new Paragraph({ style: 'Caption', keepNext: true, children: [new TextRun({ text: tb.caption, bold: true })] }),
    new DocxTable({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [header, ...rows] }),
    ...(tb.note ? [new Paragraph({ children: [new TextRun({ text: tb.note, size: 18 })] })] : []),
  ];
}

function block(b: Block): FileChild[] {
  switch (b.type) {
    case 'heading':
      return [new Paragraph({ heading: HeadingLevel.HEADING_2, text: b.text })];
    case 'paragraph':
      return [new Paragraph({ text: b.text })];
    case 'list':
      return b.items.map((i) => new Paragraph({ text: i, bullet: { level: 0 } }));
    case 'table':
      return table(b.table);
    case 'narrative':
      return [
        new Paragraph({ heading: HeadingLevel.HEADING_2, text: b.label }),
        ...(b.paragraphs.length
          ? b.paragraphs.map((p) => new Paragraph({ text: p }))
          : [new Paragraph({ children: [new TextRun({ text: 'Not written yet.', italics: true })] })]),
      ];
    case 'figure': {
      const scale = Math.min(1, 600 / b.width);
      const size = { width: Math.round(b.width * scale), height: Math.round(b.height * scale) };
      return [
        new Paragraph({ style: 'Caption', keepNext: true, children: [new TextRun({ text: b.caption, bold: true })] }),
        new Paragraph({
          children: [
            new ImageRun({
              type: 'svg',
              data: Buffer.from(b.svg, 'utf8'),
              transformation: size,
              altText: { name: b.caption, title: b.caption, description: b.alt },
              fallback: { type: 'png', data: svgToPng(b.svg, size.width * PNG_SCALE) },
            }),
          ],
        }),
        ...table(b.table),
      ];
    }
  }
}

/** Fixed dates in docProps/core.xml and in the zip, so the same content gives the same bytes. */
function settle(bytes: Uint8Array, when: string): Buffer {
  const files = unzipSync(bytes);
  const core = files['docProps/core.xml'];
  const stamp = new Date(when).toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (core)
    files['docProps/core.xml'] = new TextEncoder().encode(
      new TextDecoder().decode(core).replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:)/g, `$1${stamp}$2`),
    );
  // docx numbers drawings with a counter that runs across documents: number them from 1 in each one.
  const body = files['word/document.xml'];
  if (body) {
    let n = 0;
    files['word/document.xml'] = new TextEncoder().encode(
      new TextDecoder().decode(body).replace(/<wp:docPr id="\d+"/g, () => `<wp:docPr id="${++n}"`),
    );
  }
  const mtime = new Date(when);
  const entries = Object.fromEntries(
    Object.entries(files).map(([name, data]) => [name, [data, { mtime }] as [Uint8Array, { mtime: Date }]]),
  );
  return Buffer.from(zipSync(entries, { level: 6 }));
}

export async function renderDocx(doc: ReportDocument): Promise<Buffer> {
  const draft = doc.state.status === 'draft';
  const children: FileChild[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, text: doc.title }),
    new Paragraph({ children: [new TextRun({ text: `${doc.partnershipName}: ${doc.periodLabel}`, size: 28 })] }),
    new Paragraph({ children: [new TextRun({ text: statusLine(doc), bold: true, color: draft ? 'D4351C' : undefined })] }),
  ];
  if (doc.suppressed) children.push(new Paragraph({ text: 'Small numbers are hidden in this document (shown as “suppressed”).' }));
  for (const s of doc.sections) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, text: s.title }));
    for (const b of s.blocks) children.push(...block(b));
  }
  const file = new Document({
    title: doc.title,
    creator: 'SaferHub',
    description: `${doc.partnershipName}: ${doc.periodLabel}`,
    styles: { default: { document: { run: { font: 'Arial', size: 22, language: { value: 'en-GB' } } } } },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 } } },
        headers: draft
          ? {
              default: new Header({
                children: [
                  new Paragraph({
                    alignment: AlignmentType.RIGHT,
                    children: [new TextRun({ text: DRAFT_MARK, bold: true, color: 'D4351C' })],
                  }),
                ],
              }),
            }
          : undefined,
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return settle(await Packer.toBuffer(file), doc.madeAt);
}
