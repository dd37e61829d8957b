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

/** The signed-in customer's sections. */
export function PortalNav() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const selected = pathname.startsWith('/orders')
    ? '/orders'
    : pathname.startsWith('/order')
      ? '/order'
      : pathname.startsWith('/invoices')
        ? '/invoices'
        : pathname.startsWith('/tickets')
          ? '/tickets'
          : pathname.startsWith('/quotes')
            ? '/quotes'
            : pathname.startsWith('/returns')
              ? '/returns'
              : pathname.startsWith('/subscriptions')
                ? '/subscriptions'
                : pathname.startsWith('/contracts')
                  ? '/contracts'
                  : pathname.startsWith('/account')
                    ? '/account'
                    : '/';
  return (
    <Menu
      mode="horizontal"
      selectedKeys={[selected]}
      style={{ marginBottom: 16, background: 'transparent' }}
      aria-label={t('portal.brand')}
      items={[
        { key: '/', label: <Link to="/">{t('portalOrders.nav.home')}</Link> },
        {
          key: '/order',
          label: (
            <Link to="/order" data-testid="portal-nav-order">
              {t('portalOrders.nav.placeOrder')}
            </Link>
          ),
        },
        {
          key: '/orders',
          label: (
            <Link to="/orders" data-testid="portal-nav-orders">
              {t('portalOrders.nav.myOrders')}
            </Link>
          ),
        },
        {
          key: '/invoices',
          label: (
            <Link to="/invoices" data-testid="portal-nav-invoices">
              {t('portalInvoices.nav')}
            </Link>
          ),
        },
        {
          key: '/tickets',
          label: (
            <Link to="/tickets" data-testid="portal-nav-tickets">
              {t('portalTickets.nav')}
            </Link>
          ),
        },
        {
          key: '/quotes',
          label: (
            <Link to="/quotes" data-testid="portal-nav-quotes">
              {t('portalQuotes.nav')}
            </Link>
          ),
        },
        {
          key: '/returns',
          label: (
            <Link to="/returns" data-testid="portal-nav-returns">
              {t('portalReturns.nav')}
            </Link>
          ),
        },
        {
          key: '/subscriptions',
          label: (
            <Link to="/subscriptions" data-testid="portal-nav-subscriptions">
              {t('portalSubscriptions.nav')}
            </Link>
          ),
        },
        {
          key: '/contracts',
          label: (
            <Link to="/contracts" data-testid="portal-nav-contracts">
              {t('portalContracts.nav')}
            </Link>
          ),
        },
        {
          key: '/account',
          label: (
            <Link to="/account" data-testid="portal-nav-account">
              {t('portalPayments.nav.account')}
            </Link>
          ),
        },
      ]}
    />
  );
}
