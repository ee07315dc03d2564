import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { MIN_PASSWORD_LENGTH } from './passwords.js';

export const MAX_PASSWORD_LENGTH = 256;

/** About 10,000 of the passwords people choose most (scripts/generate-common-passwords.mjs says how it is made). */
const listFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '..',
  'data',
  'passwords',
  'common-passwords.txt.gz',
);

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(zlib.gunzipSync(fs.readFileSync(listFile)).toString('utf8').split('\n').filter(Boolean));
  return common;
}

const leet: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '!': 'i' };
const unLeet = (value: string, one: 'i' | 'l') => value.replace(/[0134578@$!]/g, (c) => (c === '1' ? one : (leet[c] ?? c)));
/** Drops the digits and symbols people put before or after a word ("Password2024!" → "password"). */
const core = (value: string) => value.replace(/^[^a-z]+|[^a-z]+$/g, '');

/** The forms of a password looked up in the list: as typed, without separators, its core word, un-l33t. */
function candidates(password: string): string[] {
  const lower = password.toLowerCase();
  const joined = lower.replace(/[\s._-]+/g, '');
  const forms = new Set<string>();
  for (const base of [lower, joined]) {
    forms.add(base);
    forms.add(core(base));
    for (const one of ['i', 'l'] as const) {
      forms.add(unLeet(base, one));
      forms.add(core(unLeet(core(base), one)));
      forms.add(core(unLeet(base, one)));
    }
  }
  return [...forms].filter((f) => f.length >= 4);
}

/** Whether the password is one people often choose, or one of them dressed up with digits, symbols or l33t. */
export const isCommonPassword = (password: string) => candidates(password).some((c) => commonPasswords().has(c));

/** A simple estimate: a few characters repeated, or one short run repeated ("abcabcabcabc"), is easy to guess. */
function tooPredictable(password: string): boolean {
  const lower = password.toLowerCase();
  if (new Set(lower).size < 5) return true;
  if (/^(.{1,6}?)\1+$/.test(lower)) return true;
  return false;
}

const guidance = 'Try 3 or 4 random words, like “purple kettle harbour lamp”';

/**
 * Why a new password is not good enough, as a message for the person choosing it, or null when it will do.
 * At least 12 characters (a passphrase of a few random words is the easiest way there), not one of the
 * commonest passwords, not a few characters repeated, and not containing the e-mail address or "SaferHub".
 */
export function passwordProblem(password: string, context: { email?: string | undefined } = {}): string | null {
  if (!password) return 'Enter a new password';
  if (password.length < MIN_PASSWORD_LENGTH) return `Password must be ${MIN_PASSWORD_LENGTH} characters or more`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`;
  const lower = password.toLowerCase();
  const email = context.email?.trim().toLowerCase();
  const local = email?.split('@')[0] ?? '';
  if (email && (lower.includes(email) || (local.length >= 4 && lower.includes(local))))
    return 'Password must not contain your e-mail address';
  if (lower.replace(/[\s._-]+/g, '').includes('saferhub')) return 'Password must not contain the word SaferHub';
  if (isCommonPassword(password)) return `Password is too easy to guess because many people use it. ${guidance}`;
  if (tooPredictable(password)) return `Password is too easy to guess. ${guidance}`;
  return null;
}
