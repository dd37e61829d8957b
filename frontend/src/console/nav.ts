import type { Requirement } from '../shared/permissions';

export interface NavItem {
  path: string;
  labelKey: string;
  requires?: readonly Requirement[];
  /** Other paths whose pages belong to this item (a payment's page under receivables). */
  also?: readonly string[];
}

/** The console's modules; each is shown only to those who may read it. */
export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/', labelKey: 'nav.home' },
  { path: '/users', labelKey: 'nav.users', requires: [{ resource: 'users', action: 'read' }] },
  {
    path: '/customers',
    labelKey: 'nav.customers',
    requires: [{ resource: 'customers', action: 'read' }],
  },
  {
    path: '/products',
    labelKey: 'nav.products',
    requires: [{ resource: 'products', action: 'read' }],
  },
  {
    path: '/price-books',
    labelKey: 'nav.priceBooks',
    requires: [{ resource: 'price_books', action: 'read' }],
  },
  {
    path: '/inventory',
    labelKey: 'nav.inventory',
    requires: [{ resource: 'inventory', action: 'read' }],
  },
  { path: '/orders', labelKey: 'nav.orders', requires: [{ resource: 'orders', action: 'read' }] },
  {
    path: '/orders/board',
    labelKey: 'nav.orderBoard',
    requires: [{ resource: 'orders', action: 'read' }],
  },
  {
    path: '/approvals',
    labelKey: 'nav.approvals',
    requires: [{ resource: 'approvals', action: 'read' }],
  },
  {
    path: '/change-requests',
    labelKey: 'nav.changeRequests',
    requires: [{ resource: 'order_changes', action: 'read' }],
  },
  {
    path: '/receivables',
    labelKey: 'receivables.title',
    requires: [{ resource: 'payments', action: 'read' }],
    also: ['/payments'],
  },
  {
    path: '/invoices',
    labelKey: 'nav.invoices',
    requires: [{ resource: 'invoices', action: 'read' }],
  },
  {
    path: '/refunds',
    labelKey: 'nav.refunds',
    requires: [{ resource: 'refunds', action: 'read' }],
  },
  {
    path: '/tickets',
    labelKey: 'nav.tickets',
    requires: [{ resource: 'tickets', action: 'read' }],
  },
  {
    path: '/returns',
    labelKey: 'nav.returns',
    requires: [{ resource: 'returns', action: 'read' }],
  },
  {
    path: '/quotes',
    labelKey: 'quotes.nav',
    requires: [{ resource: 'quotes', action: 'read' }],
  },
  {
    path: '/contracts',
    labelKey: 'contracts.nav',
    requires: [{ resource: 'contracts', action: 'read' }],
  },
  {
    path: '/subscriptions',
    labelKey: 'nav.subscriptions',
    requires: [{ resource: 'subscriptions', action: 'read' }],
  },
  {
    path: '/revenue',
    labelKey: 'nav.revenue',
    requires: [{ resource: 'revenue', action: 'read' }],
  },
  {
    path: '/imports',
    labelKey: 'nav.imports',
    requires: [{ resource: 'imports', action: 'read' }],
  },
  { path: '/roles', labelKey: 'nav.roles', requires: [{ resource: 'roles', action: 'read' }] },
  {
    path: '/api-clients',
    labelKey: 'nav.apiClients',
    requires: [{ resource: 'api_clients', action: 'read' }],
  },
  { path: '/audit', labelKey: 'nav.audit', requires: [{ resource: 'audit', action: 'read' }] },
  {
    path: '/settings',
    labelKey: 'nav.settings',
    requires: [{ resource: 'settings', action: 'read' }],
  },
];

/** The nav item a path belongs to (the longest matching prefix). */
export function activeNavPath(pathname: string): string {
  const under = (prefix: string) =>
    prefix === '/' ? pathname === '/' : pathname === prefix || pathname.startsWith(`${prefix}/`);
  const matches = NAV_ITEMS.flatMap((item) =>
    [item.path, ...(item.also ?? [])]
      .filter(under)
      .map((prefix) => ({ path: item.path, length: prefix.length })),
  );
  return matches.sort((a, b) => b.length - a.length)[0]?.path ?? '/';
}
