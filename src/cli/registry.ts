import type { Command } from 'commander';

/** Command groups contributed by modules (import, export, …). Each module adds one line here. */
export function extraCommands(): Command[] {
  return [];
}
