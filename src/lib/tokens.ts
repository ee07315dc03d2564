import { createHash, randomBytes } from 'node:crypto';

/** A random secret for a cookie or bearer token, URL-safe. */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** What we store instead of a secret: its SHA-256. */
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
