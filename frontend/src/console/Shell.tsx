import { DownOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Tag, Typography } from 'antd';
import { Suspense, useCallback, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { useSession } from '../shared/auth/useSession';
import { LanguageSwitch } from '../shared/components/LanguageSwitch';
import { LoadingState } from '../shared/components/States';
import { visibleItems } from '../shared/permissions';
import { useEscapeToClose } from '../shared/useEscapeToClose';
import { activeNavPath, NAV_ITEMS } from './nav';
import { NotificationArea } from './notifications/NotificationArea';
import { GlobalSearch } from './search/GlobalSearch';
import { useViewer } from './viewer';

const SetMyLocale = graphql(`
  mutation SetMyLocale($locale: String!) {
    setMyLocale(locale: $locale) {
      user {
        id
        locale
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

const LogOut = graphql(`
  mutation LogOut($refreshToken: String!) {
    logOut(refreshToken: $refreshToken) {
      userErrors {
        code
        message
      }
    }
  }
`);

function useLogOut() {
  const { session, publicClient } = useSession();
  return async () => {
    const refreshToken = session.refreshToken();
    if (refreshToken) await publicClient.mutation(LogOut, { refreshToken }).toPromise();
    session.end('logout');
  };
}

function UserMenu({ compact }: { compact: boolean }) {
  const { t } = useTranslation();
  const { viewer } = useViewer();
  const logOut = useLogOut();
  const name = viewer.user?.name ?? t('shell.unknownUser');
  const items = [
    { key: 'who', disabled: true, label: <span>{viewer.user?.email}</span> },
    {
      key: 'roles',
      disabled: true,
      label: (
        <span>
          {t('shell.roles')}: {viewer.roles.join(', ')}
        </span>
      ),
    },
    { type: 'divider' as const },
    {
      key: 'logout',
      icon: <LogoutOutlined />,
      label: t('shell.logOut'),
      onClick: () => void logOut(),
    },
  ];
  return (
    <Dropdown menu={{ items }} trigger={['click']}>
      <Button
        type="text"
        icon={<UserOutlined />}
        aria-label={t('shell.userMenu')}
        data-testid="user-menu"
      >
        {!compact && (
          <Space>
            {name}
            <DownOutlined />
          </Space>
        )}
      </Button>
    </Dropdown>
  );
}

function Brand() {
  const { tenant } = useViewer();
  return (
    <div style={{ padding: '16px 20px' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        Orbit
      </Typography.Title>
      <Typography.Text type="secondary" data-testid="tenant-name">
        {tenant.name}
      </Typography.Text>
    </div>
  );
}

function MainNav({ onChosen }: { onChosen?: () => void }) {
  const { t } = useTranslation();
  const { permissions } = useViewer();
  const location = useLocation();
  const items = visibleItems(NAV_ITEMS, permissions).map((item) => ({
    key: item.path,
    label: (
      <Link to={item.path} onClick={onChosen}>
        {t(item.labelKey)}
      </Link>
    ),
  }));
  return (
    <nav aria-label={t('shell.navigation')}>
      <Menu
        mode="inline"
        selectedKeys={[activeNavPath(location.pathname)]}
        items={items}
        data-testid="main-nav"
        style={{ borderInlineEnd: 'none' }}
      />
    </nav>
  );
}

/** On phones and tablets the navigation, and the language switch the header has no room
 * for, live in a drawer the header's menu button opens. */
function NavDrawerButton({ languageSwitch }: { languageSwitch: ReactNode }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  useEscapeToClose(open, close);
  return (
    <>
      <Button
        type="text"
        icon={<MenuOutlined />}
        aria-label={t('consoleLayout.openMenu')}
        aria-expanded={open}
        data-testid="nav-drawer-button"
        onClick={() => setOpen(true)}
      />
      <Drawer
        placement="left"
        open={open}
        onClose={close}
        width={260}
        title={t('consoleLayout.menu')}
        styles={{ body: { padding: 0 } }}
        data-testid="nav-drawer"
      >
        <Brand />
        <MainNav onChosen={close} />
        <div style={{ padding: '16px 20px' }}>{languageSwitch}</div>
      </Drawer>
    </>
  );
}

const HEADER_STYLE = {
  background: '#fff',
  display: 'flex',
  alignItems: 'center',
  gap: 12,
  borderBottom: '1px solid #f0f0f0',
  position: 'sticky',
  top: 0,
  zIndex: 10,
} as const;

// Sticky and as tall as the window, so its border runs the full height however long the page.
const SIDER_STYLE = {
  borderRight: '1px solid #f0f0f0',
  position: 'sticky',
  top: 0,
  height: '100vh',
  overflowY: 'auto',
} as const;

export function Shell() {
  const { tenant } = useViewer();
  const [, setMyLocale] = useMutation(SetMyLocale);
  const wide = Grid.useBreakpoint().lg ?? true;
  const languageSwitch = <LanguageSwitch onChosen={(locale) => void setMyLocale({ locale })} />;

  return (
    <Layout style={{ minHeight: '100vh' }} hasSider={wide}>
      {wide && (
        <Layout.Sider width={220} theme="light" style={SIDER_STYLE}>
          <Brand />
          <MainNav />
        </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header style={{ ...HEADER_STYLE, paddingInline: wide ? 24 : 8 }}>
          {!wide && <NavDrawerButton languageSwitch={languageSwitch} />}
          {!wide && (
            <Typography.Text strong ellipsis style={{ fontSize: 16 }} data-testid="shell-title">
              Orbit
            </Typography.Text>
          )}
          <Space size={wide ? 12 : 4} style={{ marginInlineStart: 'auto', minWidth: 0 }}>
            {wide && <Tag color="blue">{tenant.slug}</Tag>}
            <GlobalSearch />
            <NotificationArea />
            {wide && languageSwitch}
            <UserMenu compact={!wide} />
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: wide ? 24 : 12, minWidth: 0 }}>
          <main>
            <Suspense fallback={<LoadingState />}>
              <Outlet />
            </Suspense>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
