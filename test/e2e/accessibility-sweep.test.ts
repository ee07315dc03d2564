/**
 * One accessibility sweep driven by the app's own route catalogue: every GET page route, its parameters filled
 * with real records, opened as each demo role and checked with axe; then the error states (404, 403, 400, 410),
 * every create form sent empty, every edit form in an edit conflict, and the pages only a form's answer shows.
 *
 * A page route the sweep cannot fill fails the first test below: add it to `pageFills` (and, for a form, to
 * `emptyForms` or `conflicts`) so that a new page cannot escape the sweep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { axeViolations, openBrowser } from './browser.js';
import { apiData, firstIn, postForm } from './forms.js';
import { UpdatePage, errorSummary, heading, signIn } from './pages/index.js';
import { isPageRoute, routeCatalogue, type CatalogueRoute } from './route-catalogue.js';

type Role = 'admin' | 'coordinator' | 'contributor' | 'viewer' | 'signed out';

/** The demo account of each role. The three partnership roles all sit in Southampton Safe City, where the sweep keeps its own records. */
const accounts: Record<Role, string | undefined> = {
  admin: 'admin@saferhub.example',
  coordinator: 'coordinator@southampton.example',
  contributor: 'officer@police.example',
  viewer: 'councillor@southampton.example',
  'signed out': undefined,
};
const roles = Object.keys(accounts) as Role[];

/** Real records to fill route parameters with: the demo data's, found over HTTP, and the sweep's own (`own`), made over HTTP. */
interface World {
  southampton: number;
  northHampshire: number;
  county: number;
  agency: number;
  user: number;
  plan: number;
  /** A measure of the demo plan's scorecard. */
  measure: number;
  priority: number;
  planAction: number;
  round: number;
  roundAction: number;
  meeting: number;
  meetingAction: number;
  risk: number;
  /** As it appears in addresses (URL-encoded). */
  indicator: string;
  area: string;
  importId: number;
  /** A usable password reset address (path and query). */
  resetLink: string;
  /** The demo's strategic assessments: Southampton's draft, the county group's agreed and adopted one. */
  assessment: number;
  countyAssessment: number;
  own: {
    agency: number;
    partnership: number;
    plan: number;
    priority: number;
    action: number;
    round: number;
    meeting: number;
    agendaItem: number;
    meetingAction: number;
    risk: number;
    measure: number;
    assessment: number;
    theme: number;
    finding: number;
    contributionRequest: number;
  };
}

/**
 * How to fill each GET page route: the addresses to open (one or more states of the page). Demo records give
 * the pages their richest content; the sweep's own Southampton records give every partnership role a meeting,
 * a risk and a round to see. Read-only: opening them changes nothing.
 */
const pageFills: Record<string, (w: World) => string[]> = {
  '/': () => ['/'],
  '/accessibility': () => ['/accessibility'],
  '/data-sources': () => ['/data-sources'],
  '/sign-in': () => ['/sign-in'],
  '/reset-password': (w) => ['/reset-password', w.resetLink],
  '/audit': () => ['/audit'],
  '/account': () => ['/account'],
  '/account/tokens': () => ['/account/tokens'],
  '/account/second-factor': () => ['/account/second-factor'],
  '/account/second-factor/set-up': () => ['/account/second-factor/set-up'],
  '/users': () => ['/users'],
  '/users/new': () => ['/users/new'],
  '/users/:id': (w) => [`/users/${w.user}`],
  '/agencies': () => ['/agencies'],
  '/agencies/new': () => ['/agencies/new'],
  '/agencies/:id': (w) => [`/agencies/${w.agency}`],
  '/agencies/:id/edit': (w) => [`/agencies/${w.agency}/edit`],
  '/partnerships': () => ['/partnerships'],
  '/partnerships/new': () => ['/partnerships/new'],
  '/partnerships/:id': (w) => [`/partnerships/${w.southampton}`, `/partnerships/${w.county}`],
  '/partnerships/:id/edit': (w) => [`/partnerships/${w.southampton}/edit`],
  '/partnerships/:id/governance': (w) => [`/partnerships/${w.northHampshire}/governance`, `/partnerships/${w.southampton}/governance`],
  '/partnerships/:id/meetings': (w) => [`/partnerships/${w.northHampshire}/meetings`, `/partnerships/${w.southampton}/meetings`],
  '/partnerships/:id/meetings/new': (w) => [`/partnerships/${w.southampton}/meetings/new`],
  '/meetings/:id': (w) => [`/meetings/${w.meeting}`, `/meetings/${w.own.meeting}`],
  '/meetings/:id/edit': (w) => [`/meetings/${w.own.meeting}/edit`],
  '/meetings/:id/agenda/:itemId/edit': (w) => [`/meetings/${w.own.meeting}/agenda/${w.own.agendaItem}/edit`],
  '/meetings/:id/attendance': (w) => [`/meetings/${w.meeting}/attendance`, `/meetings/${w.own.meeting}/attendance`],
  '/meetings/:id/agenda/:itemId/minutes': (w) => [`/meetings/${w.own.meeting}/agenda/${w.own.agendaItem}/minutes`],
  '/actions/:id': (w) => [`/actions/${w.meetingAction}`, `/actions/${w.own.meetingAction}`],
  '/partnerships/:id/risks': (w) => [`/partnerships/${w.county}/risks`, `/partnerships/${w.southampton}/risks`],
  '/partnerships/:id/risks/heat-map': (w) => [`/partnerships/${w.county}/risks/heat-map`],
  '/partnerships/:id/risks/new': (w) => [`/partnerships/${w.southampton}/risks/new`],
  '/risks/:id': (w) => [`/risks/${w.risk}`, `/risks/${w.own.risk}`],
  '/risks/:id/edit': (w) => [`/risks/${w.own.risk}/edit`],
  '/risks/:id/score': (w) => [`/risks/${w.own.risk}/score`],
  '/plans': () => ['/plans'],
  '/partnerships/:id/plans': (w) => [`/partnerships/${w.southampton}/plans`],
  '/partnerships/:id/plans/new': (w) => [`/partnerships/${w.southampton}/plans/new`],
  '/plans/:id': (w) => [`/plans/${w.plan}`],
  '/plans/:id/edit': (w) => [`/plans/${w.plan}/edit`],
  '/plans/:id/priorities/new': (w) => [`/plans/${w.plan}/priorities/new`],
  '/priorities/:id': (w) => [`/priorities/${w.priority}`],
  '/priorities/:id/edit': (w) => [`/priorities/${w.priority}/edit`],
  '/plans/:id/actions/new': (w) => [`/plans/${w.plan}/actions/new`],
  '/plan-actions/:id': (w) => [`/plan-actions/${w.planAction}`],
  '/plan-actions/:id/edit': (w) => [`/plan-actions/${w.planAction}/edit`],
  '/priorities/:id/assessment': (w) => [`/priorities/${w.priority}/assessment`],
  '/partnerships/:id/assurance-dimensions': (w) => [
    `/partnerships/${w.southampton}/assurance-dimensions`,
    `/partnerships/${w.county}/assurance-dimensions`,
  ],
  '/my-actions': () => ['/my-actions'],
  '/plans/:id/rounds/new': (w) => [`/plans/${w.plan}/rounds/new`],
  '/rounds/:id': (w) => [`/rounds/${w.round}`, `/rounds/${w.own.round}`],
  '/rounds/:id/close': (w) => [`/rounds/${w.own.round}/close`],
  '/rounds/:id/actions/:actionId': (w) => [`/rounds/${w.round}/actions/${w.roundAction}`, `/rounds/${w.own.round}/actions/${w.own.action}`],
  '/plans/:id/rag': (w) => [`/plans/${w.plan}/rag`],
  '/plans/:id/progress-table': (w) => [`/plans/${w.plan}/progress-table`],
  '/partnerships/:id/reports': (w) => [`/partnerships/${w.southampton}/reports`],
  '/partnerships/:id/reports/:kind': (w) => [
    `/partnerships/${w.southampton}/reports/annual-review?period=2016%2F17`,
    `/partnerships/${w.county}/reports/assurance?period=2021%2F22-Q3`,
    `/partnerships/${w.southampton}/reports/progress-table?period=2020%2F21-Q3`,
    `/partnerships/${w.southampton}/reports/annual-review?period=2030%2F31`,
  ],
  '/public': () => ['/public'],
  '/public/partnerships/:id': (w) => [`/public/partnerships/${w.southampton}`],
  '/plans/:id/scorecard': (w) => [
    `/plans/${w.plan}/scorecard`,
    `/plans/${w.plan}/scorecard?view=analyst`,
    `/plans/${w.own.plan}/scorecard`,
  ],
  '/plans/:id/measures/new': (w) => [`/plans/${w.plan}/measures/new`],
  '/measures/:id/edit': (w) => [`/measures/${w.measure}/edit`, `/measures/${w.own.measure}/edit`],
  '/plans/:id/assurance': (w) => [`/plans/${w.plan}/assurance`],
  '/evidence': () => ['/evidence'],
  '/evidence/indicators/:key': (w) => [
    `/evidence/indicators/${w.indicator}`,
    '/evidence/indicators/sa%3Adomestic-share-of-violent-crime?area=E22000120',
  ],
  '/evidence/areas/:code': (w) => [`/evidence/areas/${w.area}`],
  '/evidence/methods': () => ['/evidence/methods'],
  '/evidence/hotspots': () => ['/evidence/hotspots', '/evidence/hotspots?area=E06000045&crime=burglary'],
  '/evidence/imports': () => ['/evidence/imports'],
  '/evidence/imports/new': () => ['/evidence/imports/new'],
  '/evidence/imports/:id': (w) => [`/evidence/imports/${w.importId}`],
  '/search': () => ['/search', '/search?q=burglary', '/search?q=burglary&kind=risk', `/search?q=${'a'.repeat(201)}`],
  '/notifications': () => ['/notifications'],
  '/notifications/preferences': () => ['/notifications/preferences'],
  '/assessments': () => ['/assessments'],
  '/partnerships/:id/assessments/new': (w) => [`/partnerships/${w.southampton}/assessments/new`],
  '/assessments/:id': (w) => [`/assessments/${w.assessment}`, `/assessments/${w.countyAssessment}`],
  '/assessments/:id/edit': (w) => [`/assessments/${w.own.assessment}/edit`],
  '/assessments/:id/adopt': (w) => [`/assessments/${w.own.assessment}/adopt`, `/assessments/${w.countyAssessment}/adopt`],
  '/assessments/:id/indicators': (w) => [`/assessments/${w.own.assessment}/indicators`],
  '/assessments/:id/document': (w) => [`/assessments/${w.countyAssessment}/document`, `/assessments/${w.assessment}/document`],
  '/assessments/:id/themes/new': (w) => [`/assessments/${w.own.assessment}/themes/new`],
  '/assessment-themes/:id': (w) => [`/assessment-themes/${w.own.theme}`],
  '/assessment-findings/:id/edit': (w) => [`/assessment-findings/${w.own.finding}/edit`],
  '/assessment-themes/:id/score': (w) => [`/assessment-themes/${w.own.theme}/score`],
  '/assessments/:id/contribution-requests/new': (w) => [`/assessments/${w.own.assessment}/contribution-requests/new`],
  '/contribution-requests/:id': (w) => [`/contribution-requests/${w.own.contributionRequest}`],
};

/** What the administrator, who may see everything, gets on an address when it is not 200. */
const adminStatus: Record<string, number> = { '/reset-password': 410 };

/** Every form that creates something, sent empty: it must come back with an error summary. */
const emptyForms: Record<string, { as: Role; url: (w: World) => string; button: string }> = {
  '/sign-in': { as: 'signed out', url: () => '/sign-in', button: 'Sign in' },
  '/reset-password': { as: 'signed out', url: (w) => w.resetLink, button: 'Change password' },
  '/account/tokens': { as: 'admin', url: () => '/account/tokens', button: 'Create token' },
  '/agencies/new': { as: 'admin', url: () => '/agencies/new', button: 'Save agency' },
  '/users/new': { as: 'admin', url: () => '/users/new', button: 'Add user' },
  '/partnerships/new': { as: 'admin', url: () => '/partnerships/new', button: 'Save partnership' },
  '/partnerships/:id/plans/new': { as: 'coordinator', url: (w) => `/partnerships/${w.southampton}/plans/new`, button: 'Save plan' },
  '/plans/:id/priorities/new': { as: 'coordinator', url: (w) => `/plans/${w.own.plan}/priorities/new`, button: 'Save priority' },
  '/plans/:id/actions/new': { as: 'coordinator', url: (w) => `/plans/${w.own.plan}/actions/new`, button: 'Save action' },
  '/plans/:id/rounds/new': { as: 'coordinator', url: (w) => `/plans/${w.own.plan}/rounds/new`, button: 'Open round' },
  '/plans/:id/measures/new': { as: 'coordinator', url: (w) => `/plans/${w.own.plan}/measures/new`, button: 'Save measure' },
  '/partnerships/:id/meetings/new': {
    as: 'coordinator',
    url: (w) => `/partnerships/${w.southampton}/meetings/new`,
    button: 'Schedule meeting',
  },
  '/partnerships/:id/risks/new': { as: 'coordinator', url: (w) => `/partnerships/${w.southampton}/risks/new`, button: 'Add risk' },
  '/partnerships/:id/assurance-dimensions': {
    as: 'coordinator',
    url: (w) => `/partnerships/${w.southampton}/assurance-dimensions`,
    button: 'Add dimension',
  },
  '/evidence/imports/new': { as: 'coordinator', url: () => '/evidence/imports/new', button: 'Upload and import' },
  '/partnerships/:id/assessments/new': {
    as: 'coordinator',
    url: (w) => `/partnerships/${w.southampton}/assessments/new`,
    button: 'Save assessment',
  },
  '/assessments/:id/themes/new': { as: 'coordinator', url: (w) => `/assessments/${w.own.assessment}/themes/new`, button: 'Add theme' },
  '/assessments/:id/contribution-requests/new': {
    as: 'coordinator',
    url: (w) => `/assessments/${w.own.assessment}/contribution-requests/new`,
    button: 'Send the request',
  },
};

/**
 * Every page whose form carries the version it was read at (`version`, `version-<id>`, `basedOn`): two tabs
 * open it, the first saves, the second must be told of the conflict. On the sweep's own records only.
 */
const conflicts: Record<string, { as: Role; url: (w: World) => string; prepare?: (page: Page) => Promise<void> }> = {
  '/agencies/:id/edit': { as: 'admin', url: (w) => `/agencies/${w.own.agency}/edit` },
  '/partnerships/:id/edit': { as: 'admin', url: (w) => `/partnerships/${w.own.partnership}/edit` },
  '/plans/:id/edit': { as: 'coordinator', url: (w) => `/plans/${w.own.plan}/edit` },
  '/priorities/:id/edit': { as: 'coordinator', url: (w) => `/priorities/${w.own.priority}/edit` },
  '/plan-actions/:id/edit': { as: 'coordinator', url: (w) => `/plan-actions/${w.own.action}/edit` },
  '/measures/:id/edit': { as: 'coordinator', url: (w) => `/measures/${w.own.measure}/edit` },
  '/meetings/:id/edit': { as: 'coordinator', url: (w) => `/meetings/${w.own.meeting}/edit` },
  '/meetings/:id/agenda/:itemId/edit': { as: 'coordinator', url: (w) => `/meetings/${w.own.meeting}/agenda/${w.own.agendaItem}/edit` },
  '/meetings/:id/agenda/:itemId/minutes': {
    as: 'coordinator',
    url: (w) => `/meetings/${w.own.meeting}/agenda/${w.own.agendaItem}/minutes`,
    prepare: (page) => page.getByLabel('Minutes').fill('The sweep’s minutes.'),
  },
  '/actions/:id': { as: 'coordinator', url: (w) => `/actions/${w.own.meetingAction}` },
  '/risks/:id/edit': { as: 'coordinator', url: (w) => `/risks/${w.own.risk}/edit` },
  '/risks/:id/score': { as: 'coordinator', url: (w) => `/risks/${w.own.risk}/score` },
  '/priorities/:id/assessment': {
    as: 'coordinator',
    url: (w) => `/priorities/${w.own.priority}/assessment`,
    prepare: (page) => page.getByLabel('Established', { exact: true }).first().check(),
  },
  '/assessments/:id': { as: 'coordinator', url: (w) => `/assessments/${w.own.assessment}` },
  '/assessments/:id/edit': { as: 'coordinator', url: (w) => `/assessments/${w.own.assessment}/edit` },
  '/assessments/:id/indicators': { as: 'coordinator', url: (w) => `/assessments/${w.own.assessment}/indicators` },
  '/assessment-themes/:id': { as: 'coordinator', url: (w) => `/assessment-themes/${w.own.theme}` },
  '/assessment-findings/:id/edit': { as: 'coordinator', url: (w) => `/assessment-findings/${w.own.finding}/edit` },
  '/assessment-themes/:id/score': { as: 'coordinator', url: (w) => `/assessment-themes/${w.own.theme}/score` },
  '/contribution-requests/:id': {
    as: 'coordinator',
    url: (w) => `/contribution-requests/${w.own.contributionRequest}`,
    prepare: (page) => page.getByLabel('Your agency’s view of the themes').fill('The sweep’s view.'),
  },
  '/rounds/:id/actions/:actionId': {
    as: 'contributor',
    url: (w) => `/rounds/${w.own.round}/actions/${w.own.action}`,
    prepare: (page) => new UpdatePage(page).fill({ rag: 'Green', narrative: 'The sweep’s update.' }),
  },
};

/** Pages with a versioned form that the conflict check leaves alone, and why. */
const noConflictCheck: Record<string, string> = {
  '/meetings/:id': 'its versioned form approves the previous meeting’s minutes: a one-way step on a record other tests read',
  '/risks/:id': 'its versioned forms close and re-open the risk: one-way steps, not an edit',
  '/rounds/:id': 'its versioned form closes the round: a one-way step, not an edit',
  '/rounds/:id/close': 'its versioned form confirms closing the round: a one-way step, not an edit',
  '/partnerships/:id/reports': 'its versioned form switches the public pages on or off, a setting other tests read',
  '/partnerships/:id/reports/:kind':
    'its versioned forms are the narrative sections, whose edit conflict src/modules/reports/routes.test.ts checks; publishing is one-way',
};

/** Error states every role meets: the address, the status for a signed-in role, and the heading. */
const errorStates: { url: (w: World) => string; status: number; heading?: string; signedOut?: number }[] = [
  { url: () => '/no-such-page', status: 404, heading: 'Page not found', signedOut: 404 },
  { url: () => '/meetings/999999', status: 404, heading: 'Page not found' },
  { url: (w) => `/evidence/areas/${w.area}?period=2016-17x`, status: 400 },
  { url: () => '/reset-password?token=no-such-link', status: 410, signedOut: 410 },
];

const versionInputs = 'main form input[name="version"], main form input[name^="version-"], main form input[name="basedOn"]';

/** Clicks and waits until the page it leads to has loaded (the same address included, as a refused form's). */
async function clickAndLoad(page: Page, target: Locator) {
  await Promise.all([page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() }), target.click()]);
  await page.waitForLoadState('load');
}

const pathAndQuery = (url: string) => {
  const u = new URL(url, 'http://x');
  return u.pathname + u.search;
};

/** What the sweep did, printed at the end. */
const tally = { visits: 0, axeRuns: 0, patterns: new Set<string>(), byRole: new Map<Role, number>(), states: 0 };

/**
 * The main content of every page axe has already checked, across roles: the same markup gives the same result,
 * so a page whose <main> is identical to one already checked (the header, with the person's name, differs on
 * every role and is checked with each distinct page) is not checked again. Form tokens are left out.
 */
const checkedMains = new Set<string>();

/** A page's <main>, without the form tokens that differ on every visit: what decides whether axe must run again. */
const mainKey = (main: string) => main.replace(/value="[^"]*"/g, '').replace(/_csrf=[^"&]*/g, '');

/** Whether a page's <main> holds a form carrying the version it was read at. */
const hasVersionedForm = (main: string) => /<form\b/.test(main) && /<input\b[^>]*name="(version|version-[^"]*|basedOn)"/.test(main);

async function axeOnce(page: Page) {
  const main = await page
    .locator('main')
    .first()
    .innerHTML({ timeout: 1000 })
    .catch(() => null);
  if (main !== null) {
    const key = `dom:${mainKey(main)}`;
    if (checkedMains.has(key)) return [];
    checkedMains.add(key);
  }
  tally.axeRuns += 1;
  return axeViolations(page);
}

type Browser = Awaited<ReturnType<typeof openBrowser>>;

async function browserAs(role: Role): Promise<Browser> {
  const browser = await openBrowser();
  const email = accounts[role];
  if (email) await signIn(browser.page, email);
  return browser;
}

/** Finds the demo records and makes the sweep's own, over HTTP, as the administrator and the Southampton coordinator. */
async function buildWorld(admin: BrowserContext, coordinator: BrowserContext): Promise<World> {
  const a = admin.request;
  const c = coordinator.request;
  const stamp = Date.now().toString(36);
  const named = <T extends { id: number }>(rows: T[], key: keyof T, value: string | RegExp) => {
    const row = rows.find((r) => (typeof value === 'string' ? r[key] === value : value.test(String(r[key]))));
    if (!row) throw new Error(`No record with ${String(key)} ${String(value)} in the demo data`);
    return row.id;
  };

  const partnerships = await apiData<{ id: number; name: string }[]>(a, '/partnerships');
  const southampton = named(partnerships, 'name', 'Southampton Safe City Partnership');
  const northHampshire = named(partnerships, 'name', 'Safer North Hampshire');
  const county = named(partnerships, 'name', 'Hampshire Community Safety Strategy Group');
  const agencies = await apiData<{ id: number; name: string }[]>(a, '/agencies');
  const police = named(agencies, 'name', 'Hampshire Constabulary');
  const cityCouncil = named(agencies, 'name', 'Southampton City Council');

  const plans = await apiData<{ id: number; title: string }[]>(a, `/partnerships/${southampton}/plans`);
  const plan = named(plans, 'title', 'Safe City Partnership Strategy 2017–2020');
  const planDetail = await apiData<{ priorities: { id: number; actions: { id: number }[] }[] }>(a, `/plans/${plan}`);
  const firstPriority = planDetail.priorities[0]!;
  const round = Number(await firstIn(a, `/plans/${plan}`, /href="\/rounds\/(\d+)"/));
  const roundAction = Number(await firstIn(a, `/rounds/${round}`, /href="\/rounds\/\d+\/actions\/(\d+)"/));
  const meetings = await apiData<{ id: number; title: string }[]>(a, `/partnerships/${northHampshire}/meetings`);
  const meeting = named(meetings, 'title', /^Overview and scrutiny/);
  const risks = await apiData<{ id: number; title: string }[]>(a, `/partnerships/${county}/risks`);

  // The sweep's own records, in Southampton Safe City (and an agency and a partnership of its own).
  const id = (match: RegExpExecArray) => Number(match[1]);
  const ownAgency = id(
    await postForm(
      a,
      '/agencies',
      { name: `Accessibility Sweep Trust ${stamp}`, kind: 'voluntary', responsibleAuthority: 'no' },
      /^\/agencies\/(\d+)$/,
    ),
  );
  const ownPartnership = id(
    await postForm(
      a,
      '/partnerships',
      { name: `Accessibility Sweep Group ${stamp}`, kind: 'operational-group' },
      /^\/partnerships\/(\d+)$/,
    ),
  );
  const ownPlan = id(
    await postForm(
      c,
      `/partnerships/${southampton}/plans`,
      { title: `Accessibility sweep plan ${stamp}`, firstYear: '2030/31', lastYear: '2031/32', status: 'draft' },
      /^\/plans\/(\d+)$/,
    ),
  );
  const ownPriority = id(
    await postForm(c, `/plans/${ownPlan}/priorities`, { number: '1', title: 'Sweep priority' }, /^\/priorities\/(\d+)$/),
  );
  const ownAction = id(
    await postForm(
      c,
      `/plans/${ownPlan}/actions`,
      { priorityId: String(ownPriority), text: 'Sweep action led by the police', leadAgencyIds: String(police), status: 'not-started' },
      /^\/plan-actions\/(\d+)$/,
    ),
  );
  const ownRound = id(
    await postForm(
      c,
      `/plans/${ownPlan}/rounds`,
      { periodKey: '2030/31-Q1', 'dueDate-day': '15', 'dueDate-month': '7', 'dueDate-year': '2099' },
      /^\/rounds\/(\d+)$/,
    ),
  );
  const ownMeeting = id(
    await postForm(
      c,
      `/partnerships/${southampton}/meetings`,
      { title: `Sweep board ${stamp}`, kind: 'board', date: '2031-03-10', startTime: '10:00', endTime: '12:00', location: 'Civic Centre' },
      /^\/meetings\/(\d+)$/,
    ),
  );
  await postForm(
    c,
    `/meetings/${ownMeeting}/agenda`,
    { title: 'Sweep agenda item', presentingAgencyId: String(cityCouncil) },
    /^\/meetings\/\d+/,
  );
  const ownAgenda = await apiData<{ agenda: { id: number }[] }>(c, `/meetings/${ownMeeting}`);
  await postForm(
    c,
    `/meetings/${ownMeeting}/actions`,
    { description: 'Sweep action arising', ownerAgencyId: String(cityCouncil), dueOn: '2031-04-01' },
    /^\/meetings\/\d+/,
  );
  const ownRisk = id(
    await postForm(
      c,
      `/partnerships/${southampton}/risks`,
      {
        title: `Sweep risk ${stamp}`,
        ownerAgencyId: String(cityCouncil),
        inherentLikelihood: '3',
        inherentImpact: '4',
        residualLikelihood: '2',
        residualImpact: '3',
        assessedOn: '2026-01-10',
      },
      /^\/risks\/(\d+)$/,
    ),
  );

  await postForm(
    c,
    `/plans/${ownPlan}/measures`,
    {
      priorityId: String(ownPriority),
      indicatorKey: 'sa:robbery',
      areaCode: 'E22000120',
      baselinePeriod: '2015/16',
      targetKind: 'direction',
      targetDirection: 'reduce',
    },
    /^\/plans\/\d+\/scorecard$/,
  );
  const ownMeasure = Number(await firstIn(c, `/plans/${ownPlan}/scorecard`, /href="\/measures\/(\d+)\/edit"/));
  const ownAssessment = id(
    await postForm(
      c,
      `/partnerships/${southampton}/assessments`,
      { title: `Sweep assessment ${stamp}`, year: '2035/36', benchmarkCode: 'E92000001' },
      /^\/assessments\/(\d+)$/,
    ),
  );
  const ownTheme = id(await postForm(c, `/assessments/${ownAssessment}/themes`, { title: 'Sweep theme' }, /^\/assessment-themes\/(\d+)$/));
  await postForm(
    c,
    `/assessment-themes/${ownTheme}/findings`,
    { statement: 'The sweep’s finding.', figureText: '+10%', sourceKind: 'document', sourceTitle: 'Sweep problem profile' },
    /^\/assessment-themes\/\d+$/,
  );
  const ownRequest = id(
    await postForm(
      c,
      `/assessments/${ownAssessment}/contribution-requests`,
      { 'dueDate-day': '15', 'dueDate-month': '1', 'dueDate-year': '2099' },
      /^\/contribution-requests\/(\d+)$/,
    ),
  );

  // A password reset link for Ana Analyst (it changes nothing until it is used, and the sweep never uses it).
  const analyst = Number(await firstIn(a, '/users', /href="\/users\/(\d+)">Ana Analyst</));
  const reset = await a.post(`/users/${analyst}/password-reset`, {
    form: { _csrf: await firstIn(a, `/users/${analyst}`, /name="_csrf" value="([^"]+)"/) },
  });
  const resetLink = /value="[^"]*(\/reset-password\?token=[^"]+)"/.exec(await reset.text())?.[1]?.replace(/&amp;/g, '&');
  if (!resetLink) throw new Error(`No password reset link was shown (${reset.status()})`);

  return {
    southampton,
    northHampshire,
    county,
    agency: police,
    user: Number(await firstIn(a, '/users', /href="\/users\/(\d+)">Sam Coordinator</)),
    plan,
    measure: Number(await firstIn(a, `/plans/${plan}/scorecard`, /href="\/measures\/(\d+)\/edit"/)),
    priority: firstPriority.id,
    planAction: firstPriority.actions[0]!.id,
    round,
    roundAction,
    meeting,
    meetingAction: Number(await firstIn(a, `/meetings/${meeting}`, /href="\/actions\/(\d+)"/)),
    risk: named(risks, 'title', 'County lines re-establish quickly after enforcement'),
    indicator: await firstIn(a, '/evidence', /href="\/evidence\/indicators\/([^"?]+)"/),
    area: await firstIn(a, '/evidence', /href="\/evidence\/areas\/([A-Z0-9]+)"/),
    importId: Number(await firstIn(a, '/evidence/imports', /href="\/evidence\/imports\/(\d+)"/)),
    resetLink,
    assessment: named(await apiData<{ id: number; year: string }[]>(a, `/partnerships/${southampton}/assessments`), 'year', '2016/17'),
    countyAssessment: named(await apiData<{ id: number; year: string }[]>(a, `/partnerships/${county}/assessments`), 'year', '2021/22'),
    own: {
      agency: ownAgency,
      partnership: ownPartnership,
      plan: ownPlan,
      priority: ownPriority,
      action: ownAction,
      round: ownRound,
      meeting: ownMeeting,
      agendaItem: ownAgenda.agenda[0]!.id,
      meetingAction: Number(await firstIn(c, `/meetings/${ownMeeting}`, /href="\/actions\/(\d+)"/)),
      risk: ownRisk,
      measure: ownMeasure,
      assessment: ownAssessment,
      theme: ownTheme,
      finding: Number(await firstIn(c, `/assessment-themes/${ownTheme}`, /href="\/assessment-findings\/(\d+)\/edit"/)),
      contributionRequest: ownRequest,
    },
  };
}

let cataloguePages: Promise<CatalogueRoute[]> | undefined;
/** The catalogue's page routes, read once. */
const pageRoutesOfCatalogue = () => (cataloguePages ??= routeCatalogue().then((routes) => routes.filter(isPageRoute)));

describe('the sweep’s maps and the route catalogue', () => {
  let pageRoutes: CatalogueRoute[];
  beforeAll(async () => {
    pageRoutes = await pageRoutesOfCatalogue();
  });

  it('knows how to fill every GET page route in the catalogue, and every create form and versioned form in it', () => {
    const patterns = pageRoutes.map((r) => r.url);
    expect(patterns.length).toBeGreaterThan(40);
    const unmapped = patterns.filter((p) => !(p in pageFills));
    expect(unmapped, 'page routes the sweep cannot fill: add them to pageFills in accessibility-sweep.test.ts').toEqual([]);
    const stale = Object.keys(pageFills).filter((p) => !patterns.includes(p));
    expect(stale, 'pageFills entries for routes that are gone').toEqual([]);
    const creates = patterns.filter((p) => p.endsWith('/new'));
    expect(
      creates.filter((p) => !(p in emptyForms)),
      'create forms missing from emptyForms',
    ).toEqual([]);
    for (const p of [...Object.keys(emptyForms), ...Object.keys(conflicts), ...Object.keys(noConflictCheck)])
      expect(patterns, p).toContain(p);
  });
});

describe('the accessibility sweep over the route catalogue', () => {
  let pageRoutes: CatalogueRoute[];
  let world: World;
  /** One browser per role, signed in as its account (or not at all), shared by the tests below. */
  const browsers = new Map<Role, Browser>();
  const browserOf = (role: Role) => browsers.get(role)!;

  beforeAll(async () => {
    pageRoutes = await pageRoutesOfCatalogue();
    for (const role of roles) browsers.set(role, await browserAs(role));
    world = await buildWorld(browserOf('admin').context, browserOf('coordinator').context);
  }, 300_000);

  afterAll(async () => {
    for (const b of browsers.values()) await b.close();
    const perRole = roles.map((r) => `${r} ${tally.byRole.get(r) ?? 0}`).join(', ');
    console.log(
      `Accessibility sweep: ${tally.patterns.size} page routes × ${roles.length} roles = ${tally.visits} page visits (${perRole}); ` +
        `${tally.states} error, empty-form, conflict and form-answer states; ${tally.axeRuns} axe runs.`,
    );
  });

  // The roles' sweeps run side by side, each in its own browser.
  describe.concurrent('every page route, as each role', () => {
    for (const role of roles) {
      it(`opens every page route as ${role === 'signed out' ? 'someone signed out' : `the ${role}`} and finds no axe violations`, async ({
        expect,
      }) => {
        const { context } = browserOf(role);
        const page = await context.newPage();
        const problems: string[] = [];
        const versioned = new Set<string>();
        try {
          for (const route of pageRoutes) {
            const fill = pageFills[route.url];
            if (!fill) {
              problems.push(`${route.url}: no fill (see the first test)`);
              continue;
            }
            tally.patterns.add(route.url);
            for (const url of fill(world)) {
              tally.visits += 1;
              tally.byRole.set(role, (tally.byRole.get(role) ?? 0) + 1);
              // Each address is first read over HTTP with the role's cookies (status, where it lands, its <main>);
              // the browser opens it, and axe runs, only when its main content has not been checked already.
              const response = await context.request.get(url);
              const status = response.status();
              const landed = new URL(response.url());
              const redirected = landed.pathname + landed.search !== pathAndQuery(url);
              const where = `${role} ${url} → ${status}${redirected ? ` at ${landed.pathname}` : ''}`;
              const main = /<main\b[^>]*>([\s\S]*?)<\/main>/.exec(await response.text())?.[1] ?? '';

              if (role === 'signed out' && route.permission !== 'public') {
                // Sent to sign in, and brought back afterwards.
                if (landed.pathname !== '/sign-in' || !landed.searchParams.get('returnTo')?.startsWith(new URL(url, landed).pathname))
                  problems.push(`${where}: not sent to sign in`);
              } else if (redirected) {
                // Only the sign-in page redirects a signed-in user (home): that page is swept on its own.
                if (!(route.url === '/sign-in' && landed.pathname === '/')) problems.push(`${where}: unexpected redirect`);
                continue;
              } else if (![200, 403, 404, 410].includes(status)) {
                problems.push(`${where}: unexpected status`);
              } else if (role === 'admin' && status !== (adminStatus[pathAndQuery(url)] ?? 200)) {
                problems.push(`${where}: the administrator should get ${adminStatus[pathAndQuery(url)] ?? 200}`);
              }
              if (status === 200 && hasVersionedForm(main)) versioned.add(route.url);
              // The same page again (the sign-in page, a refusal, content another role saw): checked already.
              const key = `html:${mainKey(main)}`;
              if (checkedMains.has(key)) continue;
              checkedMains.add(key);
              await page.goto(url);
              tally.axeRuns += 1;
              const violations = await axeViolations(page);
              if (violations.length) problems.push(`${where}: ${violations.join('; ')}`);
            }
          }
          if (role === 'admin' || role === 'coordinator')
            for (const p of versioned)
              if (!(p in conflicts) && !(p in noConflictCheck))
                problems.push(`${p} has a versioned form: add it to conflicts (or to noConflictCheck, with a reason)`);
        } finally {
          await page.close();
        }
        expect(problems).toEqual([]);
      }, 900_000);
    }
  });

  it('shows accessible error pages (not found, refused, bad request, expired link) to every role', async () => {
    const problems: string[] = [];
    for (const role of roles) {
      const page = await browserOf(role).context.newPage();
      try {
        const states = [
          ...errorStates,
          ...(role === 'admin' || role === 'signed out'
            ? []
            : [{ url: () => '/audit', status: 403, heading: 'You do not have permission to see this page' }]),
        ];
        for (const state of states) {
          const expected = role === 'signed out' ? state.signedOut : state.status;
          if (expected === undefined) continue;
          const url = state.url(world);
          const status = (await page.goto(url))?.status();
          tally.states += 1;
          if (status !== expected) problems.push(`${role} ${url}: ${status}, not ${expected}`);
          const h1 = (await heading(page))?.trim();
          if (state.heading && h1 !== state.heading) problems.push(`${role} ${url}: heading ${h1}`);
          const violations = await axeOnce(page);
          if (violations.length) problems.push(`${role} ${url}: ${violations.join('; ')}`);
        }
      } finally {
        await page.close();
      }
    }
    expect(problems).toEqual([]);
  }, 600_000);

  it('shows an accessible error summary for every create form sent empty', async () => {
    const problems: string[] = [];
    for (const role of roles) {
      const forms = Object.entries(emptyForms).filter(([, f]) => f.as === role);
      if (!forms.length) continue;
      const page = await browserOf(role).context.newPage();
      try {
        for (const [pattern, form] of forms) {
          const url = form.url(world);
          await page.goto(url);
          await clickAndLoad(page, page.getByRole('button', { name: form.button, exact: true }));
          tally.states += 1;
          if (!/^Error: /.test(await page.title())) problems.push(`${pattern} (${url}) sent empty: title "${await page.title()}"`);
          if ((await errorSummary(page).count()) !== 1) problems.push(`${pattern} (${url}) sent empty: no error summary`);
          const violations = await axeOnce(page);
          if (violations.length) problems.push(`${pattern} (${url}) sent empty: ${violations.join('; ')}`);
        }
      } finally {
        await page.close();
      }
    }
    expect(problems).toEqual([]);
  }, 600_000);

  it('tells of an edit conflict, accessibly, on every page with a versioned form', async () => {
    const problems: string[] = [];
    for (const role of roles) {
      const checks = Object.entries(conflicts).filter(([, c]) => c.as === role);
      if (!checks.length) continue;
      const { context } = browserOf(role);
      {
        for (const [pattern, check] of checks) {
          const url = check.url(world);
          const [first, second] = [await context.newPage(), await context.newPage()];
          try {
            for (const tab of [first, second]) {
              await tab.goto(url);
              await check.prepare?.(tab);
            }
            const submit = (tab: Page) =>
              tab
                .locator('main form', { has: tab.locator(versionInputs.replaceAll('main form ', '')) })
                .first()
                .locator('button')
                .first();
            await clickAndLoad(first, submit(first));
            if (await errorSummary(first).count()) {
              problems.push(`${pattern} (${url}): the first save was refused: ${await errorSummary(first).textContent()}`);
              continue;
            }
            await clickAndLoad(second, submit(second));
            tally.states += 1;
            const summary = (await errorSummary(second).count()) ? await errorSummary(second).textContent() : '';
            if (!summary?.includes('Someone else changed this'))
              problems.push(`${pattern} (${url}): no conflict shown (${summary?.trim()})`);
            const violations = await axeOnce(second);
            if (violations.length) problems.push(`${pattern} (${url}) in conflict: ${violations.join('; ')}`);
          } finally {
            await first.close();
            await second.close();
          }
        }
      }
    }
    expect(problems).toEqual([]);
  }, 600_000);

  it('checks the pages only a form’s answer shows: a new token and a password reset link', async () => {
    const page = await browserOf('admin').context.newPage();
    const problems: string[] = [];
    try {
      await page.goto('/account/tokens');
      await page.getByLabel('What is it for?').fill('Accessibility sweep');
      await clickAndLoad(page, page.getByRole('button', { name: 'Create token' }));
      await expect(page.getByLabel('Your token').inputValue()).resolves.toMatch(/^shub_/);
      tally.states += 1;
      problems.push(...(await axeOnce(page)).map((v) => `token created: ${v}`));
      // Revoked again at once, so the sweep leaves no working token behind.
      await page.getByRole('link', { name: 'Back to your API tokens' }).click();
      await clickAndLoad(page, page.getByRole('button', { name: 'Revoke token Accessibility sweep' }));

      await page.goto('/users');
      await page.getByRole('link', { name: 'Robin Officer' }).click();
      await clickAndLoad(page, page.getByRole('button', { name: 'Create a password reset link' }));
      expect((await heading(page))?.trim()).toBe('Password reset link created');
      tally.states += 1;
      problems.push(...(await axeOnce(page)).map((v) => `password reset link created: ${v}`));
    } finally {
      await page.close();
    }
    expect(problems).toEqual([]);
  }, 300_000);
});
