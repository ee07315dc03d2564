/**
 * CSV writing for downloads. Cells that a spreadsheet would run as a formula (starting with =, +, -, @,
 * tab or carriage return) are neutralised with a leading apostrophe; numbers are written as numbers.
 */
const dangerous = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (value instanceof Date) return value.toISOString();
  let text: string;
  switch (typeof value) {
    case 'string':
      text = value;
      break;
    case 'boolean':
    case 'bigint':
      text = String(value);
      break;
    default:
      text = JSON.stringify(value) ?? '';
  }
  if (dangerous.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: unknown[]) => cells.map(csvCell).join(',');

/** A whole CSV document with a header row, CRLF line endings as RFC 4180 asks. */
export function toCsv(header: string[], rows: unknown[][]): string {
  return [csvLine(header), ...rows.map(csvLine)].join('\r\n') + '\r\n';
}

/** A safe download file name: letters, digits, dashes. */
export const downloadName = (base: string, ext = 'csv') =>
  `${base
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}.${ext}`;
