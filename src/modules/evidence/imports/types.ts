import type { Actor } from '../../access/index.js';
import type { ImportKind } from '../schema.js';
import type { BulkSession } from './repository-bulk.js';
import type { Problems } from './problems.js';
import type { ProgressListener } from './source.js';

/** What one import file gets to work with, inside the import's transaction. */
export interface ImportContext {
  session: BulkSession;
  importId: number;
  filePath: string;
  fileName: string;
  problems: Problems;
  onProgress?: ProgressListener | undefined;
  options: ImportOptions;
}

export interface ImportOptions {
  /** Population: the mid-year of an ONS estimates file whose name does not say it. */
  year?: number | undefined;
  /** Stop and search: the force, when the file name does not say it. */
  force?: string | undefined;
}

/** What a handler reports when the file is good. */
export interface HandlerResult {
  rowsRead: number;
  rowsWritten: number;
  messages: string[];
  details?: Record<string, unknown>;
}

export type ImportHandler = (context: ImportContext) => Promise<HandlerResult>;

export interface ImportRequest {
  kind: ImportKind;
  filePath: string;
  /** As shown to people: the name it was uploaded or given with. */
  fileName: string;
  actor: Actor;
  options?: ImportOptions;
  onProgress?: ProgressListener | undefined;
  /** A background import's history row, already written as 'running'. */
  importId?: number | undefined;
  /** The content's sha256 when already computed. */
  sha256?: string | undefined;
}

export type ImportOutcome =
  | { status: 'succeeded'; importId: number; fileName: string; rowsRead: number; rowsWritten: number; messages: string[] }
  | { status: 'already-imported'; importId: number; fileName: string; messages: string[] }
  | { status: 'refused'; importId: number; fileName: string; problems: string[]; problemCount: number; messages: string[] };
