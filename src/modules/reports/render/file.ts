/**
 * A document rendered as a file to send: the bytes in the asked format (HTML, PDF or DOCX), their content type
 * and the download's file name. The report pages, the API, the command line and other modules' documents (the
 * strategic assessment) all make their files here, so every format of every document comes out the same way.
 */
import type { ReportDocument } from '../model.js';
import { contentTypes, fileName } from '../presenters.js';
import type { ReportFormat } from '../schema.js';
import { renderDocx } from './docx.js';
import { renderHtml } from './html.js';
import { renderPdf } from './pdf.js';

export interface Rendered {
  bytes: Buffer;
  contentType: string;
  fileName: string;
}

export function render(doc: ReportDocument, format: ReportFormat): Promise<Buffer> | Buffer {
  switch (format) {
    case 'html':
      return renderHtml(doc);
    case 'pdf':
      return renderPdf(doc);
    case 'docx':
      return renderDocx(doc);
  }
}

/** The document as a file to download. */
export async function renderFile(doc: ReportDocument, format: ReportFormat): Promise<Rendered> {
  const version = doc.state.status === 'published' ? doc.state.version : doc.state.status === 'agreed' ? 'agreed' : null;
  return {
    bytes: await render(doc, format),
    contentType: contentTypes[format],
    fileName: fileName(doc.partnershipName, doc.kind, doc.periodKey, version, format),
  };
}
