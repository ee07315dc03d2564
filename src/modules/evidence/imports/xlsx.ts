/**
 * Rows of an XLSX workbook (the ONS population tables), read without letting the workbook hurt the service.
 * The workbook is read in a worker thread with a memory limit (xlsx-worker.ts): the zip is guarded first
 * (xlsx-guard.ts: limits on unpacked size, packing ratio, rows, columns and cells), then read by exceljs's
 * streaming reader, and the rows come back in batches as they are needed. A limit passed, a damaged file or
 * a worker that runs out of memory or stops becomes an `XlsxRefusedError` with a message saying what and
 * where: an ordinary refusal of the import, never a crash of the process.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { ParsedRow } from './source.js';
import { XlsxRefusedError } from './xlsx-guard.js';
import type { WorkerInput, WorkerMessage } from './xlsx-worker.js';

export { XLSX_LIMITS, XlsxRefusedError } from './xlsx-guard.js';

/** The reading thread's memory limit (its JavaScript heap). */
export const XLSX_WORKER_MEMORY_MB = 256;
/**
 * How long the reading thread may take to send its next batch of rows. Reading is bounded by the limits, so
 * a thread this slow is stuck; it is stopped rather than left holding the import's transaction open.
 */
export const XLSX_WORKER_IDLE_SECONDS = 120;

/**
 * Starts the reading thread. Compiled, it is xlsx-worker.js beside this file; run from the TypeScript
 * sources (tsx, vitest), the thread first registers tsx so that it can load xlsx-worker.ts.
 */
function startWorker(filePath: string, memoryMb: number): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const target = new URL(`./xlsx-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  const resourceLimits: ResourceLimits = {
    maxOldGenerationSizeMb: memoryMb,
    maxYoungGenerationSizeMb: Math.min(32, memoryMb),
    stackSizeMb: 4,
  };
  const options = { workerData: { filePath } satisfies WorkerInput, resourceLimits };
  if (!fromSource) return new Worker(target, options);
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(path.join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(target.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

function crashMessage(error: Error, memoryMb: number): string {
  if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY')
    return (
      `reading the workbook needed more than the ${memoryMb} MB of memory allowed (limit on memory), so it was stopped: ` +
      'the workbook is too large or made to attack the service'
    );
  return `the workbook reader stopped unexpectedly (${error.message})`;
}

/** The main thread's side of the reading thread: asks for one message at a time. */
class WorkerChannel {
  private readonly queue: WorkerMessage[] = [];
  private waiting: { resolve: (m: WorkerMessage) => void; reject: (e: Error) => void; timer: NodeJS.Timeout } | null = null;
  private failure: XlsxRefusedError | null = null;
  private closed = false;

  constructor(
    private readonly worker: Worker,
    memoryMb: number,
  ) {
    worker.on('message', (message: WorkerMessage) => {
      this.worker.unref();
      const waiting = this.waiting;
      this.waiting = null;
      if (waiting) {
        clearTimeout(waiting.timer);
        waiting.resolve(message);
      } else this.queue.push(message);
    });
    worker.on('error', (error: Error) => this.fail(crashMessage(error, memoryMb)));
    worker.on('exit', (code) => this.fail(`the workbook reader stopped unexpectedly (exit code ${code})`));
  }

  private fail(message: string) {
    if (this.closed || this.failure) return;
    this.failure = new XlsxRefusedError(message);
    if (this.waiting) {
      clearTimeout(this.waiting.timer);
      this.waiting.reject(this.failure);
    }
    this.waiting = null;
  }

  /** The next message; the thread keeps the process alive only while a message is awaited. */
  next(): Promise<WorkerMessage> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new XlsxRefusedError('the workbook reader was closed'));
    this.worker.ref();
    this.worker.postMessage({ type: 'pull' });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(`the workbook reader sent nothing for ${XLSX_WORKER_IDLE_SECONDS} seconds (limit on time), so it was stopped`);
        void this.close();
      }, XLSX_WORKER_IDLE_SECONDS * 1000);
      this.waiting = { resolve, reject, timer };
    });
  }

  async close() {
    if (this.closed) return;
    this.closed = true;
    await this.worker.terminate();
  }
}

export interface XlsxSheetRows {
  sheet: string;
  header: string[];
  /** The rows below the header, to the end of that sheet. */
  rows: AsyncIterable<ParsedRow>;
  /** Ends the reading early (also done when `rows` has been read to its end or thrown). */
  close: () => Promise<void>;
}

async function* rowsAfter(channel: WorkerChannel, first: ParsedRow[]): AsyncGenerator<ParsedRow> {
  try {
    yield* first;
    for (;;) {
      const message = await channel.next();
      if (message.type === 'refused') throw new XlsxRefusedError(message.message);
      if (message.type !== 'rows') break;
      yield* message.rows;
    }
  } finally {
    await channel.close();
  }
}

/**
 * Finds the first sheet (those named "Persons" first) with a row that `isHeader` accepts, and gives that
 * header and the rows below it. Null when no sheet has such a row. Throws `XlsxRefusedError` (also while
 * the rows are read) when the workbook is refused. `memoryMb` lowers the reading thread's memory (tests).
 */
export async function xlsxRows(
  filePath: string,
  isHeader: (cells: string[]) => boolean,
  options: { memoryMb?: number } = {},
): Promise<XlsxSheetRows | null> {
  const memoryMb = options.memoryMb ?? XLSX_WORKER_MEMORY_MB;
  const channel = new WorkerChannel(startWorker(filePath, memoryMb), memoryMb);
  try {
    let sheet = '';
    for (;;) {
      const message = await channel.next();
      if (message.type === 'refused') throw new XlsxRefusedError(message.message);
      if (message.type === 'done') break;
      if (message.type === 'sheet') sheet = message.name;
      if (message.type !== 'rows') continue;
      const at = message.rows.findIndex((r) => isHeader(r.fields));
      if (at < 0) continue;
      return {
        sheet,
        header: message.rows[at]!.fields.map((f) => f.trim()),
        rows: rowsAfter(channel, message.rows.slice(at + 1)),
        close: () => channel.close(),
      };
    }
  } catch (error) {
    await channel.close();
    throw error;
  }
  await channel.close();
  return null;
}
