import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { testRuntime } from '../../../test/support/db.js';
import { buildUser } from '../../../test/support/factories.js';
import { systemActor } from '../access/index.js';
import { figuresOf } from './model.js';
import { svgToPng } from './render/png.js';
import type { ReportFormat } from './schema.js';
import { loadReportDemoData } from './test/demo-data.js';

/**
 * The annual review opened as its readers' tools open it: the PDF's text (pdftotext) and its tags (pdfinfo),
 * the Word document's word/document.xml, the HTML. Seed 004's figures must be in all three.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saferhub-reports-'));
const write = (name: string, bytes: Buffer) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
};
const pdfText = (file: string) =>
  execFileSync('pdftotext', ['-layout', file, '-'])
    .toString()
    .replace(/[ \t]+/g, ' ');
const docxXml = (file: string) => execFileSync('unzip', ['-p', file, 'word/document.xml']).toString();
/** The text of word/document.xml, one line per paragraph and table cells separated by spaces. */
const docxText = (xml: string) =>
  xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<\/w:tc>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ');
const htmlText = (html: string) =>
  html
    .replace(/<svg[\s\S]*?<\/svg>/g, '')
    .replace(/<\/(td|th)>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

/** A PNG's size from its header and its RGBA pixels, decoded by resvg (the PNG drawn as an SVG's image). */
function decodePng(png: Uint8Array) {
  const bytes = Buffer.from(png);
  expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image width="${width}" height="${height}" href="data:image/png;base64,${bytes.toString('base64')}"/></svg>`;
  return { width, height, pixels: new Resvg(svg, { font: { loadSystemFonts: false } }).render().pixels };
}
const distinctColours = (pixels: Buffer) => {
  const colours = new Set<number>();
  for (let i = 0; i < pixels.length; i += 4) colours.add(pixels.readUInt32BE(i));
  return colours.size;
};
/** How many pixels differ between two images of the same size. */
const differingPixels = (a: Buffer, b: Buffer) => {
  let n = 0;
  for (let i = 0; i < a.length; i += 4) if (a.readUInt32BE(i) !== b.readUInt32BE(i)) n++;
  return n;
};

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** A table row: its label, then its cells in order (a PDF may wrap the label's last words below the cells). */
const row = (label: string, ...cells: string[]) => new RegExp(`${esc(label)}[^]{0,120}?${cells.map(esc).join(' ')}`);

/** Seed 004's figures, as each format writes them once its markup is stripped (whitespace collapsed). */
function expectSeedFigures(text: string) {
  const t = text.replace(/\s+/g, ' ');
  expect(t).toContain('was 121.5 crimes per 1,000 residents, significantly higher than England (73.4 per 1,000)');
  expect(t).toContain('It was the highest of the 15 partnerships');
  expect(t).toMatch(row('Southampton', '1', '121.5'));
  expect(t).toMatch(row('Robbery', '250', '327', '+30.8%'));
  expect(t).toMatch(row('Theft of a motor vehicle', '599', '444', '−25.9%'));
  expect(t).toMatch(row('Burglary Dwelling', '885', '989', '+11.8%'));
  expect(t).toMatch(row('Gun Crime', '13', '20', '+53.8%'));
  // Domestic abuse as a share of violent crime, by year (§43).
  expect(t).toMatch(row('2010/11', '26.0', '1,430'));
  expect(t).toMatch(row('2015/16', '29.1', '2,403'));
  expect(t).toMatch(row('2016/17', '29.8', '2,825'));
  // Feeling safe (§14): 2017, 2015, England.
  expect(t).toMatch(row('Residents who feel safe outside during the', '76.0', '85.0', '94.0', 'Lower (worse)'));
  expect(t).toMatch(row('Residents who feel safe outside after dark', '42.0', '52.0', '78.0', 'Lower (worse)'));
  // The measures this module's demo adds (§15–17, §23–24, §27, §39, §45).
  expect(t).toMatch(row('Young people who reoffend', '2016/17', '38.2%', '37.7%'));
  expect(t).toMatch(row('Young people sentenced to custody', '2016/17', '0.49', '0.36'));
  expect(t).toMatch(row('Deaths related to drug misuse', '2016', '6.2', '4.2'));
  expect(t).toMatch(row('Drug offences', '–', '722'));
  expect(t).toMatch(row('Anti-social behaviour incidents', '2016/17', '44.4'));
  expect(t).toMatch(row('Multi-Agency Risk', '720', '99', '−86.3%'));
  expect(t).toMatch(row('crime in their area has', '3.0'));
  expect(t).toMatch(row('crime in their area has', '40.0'));
  expect(t).toMatch(row('crime in their area has', '14.0'));
  expect(t).toMatch(row('crime in their area has', '43.1'));
  expect(t).toMatch(row('Residents who see begging in the street', '36.0'));
  expect(t).toMatch(row('Residents who see rough sleeping', '33.0'));
  expect(t).toMatch(row('Residents who agree the police', '17.4', '34.9'));
  // The ward map of the leading crime types, and the data sources with their licences.
  expect(t).toContain('Anti-social behaviour: records by ward, Southampton');
  expect(t).toContain('Open Government Licence v3.0');
}

describe('the 2016/17 annual review of Southampton Safe City Partnership', () => {
  it('carries seed 004’s figures in the PDF, the Word document and the HTML, each a real document of its kind', async () => {
    const { services } = await testRuntime();
    await loadReportDemoData(services);
    const { id } = await services.partnerships.resolvePartnership('Southampton Safe City');
    const file = async (format: ReportFormat) =>
      (await services.reports.download(systemActor, id, 'annual-review', '2016/17', format)).bytes;

    const pdf = write('review.pdf', await file('pdf'));
    const text = pdfText(pdf);
    expectSeedFigures(text);
    expect(text).toContain('Draft — not for publication');
    expect(text).toMatch(/Page 1 of \d+/);
    const info = execFileSync('pdfinfo', [pdf], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    expect(info).toMatch(/Title:\s+Annual review for scrutiny/);
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    const struct = execFileSync('pdfinfo', ['-struct', pdf], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    expect(struct).toMatch(/H1 "Annual review for scrutiny"/);
    expect(struct).toContain('THead');
    expect(struct).toContain('Figure');
    // The offence table runs over a page and repeats its header row there.
    expect(text.match(/Offence type 2015\/16 2016\/17/g)?.length).toBeGreaterThanOrEqual(2);
    // Language: the catalogue's /Lang.
    expect(fs.readFileSync(pdf).toString('latin1')).toMatch(/\/Lang \((en-GB|en)\)/);

    const docx = write('review.docx', await file('docx'));
    const xml = docxXml(docx);
    expectSeedFigures(docxText(xml));
    expect(xml).toContain('<w:pStyle w:val="Title"/>');
    expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
    expect(xml).toContain('<w:tblHeader/>');
    expect(execFileSync('unzip', ['-l', docx]).toString()).toMatch(/word\/media\/\S+\.svg/);
    // Beside each SVG, the PNG for older Word: the same chart or map drawn at twice its size, text included.
    const parts = unzipSync(fs.readFileSync(docx));
    const rels = new TextDecoder().decode(parts['word/_rels/document.xml.rels']);
    const target = (id: string) =>
      new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)?.[1];
    const pngs = [...xml.matchAll(/<a:blip r:embed="([^"]+)"/g)].map((m) => `word/${target(m[1]!)}`);
    const figures = figuresOf(await services.reports.document(systemActor, id, 'annual-review', '2016/17'));
    expect(figures.length).toBeGreaterThanOrEqual(3); // the comparator chart, trends, the ward maps
    expect(pngs).toHaveLength(figures.length);
    figures.forEach((figure, i) => {
      expect(pngs[i]).toMatch(/\.png$/);
      const png = decodePng(parts[pngs[i]!]!);
      const width = Math.round(figure.width * Math.min(1, 600 / figure.width)) * 2;
      expect(png.width).toBe(width);
      expect(Math.abs(png.height - (width * figure.height) / figure.width)).toBeLessThanOrEqual(1);
      expect(distinctColours(png.pixels)).toBeGreaterThan(16); // a picture, not one colour
      // Its text (charts have labels; maps have none) was drawn: without its <text> the picture differs.
      if (!figure.svg.includes('<text')) return;
      const textless = decodePng(svgToPng(figure.svg.replace(/<text\b[^>]*>[^<]*<\/text>/g, ''), width));
      expect(differingPixels(png.pixels, textless.pixels)).toBeGreaterThan(500);
    });

    const html = (await file('html')).toString('utf8');
    expectSeedFigures(htmlText(html));
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toContain('<th scope="col"');
    expect(html).toMatch(/<svg[^>]+role="img"/);
    expect(html).toContain('@media print');

    // The same content gives the same bytes (the page, the API and the command line agree).
    expect((await file('docx')).equals(await file('docx'))).toBe(true);
  }, 300_000);

  it('keeps a published version unchanged after new data is imported, and hides small numbers in it', async () => {
    const { services } = await testRuntime();
    await loadReportDemoData(services);
    const { id } = await services.partnerships.resolvePartnership('Southampton Safe City');
    const coordinator = await buildUser({
      roles: [{ partnership: await services.partnerships.resolvePartnership('Southampton Safe City'), role: 'coordinator' }],
    });
    await services.reports.saveNarrative(
      coordinator.actor,
      id,
      'annual-review',
      '2016/17',
      'introduction',
      1,
      'This review covers <b>2016/17</b> & #strong "quotes".',
    );
    const v1 = await services.reports.publish(coordinator.actor, id, 'annual-review', '2016/17');
    expect(v1.versionNumber).toBe(1);
    const before = await Promise.all(
      (['pdf', 'docx', 'html'] as const).map(
        async (f) => (await services.reports.download(coordinator.actor, id, 'annual-review', '2016/17', f, 1)).bytes,
      ),
    );
    const v1Text = pdfText(write('v1.pdf', before[0]!));
    expect(v1Text).toContain('Version 1, published');
    expect(v1Text).not.toContain('Draft — not for publication');
    expect(v1Text).toContain('This review covers <b>2016/17</b> & #strong "quotes".');

    // New figures arrive: a higher count of recorded crime and a small count of gun crime.
    const csv = write(
      'new.csv',
      Buffer.from(
        'indicator,area_code,period,numerator,denominator\nho:recorded-crime-excluding-fraud-rate,E22000120,2016/17,31000,248662\nsa:gun-crime,E22000120,2016/17,3,\n',
      ),
    );
    const outcome = await services.evidenceImports.importFile(systemActor, { choice: 'observations', filePath: csv, fileName: 'new.csv' });
    expect(outcome.status).toBe('succeeded');

    const draft = pdfText(
      write('draft.pdf', (await services.reports.download(coordinator.actor, id, 'annual-review', '2016/17', 'pdf')).bytes),
    );
    expect(draft).toContain('was 124.7 crimes per 1,000');
    expect(draft.replace(/\s+/g, ' ')).toMatch(row('Gun Crime', '13', '3', '−76.9%')); // drafts for analysts show every figure

    const after = await Promise.all(
      (['pdf', 'docx', 'html'] as const).map(
        async (f) => (await services.reports.download(coordinator.actor, id, 'annual-review', '2016/17', f, 1)).bytes,
      ),
    );
    after.forEach((bytes, i) => expect(bytes.equals(before[i]!)).toBe(true));

    const v2 = await services.reports.publish(coordinator.actor, id, 'annual-review', '2016/17');
    expect(v2.versionNumber).toBe(2);
    const v2Text = pdfText(
      write('v2.pdf', (await services.reports.download(coordinator.actor, id, 'annual-review', '2016/17', 'pdf', 2)).bytes),
    );
    expect(v2Text).toContain('was 124.7 crimes per 1,000');
    expect(v2Text.replace(/\s+/g, ' ')).toMatch(row('Gun Crime', '13', 'suppressed', '–'));
    expect(v2Text).toContain('Small numbers are hidden');
  }, 300_000);
});
