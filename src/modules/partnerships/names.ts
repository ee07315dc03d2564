import { isUniqueViolation } from '../../db/errors.js';
import { AppError, ValidationError } from '../../lib/errors.js';

/**
 * Names of agencies and partnerships: unique whatever their case (the database's unique index says so),
 * and how the command line finds one record by a part of its name.
 */

/** Runs a write; a name already taken comes back as a problem with the name field ("An agency called X already exists"). */
export async function uniqueName<T>(label: string, name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ValidationError([{ field: 'name', message: `${label} called ${name} already exists` }]);
    throw error;
  }
}

/** The one record a reference names: an exact name, else the only partial match; none or several is an error. */
export function pickOne<T extends { name: string }>(what: string, ref: string, matches: T[]): T {
  const exact = matches.filter((m) => m.name.toLowerCase() === ref.toLowerCase());
  if (exact.length === 1) return exact[0]!;
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new AppError('not_found', `No ${what} matches "${ref}"`);
  throw new AppError(
    'conflict',
    `"${ref}" matches ${matches.length} ${what === 'agency' ? 'agencies' : what + 's'}: ${matches.map((m) => m.name).join('; ')}. Give more of the name or the id.`,
  );
}
