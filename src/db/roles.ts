/**
 * Two database roles: an owner, which owns the tables and runs the migrations, and the app's role, which
 * reads and writes the records but may only add to and read the audit log. The app role cannot update,
 * delete or truncate the log, nor disable its triggers (only an owner can), so a flaw in the app cannot
 * rewrite history. On the embedded PostgreSQL SaferHub creates both (`saferhub_owner`, `saferhub_app`);
 * on a server, DATABASE_OWNER_URL names the owner and DATABASE_URL the app role (docs/security.md).
 */
import type { SqlSession } from './database.js';

/** Tables the app may add to and read, never change. */
export const APPEND_ONLY_TABLES = ['audit_log', 'audit_chain', 'report_versions'];
/** Tables only the owner writes (`saferhub audit prune`'s checkpoints): the app may read them. */
export const OWNER_WRITTEN_TABLES = ['audit_checkpoint'];

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Gives the app role what it needs on every table (run as the owner after each migration). */
export async function grantAppRole(session: SqlSession, appRole: string) {
  const role = ident(appRole);
  await session.query(`grant usage on schema public to ${role}`);
  await session.query(`grant select, insert, update, delete on all tables in schema public to ${role}`);
  await session.query(`grant usage, select on all sequences in schema public to ${role}`);
  for (const table of APPEND_ONLY_TABLES) {
    const { rows } = await session.query<{ exists: boolean }>('select to_regclass($1) is not null as exists', [`public.${table}`]);
    if (rows[0]?.exists) await session.query(`revoke update, delete, truncate on ${ident(table)} from ${role}`);
  }
  for (const table of OWNER_WRITTEN_TABLES) {
    const { rows } = await session.query<{ exists: boolean }>('select to_regclass($1) is not null as exists', [`public.${table}`]);
    if (rows[0]?.exists) await session.query(`revoke insert, update, delete, truncate on ${ident(table)} from ${role}`);
  }
}
