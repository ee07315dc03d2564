import type { Services } from '../services.js';
import { systemActor } from '../modules/access/index.js';
import { loadPartnershipsDemo } from '../modules/partnerships/index.js';
import { loadPlansDemo, loadScorecardDemo } from '../modules/plans/index.js';
import { loadEvidenceDemo } from '../modules/evidence/index.js';
import { loadGovernanceDemo } from '../modules/governance/index.js';
import { loadReportsDemo } from '../modules/reports/index.js';
import { loadAssessmentDemo } from '../modules/assessment/index.js';
import { readDemoJson } from './files.js';

interface DemoUsers {
  password: string;
  users: {
    email: string;
    displayName: string;
    agency: string;
    isAdmin?: boolean;
    roles: { partnership: string; role: 'viewer' | 'contributor' | 'coordinator' }[];
  }[];
}

/**
 * The demo dataset's loaders, in the order they must run (each may rely on the ones before).
 * Each is idempotent: it creates what is missing and returns how many records it created.
 */
const loaders: { name: string; load: (services: Services) => Promise<number> }[] = [
  { name: 'partnerships', load: loadPartnershipsDemo },
  { name: 'plans', load: loadPlansDemo },
  { name: 'governance', load: loadGovernanceDemo },
  { name: 'evidence', load: (services) => loadEvidenceDemo(services) },
  { name: 'scorecard', load: loadScorecardDemo },
  { name: 'reports', load: (services) => loadReportsDemo(services) },
  { name: 'assessment', load: loadAssessmentDemo },
];

export async function loadDemo(services: Services, options: { withUsers: boolean; log?: (line: string) => void }) {
  // The demo accounts share a password published in the README: never on a real deployment.
  if (options.withUsers && services.config.env === 'production')
    throw new Error('The demo accounts are never created when NODE_ENV=production');
  let created = 0;
  for (const loader of loaders) {
    const n = await loader.load(services);
    options.log?.(`${loader.name}: ${n} created`);
    created += n;
  }
  if (options.withUsers) {
    const n = await createDemoUsers(services);
    options.log?.(`demo users: ${n} created`);
    created += n;
  }
  return { created };
}

async function createDemoUsers(services: Services): Promise<number> {
  const file = readDemoJson<DemoUsers>('users.json');
  let created = 0;
  for (const u of file.users) {
    if (await services.access.findUserByEmail(u.email)) continue;
    const agency = await services.partnerships.resolveAgency(u.agency);
    const roles = [];
    for (const r of u.roles)
      roles.push({ partnershipId: (await services.partnerships.resolvePartnership(r.partnership)).id, role: r.role });
    await services.access.createUser(
      systemActor,
      {
        email: u.email,
        displayName: u.displayName,
        agencyId: agency.id,
        password: file.password,
        isAdmin: u.isAdmin ?? false,
        roles,
      },
      { demo: true },
    );
    created++;
  }
  return created;
}

/** What the console prints in demo mode: the demo accounts and their password. */
export function demoSignInHelp(): string {
  const file = readDemoJson<DemoUsers>('users.json');
  const width = Math.max(...file.users.map((u) => u.email.length));
  const lines = file.users.map((u) => {
    const what = u.isAdmin ? 'administrator' : u.roles.map((r) => `${r.role}, ${r.partnership}`).join('; ');
    return `  ${u.email.padEnd(width)}  ${u.displayName} (${u.agency}): ${what}`;
  });
  return ['', 'Demo accounts (password for all: ' + file.password + '):', ...lines, ''].join('\n');
}
