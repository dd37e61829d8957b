import { LogoutOutlined, ShoppingCartOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { useSession } from '../shared/auth/useSession';
import { FormAlerts } from '../shared/components/FormAlerts';
import { ErrorState, LoadingState } from '../shared/components/States';
import { useUserErrors } from '../shared/useUserErrors';
import { OrdersTable } from './MyOrdersPage';

const PortalHome = graphql(`
  query PortalHome {
    portalViewer {
      contact {
        name
        email
        phone
      }
      customer {
        id
        name
      }
      tenant {
        name
        slug
      }
    }
  }
`);

const SetPortalPassword = graphql(`
  mutation SetPortalPassword($password: String!) {
    setPortalPassword(password: $password) {
      contact {
        email
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

const PortalLogOut = graphql(`
  mutation PortalLogOut($refreshToken: String!) {
    logOut(refreshToken: $refreshToken) {
      userErrors {
        code
        message
      }
    }
  }
`);

function PasswordCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const [{ fetching }, setPassword] = useMutation(SetPortalPassword);
  const showErrors = useUserErrors(form, ['password']);
  const [general, setGeneral] = useState<string[]>([]);

  const submit = async ({ password }: { password: string }) => {
    setGeneral([]);
    const result = await setPassword({ password });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const errors = result.data?.setPortalPassword.userErrors ?? [];
    if (errors.length > 0) return setGeneral(showErrors(errors));
    form.resetFields();
    void message.success(t('portal.passwordSet'));
  };

  return (
    <Card title={t('portal.passwordTitle')}>
      <Typography.Paragraph type="secondary">{t('portal.passwordIntro')}</Typography.Paragraph>
      <FormAlerts messages={general} />
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="password"
          label={t('auth.newPassword')}
          extra={t('auth.passwordHelp')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button htmlType="submit" loading={fetching}>
          {t('portal.setPassword')}
        </Button>
      </Form>
    </Card>
  );
}

export function PortalHomePage() {
  const { t } = useTranslation();
  const { session, publicClient } = useSession();
  const [{ data, error }, refetch] = useQuery({ query: PortalHome });

  const logOut = async () => {
    const refreshToken = session.refreshToken();
    if (refreshToken) await publicClient.mutation(PortalLogOut, { refreshToken }).toPromise();
    session.end('logout');
  };

  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data) return <LoadingState />;
  const { contact, customer, tenant } = data.portalViewer;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="portal-customer-name">
          {customer.name}
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {t('portal.servedBy', { tenant: tenant.name })}
        </Typography.Paragraph>
        <Descriptions column={1} size="small" title={t('portal.yourDetails')}>
          <Descriptions.Item label={t('users.name')}>
            <span data-testid="portal-contact-name">{contact.name}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('auth.email')}>{contact.email}</Descriptions.Item>
          <Descriptions.Item label={t('portal.phone')}>{contact.phone ?? '—'}</Descriptions.Item>
        </Descriptions>
        <Button icon={<LogoutOutlined />} onClick={() => void logOut()}>
          {t('shell.logOut')}
        </Button>
      </Card>
      <Card
        title={t('portalOrders.home.recentOrders')}
        extra={
          <Space>
            <Link to="/orders">{t('portalOrders.home.viewAll')}</Link>
            <Link to="/order">
              <Button type="primary" icon={<ShoppingCartOutlined />}>
                {t('portalOrders.nav.placeOrder')}
              </Button>
            </Link>
          </Space>
        }
      >
        <OrdersTable first={5} compact />
      </Card>
      <PasswordCard />
    </Space>
  );
}
