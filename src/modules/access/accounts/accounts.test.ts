import { describe, expect, it } from 'vitest';
import { signedInAgent } from '../../../../test/support/app.js';
import { buildPartnership, buildUser } from '../../../../test/support/factories.js';

describe('your account', () => {
  it('shows who you are and your roles', async () => {
    const partnership = await buildPartnership({ name: 'Safer Accountshire' });
    const user = await buildUser({ roles: [{ partnership, role: 'contributor' }] });
    const page = await (await signedInAgent(user)).get('/account');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(user.email);
    expect(page.body).toContain(user.agency.name);
    expect(page.body).toMatch(/Contributor in <a class="govuk-link" href="\/partnerships\/\d+">Safer Accountshire<\/a>/);
  });
});
