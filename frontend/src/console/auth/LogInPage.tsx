import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { graphql } from '../../gql';
import { safeNext } from '../../shared/auth/paths';
import { useSession } from '../../shared/auth/useSession';
import { tokensOf } from '../../shared/graphqlClient';
import { useUserErrors } from '../../shared/useUserErrors';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { AuthLayout } from './AuthLayout';

const LogIn = graphql(`
  mutation LogIn($input: LogInInput!) {
    logIn(input: $input) {
      accessToken
      refreshToken
      expiresIn
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

const LAST_SLUG_KEY = 'orbit.console.lastTenantSlug';
const FIELDS = ['tenantSlug', 'email', 'password'] as const;

interface LogInValues {
  tenantSlug: string;
  email: string;
  password: string;
}

export function LogInPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<LogInValues>();
  const { session, publicClient } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const showErrors = useUserErrors(form, FIELDS);
  const [general, setGeneral] = useState<string[]>([]);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (values: LogInValues) => {
    setSubmitting(true);
    setGeneral([]);
    const result = await publicClient.mutation(LogIn, { input: values }).toPromise();
    setSubmitting(false);
    if (result.error) return setGeneral([t('states.networkError')]);
    const payload = result.data?.logIn;
    const tokens = tokensOf(payload);
    if (!tokens) return setGeneral(showErrors(payload?.userErrors ?? []));
    localStorage.setItem(LAST_SLUG_KEY, values.tenantSlug);
    session.start(tokens);
    navigate(safeNext(params.get('next')), { replace: true });
  };

  return (
    <AuthLayout title={t('auth.logInTitle')}>
      {params.get('expired') && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('auth.sessionExpired')}
        />
      )}
      <FormAlerts messages={general} />
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        initialValues={{ tenantSlug: localStorage.getItem(LAST_SLUG_KEY) ?? '' }}
      >
        <Form.Item
          name="tenantSlug"
          label={t('auth.tenantSlug')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input autoComplete="organization" />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('auth.email')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input type="email" autoComplete="username" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.password')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting}>
          {t('auth.logIn')}
        </Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }}>
        {t('auth.noAccount')} <Link to="/signup">{t('auth.signUpLink')}</Link>
      </Typography.Paragraph>
    </AuthLayout>
  );
}
