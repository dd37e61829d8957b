import { Card, Layout, Typography } from 'antd';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '../../shared/components/LanguageSwitch';

/** A centred card for the screens before signing in. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Layout
      style={{ minHeight: '100vh', alignItems: 'center', justifyContent: 'center', padding: 16 }}
    >
      <div style={{ position: 'absolute', top: 16, right: 16 }}>
        <LanguageSwitch />
      </div>
      <main style={{ width: '100%', maxWidth: 440 }}>
        <Typography.Title level={2} style={{ textAlign: 'center' }}>
          Orbit
        </Typography.Title>
        <Card>
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {title}
          </Typography.Title>
          {children}
        </Card>
      </main>
    </Layout>
  );
}
