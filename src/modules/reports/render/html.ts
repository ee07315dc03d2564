/**
 * The HTML renderer: the content model through Nunjucks (autoescaped) into a standalone, accessible page
 * (the download), with the stylesheet inline and a print stylesheet that starts the content on page 1.
 * The report page inside SaferHub uses the same macro (views/macros.njk) within the service's layout.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { registerFilters } from '../../../web/filters.js';
import { templatePaths } from '../../../web/render.js';
import { DRAFT_MARK, statusLine, type ReportDocument } from '../model.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const css = fs.readFileSync(path.join(here, '..', 'views', 'report.css'), 'utf8');

let env: nunjucks.Environment | null = null;
function environment() {
  if (!env) {
    env = new nunjucks.Environment(new nunjucks.FileSystemLoader(templatePaths), { autoescape: true });
    registerFilters(env);
  }
  return env;
}

/** The stylesheet the report page and the download share (screen and print). */
export const reportCss = css;

export function renderHtml(doc: ReportDocument): Buffer {
  const html = environment().render('reports/views/document.njk', { doc, css, status: statusLine(doc), draftMark: DRAFT_MARK });
  return Buffer.from(html, 'utf8');
}
