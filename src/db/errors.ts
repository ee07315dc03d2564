/** PostgreSQL's errors that SaferHub turns into messages for people, recognised in one place. */

/** A unique index refused the write (SQLSTATE 23505), whether pg raised it directly or Drizzle wrapped it. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } } | null;
  return e?.code === '23505' || e?.cause?.code === '23505';
}
