/**
 * Who may do what with the evidence, as small pure functions named for the rule. Services look up the roles
 * an actor holds (any partnership) and ask these; routes never decide. Evidence is public statistics, so any
 * signed-in user may read the pages (the route permission `signed-in` says so): these rules decide which
 * figures they see, and who may import.
 *
 * The statistical rules (what counts as a small number, secondary suppression) are in statistics/.
 */
import type { Actor } from '../access/index.js';

/** A role held in a partnership (the access module's roles). */
export type HeldRole = 'viewer' | 'contributor' | 'coordinator';

/** published: small numbers hidden, fit to publish; analyst: every figure. */
export type FiguresView = 'published' | 'analyst';

/** Analysts: administrators, and the coordinators or contributors of any partnership. */
export const isAnalyst = (actor: Actor, roles: readonly HeldRole[]) =>
  actor.isAdmin || roles.some((role) => role === 'coordinator' || role === 'contributor');

/** Analysts may switch a page to the analyst view; viewers (e.g. councillors) always get the published view. */
export const canChooseAnalystView = isAnalyst;

/** The view a page shows: the analyst view when an analyst asks for it (`view=analyst`), else the published one. */
export function pageViewFor(
  actor: Actor,
  roles: readonly HeldRole[],
  asked: string | undefined,
): { view: FiguresView; canChooseView: boolean } {
  const canChooseView = canChooseAnalystView(actor, roles);
  return { view: canChooseView && asked === 'analyst' ? 'analyst' : 'published', canChooseView };
}

/**
 * Downloads of observations (the CSV download, the API, `saferhub export`) follow the pages' rule: analysts
 * get every figure, everyone else the published ones. The command line acts as the system, an administrator.
 */
export const downloadViewFor = (actor: Actor, roles: readonly HeldRole[]): FiguresView =>
  isAnalyst(actor, roles) ? 'analyst' : 'published';

/** Imports (upload page and command line): administrators and the coordinators of any partnership. */
export const canImport = (actor: Actor, roles: readonly HeldRole[]) => actor.isAdmin || roles.includes('coordinator');

/** The import history and each import's page: the people who may import. */
export const canSeeImportHistory = canImport;
