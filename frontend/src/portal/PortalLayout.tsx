import { Flex, Layout, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../shared/components/LanguageSwitch';

/** One column that reads well from a phone (375 px) up to a desktop. */
export function PortalLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ background: '#fff', paddingInline: 16, borderBottom: '1px solid #f0f0f0' }}>
        <Flex justify="space-between" align="center" style={{ height: '100%', maxWidth: 880, margin: '0 auto' }}>
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
