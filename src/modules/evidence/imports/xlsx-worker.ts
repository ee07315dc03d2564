/**
 * The worker thread that reads an uploaded XLSX workbook (started by xlsx.ts with a memory limit, so a
 * workbook that still manages to blow up takes only this thread down). It guards the zip (xlsx-guard.ts),
 * reads the guarded parts with exceljs's streaming reader, and sends the rows to the main thread in
 * batches, one batch each time the main thread asks ("pull"), so rows never pile up in either thread.
 *
 * Messages to the main thread: sheet (a sheet starts), rows, sheet-end, done, refused (with the message).
 */
import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import ExcelJS from 'exceljs';
import {
  checkDeclaredSizes,
  guardedWorkbook,
  planWorkbook,
  readZipDirectory,
  UnpackBudget,
  XLSX_LIMITS,
  XlsxRefusedError,
} from './xlsx-guard.js';

export interface XlsxRow {
  line: number;
  fields: string[];
}

export type WorkerMessage =
  | { type: 'sheet'; name: string }
  | { type: 'rows'; rows: XlsxRow[] }
  | { type: 'sheet-end' }
  | { type: 'done' }
  | { type: 'refused'; message: string };

export interface WorkerInput {
  filePath: string;
}

/** Rows per message. */
const BATCH_ROWS = 500;

const port = parentPort!;
let credit = 0;
let wake: (() => void) | null = null;
let refused = false;
port.on('message', (message: { type?: string }) => {
  if (message.type !== 'pull') return;
  credit++;
  wake?.();
});

const never = () => new Promise<never>(() => undefined);

/** Sends a message once the main thread has asked for one. */
async function send(message: WorkerMessage) {
  while (credit === 0 && !refused) await new Promise<void>((resolve) => (wake = resolve));
  if (refused) return never();
  wake = null;
  credit--;
  port.postMessage(message);
}

/** Sends the refusal at once and stops: the main thread ends this thread when it has it. */
function refuse(error: unknown) {
  if (refused) return;
  refused = true;
  const message =
    error instanceof XlsxRefusedError
      ? error.message
      : `the workbook could not be read (${error instanceof Error ? error.message : String(error)})`;
  port.postMessage({ type: 'refused', message } satisfies WorkerMessage);
  wake?.();
}

/** The guarded zip, with a refusal sent straight away should the guard refuse part-way (the reader would wait forever). */
async function* watched(source: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* source;
  } catch (error) {
    refuse(error);
    await never();
  }
}

type Value = ExcelJS.CellValue;

/** A cell's value as the text a CSV of the sheet would hold (numbers unformatted, formulas as their result). */
function cellText(value: Value): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return value.richText.map((r) => r.text ?? '').join('');
  if ('error' in value) return String(value.error);
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: Value }).result ?? null);
  if ('text' in value) return cellText(value.text);
  return '';
}

async function read({ filePath }: WorkerInput) {
  const { parts } = await readZipDirectory(filePath);
  checkDeclaredSizes(parts);
  const budget = new UnpackBudget();
  const plan = await planWorkbook(filePath, parts, budget);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(watched(guardedWorkbook(filePath, plan, budget))), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  let rowsRead = 0;
  let cellsRead = 0;
  for await (const worksheet of reader) {
    const sheet = (worksheet as unknown as { name: string }).name;
    await send({ type: 'sheet', name: sheet });
    let batch: XlsxRow[] = [];
    let lastLine = 0;
    for await (const row of worksheet) {
      const line = Number.isFinite(row.number) && row.number > 0 ? row.number : lastLine + 1;
      lastLine = line;
      if (++rowsRead > XLSX_LIMITS.maxRows)
        throw new XlsxRefusedError(
          `sheet "${sheet}", row ${line.toLocaleString('en-GB')}: more than ${XLSX_LIMITS.maxRows.toLocaleString('en-GB')} rows (limit on rows)`,
        );
      const fields: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell, column) => {
        while (fields.length < column - 1) fields.push('');
        fields[column - 1] = cellText(cell.value);
      });
      cellsRead += fields.length;
      if (cellsRead > XLSX_LIMITS.maxCells)
        throw new XlsxRefusedError(
          `sheet "${sheet}", row ${line.toLocaleString('en-GB')}: more than ${XLSX_LIMITS.maxCells.toLocaleString('en-GB')} cells (limit on cells)`,
        );
      batch.push({ line, fields });
      if (batch.length >= BATCH_ROWS) {
        await send({ type: 'rows', rows: batch });
        batch = [];
      }
    }
    if (batch.length) await send({ type: 'rows', rows: batch });
    await send({ type: 'sheet-end' });
  }
  await send({ type: 'done' });
}

read(workerData as WorkerInput).catch(refuse);
