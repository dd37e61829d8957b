import { DownOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Layout, Menu, Space, Tag, Typography } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { useSession } from '../shared/auth/useSession';
import { LanguageSwitch } from '../shared/components/LanguageSwitch';
import { LoadingState } from '../shared/components/States';
import { visibleItems } from '../shared/permissions';
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

function UserMenu() {
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
        <Space>
          {name}
          <DownOutlined />
        </Space>
      </Button>
    </Dropdown>
  );
}

export function Shell() {
  const { t } = useTranslation();
  const { tenant, permissions } = useViewer();
  const location = useLocation();
  const [, setMyLocale] = useMutation(SetMyLocale);
  const items = visibleItems(NAV_ITEMS, permissions).map((item) => ({
    key: item.path,
    label: <Link to={item.path}>{t(item.labelKey)}</Link>,
  }));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        breakpoint="lg"
        collapsedWidth={0}
        width={220}
        theme="light"
        style={{ borderRight: '1px solid #f0f0f0' }}
      >
        <div style={{ padding: '16px 20px' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            Orbit
          </Typography.Title>
          <Typography.Text type="secondary" data-testid="tenant-name">
            {tenant.name}
          </Typography.Text>
        </div>
        <nav aria-label={t('shell.navigation')}>
          <Menu
            mode="inline"
            selectedKeys={[activeNavPath(location.pathname)]}
            items={items}
            data-testid="main-nav"
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'flex-end',
            gap: 12,
            paddingInline: 24,
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Tag color="blue">{tenant.slug}</Tag>
          <GlobalSearch />
          <NotificationArea />
          <LanguageSwitch onChosen={(locale) => void setMyLocale({ locale })} />
          <UserMenu />
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
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
