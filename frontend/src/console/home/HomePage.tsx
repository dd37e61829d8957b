import { Card, Col, Descriptions, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { PageHeader } from '../../shared/components/PageHeader';
import { formatCurrency, formatDateTime } from '../../shared/format';
import { visibleItems } from '../../shared/permissions';
import { departmentName, roleName } from '../../shared/serverText';
import { NAV_ITEMS } from '../nav';
import { useViewer } from '../viewer';
import { WorkCards } from './WorkCards';

export default function HomePage() {
  const { t, i18n } = useTranslation();
  const { viewer, tenant, permissions } = useViewer();
  const modules = visibleItems(NAV_ITEMS, permissions).filter((item) => item.path !== '/');
  return (
    <>
      <PageHeader title={t('home.welcome', { name: viewer.user?.name ?? '' })} />
      <Typography.Title level={4}>{t('roleHome.yourWork')}</Typography.Title>
      <WorkCards />
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={12}>
          <Card title={t('home.you')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('users.email')}>{viewer.user?.email}</Descriptions.Item>
              <Descriptions.Item label={t('users.department')}>
                {viewer.user?.department ? departmentName(t, viewer.user.department) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('users.roles')}>
                {viewer.roleNames.map((role) => (
                  <Tag key={role.key}>{roleName(t, role)}</Tag>
                ))}
              </Descriptions.Item>
              <Descriptions.Item label={t('roles.dataScope')}>
                {viewer.dataScope ? t(`roles.scope.${viewer.dataScope}`) : '—'}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('home.company')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('settings.name')}>{tenant.name}</Descriptions.Item>
              <Descriptions.Item label={t('settings.timeZone')}>
                {tenant.timeZone}
              </Descriptions.Item>
              <Descriptions.Item label={t('settings.currency')}>
                {tenant.currency}
              </Descriptions.Item>
              <Descriptions.Item label={t('home.now')}>
                {formatDateTime(new Date(), i18n.language, tenant.timeZone)}
              </Descriptions.Item>
              <Descriptions.Item label={t('settings.example')}>
                {formatCurrency(1234.5, tenant.currency, i18n.language)}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col span={24}>
          <Card title={t('home.modules')}>
            {modules.length === 0 ? (
              <Typography.Text type="secondary">{t('home.noModules')}</Typography.Text>
            ) : (
              modules.map((item) => (
                <Link
                  key={item.path}
                  to={item.path}
                  style={{ marginRight: 16, display: 'inline-block' }}
                >
                  {t(item.labelKey)}
                </Link>
              ))
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
