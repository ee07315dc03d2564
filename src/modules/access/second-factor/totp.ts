/**
 * The second factor's codes: TOTP (RFC 6238: 30-second steps, 6 digits, SHA-1, as authenticator apps use)
 * through otplib, and recovery codes. Pure apart from the clock and the random source; no database.
 */
import { randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';

/** The issuer authenticator apps show beside the account. */
const ISSUER = 'SaferHub';

/** A code from the step before or after the current one is accepted (clocks drift): ±30 seconds. */
const TOLERANCE_SECONDS = 30;

export const RECOVERY_CODE_COUNT = 10;

/** A new TOTP secret (20 random bytes, Base32). */
export const newTotpSecret = () => generateSecret();

/** The otpauth:// address an authenticator app reads (as a QR code or pasted). */
export const totpUri = (secret: string, email: string) => generateURI({ issuer: ISSUER, label: email, secret });

/** The secret as people type it: groups of four characters. */
export const groupedSecret = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

/** A typed code with spaces and dashes taken out (authenticator apps show "123 456"). */
export const normaliseCode = (code: string) => code.replace(/[\s-]/g, '').toLowerCase();

/** Whether what was typed looks like an authenticator code (six digits) rather than a recovery code. */
export const isTotpCode = (code: string) => /^\d{6}$/.test(normaliseCode(code));

/**
 * Checks a six-digit code against the secret: the time step it belongs to when it is right and from a later
 * step than `afterTimeStep` (the last one accepted: a code is never accepted twice), otherwise null.
 */
export async function checkTotp(secret: string, code: string, afterTimeStep: number | null, now = Date.now()): Promise<number | null> {
  const token = normaliseCode(code);
  if (!/^\d{6}$/.test(token)) return null;
  const result = await verify({
    secret,
    token,
    epoch: Math.floor(now / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    ...(afterTimeStep === null ? {} : { afterTimeStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

// Letters and digits that cannot be mistaken for each other (no 0/o, 1/l/i).
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten recovery codes like "k7mqp-3xw9d" (50 bits each), to be shown once and stored hashed. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const one = () => Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return Array.from({ length: count }, () => {
    const code = one();
    return `${code.slice(0, 5)}-${code.slice(5)}`;
  });
}
