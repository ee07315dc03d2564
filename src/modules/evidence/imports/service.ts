/**
 * Imports of evidence files, used by the CLI, the upload pages and the demo loader. Who may import, and see
 * the history: policy.ts (administrators and the coordinators of any partnership); the command line acts as
 * the system.
 */
import type { Database } from '../../../db/database.js';
import { forbidden } from '../../../lib/errors.js';
import type { Actor, AuditService } from '../../access/index.js';
import { canImport, canSeeImportHistory } from '../policy.js';
import type { ImportKind } from '../schema.js';
import { rolesOf } from '../repository.js';
import { importAreas } from './areas.js';
import { importHomeOffice } from './home-office.js';
import { importIndicators } from './indicators.js';
import { importObservations } from './observations.js';
import { importPoliceUkOutcomes, importStopSearch, outcomesHeader, stopSearchHeader } from './police-uk-other.js';
import { importPoliceUkStreet } from './police-uk-street.js';
import { importPopulation } from './population.js';
import { sameHeader } from './problems.js';
import { runImport } from './runner.js';
import { getImport, listImports } from './repository.js';
import { readHeaderLine, splitHeader, type ProgressListener } from './source.js';
import type { ImportHandler, ImportOptions, ImportOutcome } from './types.js';
import { createBackgroundImports } from './background.js';

export const handlers: Record<ImportKind, ImportHandler> = {
  areas: importAreas,
  population: importPopulation,
  indicators: importIndicators,
  observations: importObservations,
  'police-uk-street': importPoliceUkStreet,
  'police-uk-outcomes': importPoliceUkOutcomes,
  'police-uk-stop-and-search': importStopSearch,
  'home-office-csp': importHomeOffice,
};

/** What people choose from: police.uk files are told apart by their header. */
export const importChoices = ['areas', 'population', 'indicators', 'observations', 'police-uk', 'home-office'] as const;
export type ImportChoice = (typeof importChoices)[number];

/** Which kind of police.uk file this is (street-level unless the header says outcomes or stop and search). */
export async function policeUkKind(filePath: string): Promise<ImportKind> {
  const header = splitHeader(await readHeaderLine(filePath));
  if (sameHeader(header, outcomesHeader)) return 'police-uk-outcomes';
  if (sameHeader(header, stopSearchHeader)) return 'police-uk-stop-and-search';
  return 'police-uk-street';
}

export async function kindOf(choice: ImportChoice, filePath: string): Promise<ImportKind> {
  if (choice === 'police-uk') return policeUkKind(filePath);
  if (choice === 'home-office') return 'home-office-csp';
  return choice;
}

export function createEvidenceImportService(database: Database, audit: AuditService) {
  const { db } = database;
  const mayImport = async (actor: Actor) => canImport(actor, await rolesOf(db, actor));
  /** 403 unless the actor may import (the upload page, the upload, the command line). */
  async function requireImporter(actor: Actor) {
    if (!(await mayImport(actor))) throw forbidden('Only administrators and partnership coordinators can import data');
  }
  const background = createBackgroundImports(database, (request) => runImport(database, audit, handlers, request));
  const mayRead = async (actor: Actor) => {
    if (!canSeeImportHistory(actor, await rolesOf(db, actor)))
      throw forbidden('Only administrators and partnership coordinators can see the import history');
    await background.failStale();
  };
  return {
    mayImport,
    requireImporter,
    /**
     * Starts importing a file in the background of this process and answers at once: "already imported",
     * or the id of the history row that shows its progress and then its result. `cleanup` runs when it ends.
     */
    async startImport(
      actor: Actor,
      file: { choice: ImportChoice; filePath: string; fileName: string; options?: ImportOptions; cleanup?: () => Promise<void> },
    ) {
      await requireImporter(actor);
      const kind = await kindOf(file.choice, file.filePath);
      return background.start({ ...file, kind, actor });
    },
    /** Resolves when a background import of this process has ended. */
    settled: background.settled,
    idle: background.idle,
    /** Imports one file whole or not at all; the same content again is reported as already imported. */
    async importFile(
      actor: Actor,
      file: { choice: ImportChoice; filePath: string; fileName: string; options?: ImportOptions; onProgress?: ProgressListener },
    ): Promise<ImportOutcome> {
      await requireImporter(actor);
      const kind = await kindOf(file.choice, file.filePath);
      return runImport(database, audit, handlers, {
        kind,
        filePath: file.filePath,
        fileName: file.fileName,
        actor,
        options: file.options,
        onProgress: file.onProgress,
      });
    },
    async history(actor: Actor, limit = 100) {
      await mayRead(actor);
      return listImports(db, limit);
    },
    async getImport(actor: Actor, id: number) {
      await mayRead(actor);
      return getImport(db, id);
    },
  };
}

export type EvidenceImportService = ReturnType<typeof createEvidenceImportService>;
