import type { Command } from 'commander';
import { exportCommand, importCommand } from '../modules/evidence/index.js';
import { reportCommand } from '../modules/reports/index.js';
import { auditCommand } from './audit.js';
import { databaseCommands } from './database.js';

/** Command groups contributed by modules (import, export, …). Each module adds one line here. */
export function extraCommands(): Command[] {
  return [importCommand(), exportCommand(), ...databaseCommands(), auditCommand(), reportCommand()];
}
