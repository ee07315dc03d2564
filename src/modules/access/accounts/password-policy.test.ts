import { describe, expect, it } from 'vitest';
import { isCommonPassword, passwordProblem } from './password-policy.js';

// Pure rules (the common-password list is read from data/passwords): no database is opened here.

describe('the password policy', () => {
  it('takes a passphrase of a few random words', () => {
    expect(passwordProblem('purple kettle harbour lamp', { email: 'sam@council.example' })).toBeNull();
  });

  it('says what is wrong with a password that will not do', () => {
    expect(passwordProblem('')).toBe('Enter a new password');
    expect(passwordProblem('short')).toBe('Password must be 12 characters or more');
    expect(passwordProblem('x'.repeat(257))).toBe('Password must be 256 characters or fewer');
    expect(passwordProblem('council-sam-kettle-lamp', { email: 'sam.jones@council.example' })).toBeNull();
    expect(passwordProblem('sam.jones-kettle-lamp', { email: 'sam.jones@council.example' })).toBe(
      'Password must not contain your e-mail address',
    );
    expect(passwordProblem('My Safer Hub password')).toBe('Password must not contain the word SaferHub');
    expect(passwordProblem('abcabcabcabc')).toMatch(/^Password is too easy to guess/);
  });

  it('knows the passwords people choose most, however they are dressed up', () => {
    expect(isCommonPassword('password')).toBe(true);
    expect(isCommonPassword('Password2024!')).toBe(true);
    expect(isCommonPassword('P@ssw0rd')).toBe(true);
    expect(isCommonPassword('purple kettle harbour lamp')).toBe(false);
    expect(passwordProblem('Password2024!!')).toMatch(/^Password is too easy to guess because many people use it/);
  });
});
