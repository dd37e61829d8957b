import { Flex, Layout, Menu, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { LanguageSwitch } from '../shared/components/LanguageSwitch';

/** One column that reads well from a phone (375 px) up to a desktop. */
export function PortalLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ background: '#fff', paddingInline: 16, borderBottom: '1px solid #f0f0f0' }}
      >
        <Flex
          justify="space-between"
          align="center"
          style={{ height: '100%', maxWidth: 880, margin: '0 auto' }}
        >
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('portal.brand')}
          </Typography.Title>
          <LanguageSwitch />
        </Flex>
      </Layout.Header>
      <Layout.Content style={{ padding: 16 }}>
        <main style={{ maxWidth: 880, margin: '0 auto' }}>{children}</main>
      </Layout.Content>
    </Layout>
  );
}

interface Section {
  path: string;
  label: string;
}

/** The top-level entry a path belongs to: its section's path, or its group's key. */
function selectedKey(pathname: string, sections: Section[]): string {
  const section = sections
    .filter((s) => s.path !== '/' && (pathname === s.path || pathname.startsWith(`${s.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return section?.path ?? '/';
}

function linkItem({ path, label }: Section) {
  const name = path === '/' ? 'home' : path.slice(1);
  return {
    key: path,
    label: (
      <Link to={path} data-testid={`portal-nav-${name}`}>
        {label}
      </Link>
    ),
  };
}

/** The signed-in customer's sections: what they do most on the bar, the records of their
 * orders and of their agreements in two groups that open on a click (so the bar fits a
 * desktop and a phone shows few items). */
export function PortalNav() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const home = { path: '/', label: t('portalOrders.nav.home') };
  const placeOrder = { path: '/order', label: t('portalOrders.nav.placeOrder') };
  const orders = [
    { path: '/orders', label: t('portalOrders.nav.myOrders') },
    { path: '/invoices', label: t('portalInvoices.nav') },
    { path: '/returns', label: t('portalReturns.nav') },
  ];
  const agreements = [
    { path: '/quotes', label: t('portalQuotes.nav') },
    { path: '/subscriptions', label: t('portalSubscriptions.nav') },
    { path: '/contracts', label: t('portalContracts.nav') },
  ];
  const support = { path: '/tickets', label: t('portalTickets.nav') };
  const account = { path: '/account', label: t('portalPayments.nav.account') };
  const selected = selectedKey(pathname, [
    home,
    placeOrder,
    ...orders,
    ...agreements,
    support,
    account,
  ]);
  const group = (key: string, label: string, sections: Section[]) => ({
    key,
    label: <span data-testid={`portal-nav-group-${key}`}>{label}</span>,
    children: sections.map(linkItem),
  });
  return (
    <Menu
      mode="horizontal"
      triggerSubMenuAction="click"
      selectedKeys={[selected]}
      style={{ marginBottom: 16, background: 'transparent' }}
      aria-label={t('portal.brand')}
      items={[
        linkItem(home),
        linkItem(placeOrder),
        group('orders', t('portal.nav.orders'), orders),
        group('agreements', t('portal.nav.agreements'), agreements),
        linkItem(support),
        linkItem(account),
      ]}
    />
  );
}
