import type { SessionUser } from '../modules/access/index.js';

interface NavItem {
  text: string;
  href: string;
  adminOnly?: boolean;
}

/** The service navigation, in order. Modules add their top-level pages here. */
const items: NavItem[] = [
  { text: 'Partnerships', href: '/partnerships' },
  { text: 'Agencies', href: '/agencies' },
  { text: 'Plans', href: '/plans' },
  { text: 'My actions', href: '/my-actions' },
  { text: 'Evidence', href: '/evidence' },
  { text: 'Assessments', href: '/assessments' },
  { text: 'Users', href: '/users', adminOnly: true },
  { text: 'Audit log', href: '/audit', adminOnly: true },
  { text: 'Your account', href: '/account' },
];

export function navigationFor(user: SessionUser | null, currentPath: string) {
  if (!user) return [];
  return items
    .filter((i) => !i.adminOnly || user.isAdmin)
    .map((i) => ({ text: i.text, href: i.href, active: currentPath === i.href || currentPath.startsWith(`${i.href}/`) }));
}
