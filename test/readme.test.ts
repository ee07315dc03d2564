/** The README tells a new user what they need: every demo account, with its password. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = fs.readFileSync('README.md', 'utf8');
const demo = JSON.parse(fs.readFileSync('data/demo/users.json', 'utf8')) as { password: string; users: { email: string }[] };

describe('the README', () => {
  it('lists every demo account of data/demo/users.json, and their password', () => {
    const listed = [...readme.matchAll(/^\| `([^`]+@[^`]+)` \|/gm)].map((m) => m[1]);
    expect(listed).toEqual(demo.users.map((u) => u.email));
    expect(readme).toContain(`\`${demo.password}\``);
  });
});
