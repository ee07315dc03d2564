import { describe, expect, it } from 'vitest';
import { testApp, signedInAgent } from '../../test/support/app.js';
import { addMember, buildAgency, buildPartnership, buildUser } from '../../test/support/factories.js';

/** What belongs to GOV.UK alone and must not appear in SaferHub: the crown and crest, the GOV.UK logo, the typeface. */
const govukOnlyCss = /GDS Transport|govuk-crest|govuk-footer__crown|Margaret Calvert|\/assets\/fonts\//i;
const govukOnlyHtml = /GDS Transport|govuk-crest|__crown|govuk-header__logo|govuk-logo|<svg[^>]*crown|GOV\.UK(?! Design System| Frontend)/;

async function foundationPages() {
  const p = await buildPartnership({ name: 'Safer Testshire' });
  const agency = await buildAgency({ name: 'Testshire Police', kind: 'police' });
  await addMember(p, agency, 'chair');
  const admin = await buildUser({ isAdmin: true, seatIn: [p] });
  return {
    agent: await signedInAgent(admin),
    urls: [
      '/',
      '/partnerships',
      `/partnerships/${p.id}`,
      `/partnerships/${p.id}/edit`,
      '/partnerships/new',
      '/agencies',
      `/agencies/${agency.id}`,
      '/agencies/new',
      `/agencies/${agency.id}/edit`,
      '/audit',
      '/accessibility',
      '/data-sources',
      '/no-such-page',
    ],
  };
}

describe('SaferHub’s own look', () => {
  it('serves GOV.UK Frontend’s styles without the GDS Transport typeface or the crest', async () => {
    const app = await testApp();
    const css = await app.inject({ method: 'GET', url: '/assets/saferhub.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.body).toContain('.govuk-button');
    expect(css.body).toContain('.saferhub-link-button');
    expect(css.body).not.toMatch(govukOnlyCss);
    expect(css.body).toMatch(/font-family:arial,sans-serif/);
    expect((await app.inject({ method: 'GET', url: '/assets/images/govuk-crest.svg' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/assets/app/favicon.svg' })).statusCode).toBe(200);
  });

  it('has no crown, GOV.UK logo or GOV.UK typeface on any page, and links the accessibility statement from each', async () => {
    const app = await testApp();
    const anonymous = ['/', '/sign-in', '/accessibility', '/data-sources', '/no-such-page'];
    for (const url of anonymous) {
      const html = (await app.inject({ method: 'GET', url })).body;
      expect(html, url).not.toMatch(govukOnlyHtml);
      expect(html, url).toContain('<a class="govuk-footer__link" href="/accessibility">Accessibility statement</a>');
      expect(html, url).toContain('SaferHub');
    }
    const { agent, urls } = await foundationPages();
    for (const url of urls) {
      const response = await agent.get(url);
      expect([200, 404], url).toContain(response.statusCode);
      expect(response.body, url).not.toMatch(govukOnlyHtml);
      expect(response.body, url).toContain('href="/accessibility"');
      expect(response.body, url).toMatch(/<title>[^<]*SaferHub<\/title>/);
    }
  });

  it('works without JavaScript: every form posts to the server and no page needs a script to show content', async () => {
    const { agent, urls } = await foundationPages();
    for (const url of urls) {
      const html = (await agent.get(url)).body;
      // The only scripts are GOV.UK Frontend's enhancement and the js-enabled class; nothing inline renders content.
      const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
      for (const [tag, body] of scripts) {
        if (body!.trim()) expect(body!.trim(), url).toMatch(/^document\.body\.className \+= ' js-enabled'/);
        else expect(tag, url).toContain('src="/assets/app/init.mjs"');
      }
      for (const form of html.matchAll(/<form\b[^>]*>/g)) expect(form[0], url).toMatch(/method="(post|get)"[^>]*action="\/[^"]*"/);
      expect(html, url).not.toMatch(/\son(click|submit|change)=/i);
    }
  });

  it('sends security headers: a content security policy with no inline scripts, and no framing', async () => {
    const app = await testApp();
    const response = await app.inject({ method: 'GET', url: '/' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});
