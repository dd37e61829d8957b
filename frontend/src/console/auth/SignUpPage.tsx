import { Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { graphql } from '../../gql';
import { useSession } from '../../shared/auth/useSession';
import { tokensOf } from '../../shared/graphqlClient';
import { useUserErrors } from '../../shared/useUserErrors';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { AuthLayout } from './AuthLayout';

const SignUp = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      accessToken
      refreshToken
      expiresIn
      tenant {
        slug
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

const FIELDS = ['organizationName', 'slug', 'ownerName', 'email', 'password'] as const;

interface SignUpValues {
  organizationName: string;
  slug: string;
  ownerName: string;
  email: string;
  password: string;
}

/** A URL slug suggested from the company name: lowercase letters, digits and hyphens. */
function suggestSlug(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

export default function SignUpPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<SignUpValues>();
  const { session, publicClient } = useSession();
  const navigate = useNavigate();
  const showErrors = useUserErrors(form, FIELDS);
  const [general, setGeneral] = useState<string[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const [slugTouched, setSlugTouched] = useState(false);

  const submit = async (values: SignUpValues) => {
    setSubmitting(true);
    setGeneral([]);
    const result = await publicClient.mutation(SignUp, { input: values }).toPromise();
    setSubmitting(false);
    if (result.error) return setGeneral([t('states.networkError')]);
    const payload = result.data?.signUp;
    const tokens = tokensOf(payload);
    if (!tokens) return setGeneral(showErrors(payload?.userErrors ?? []));
    localStorage.setItem('orbit.console.lastTenantSlug', values.slug);
    session.start(tokens);
    navigate('/', { replace: true });
  };

  const required = [{ required: true, message: t('validation.required') }];
  return (
    <AuthLayout title={t('auth.signUpTitle')}>
      <FormAlerts messages={general} />
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        onValuesChange={(changed: Partial<SignUpValues>) => {
          if (changed.organizationName !== undefined && !slugTouched) {
            form.setFieldValue('slug', suggestSlug(changed.organizationName));
          }
          if (changed.slug !== undefined) setSlugTouched(true);
        }}
      >
        <Form.Item name="organizationName" label={t('auth.organizationName')} rules={required}>
          <Input autoComplete="organization" />
        </Form.Item>
        <Form.Item name="slug" label={t('auth.slug')} rules={required} extra={t('auth.slugHelp')}>
          <Input />
        </Form.Item>
        <Form.Item name="ownerName" label={t('auth.ownerName')} rules={required}>
          <Input autoComplete="name" />
        </Form.Item>
        <Form.Item name="email" label={t('auth.email')} rules={required}>
          <Input type="email" autoComplete="email" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.password')}
          rules={required}
          extra={t('auth.passwordHelp')}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting}>
          {t('auth.signUp')}
        </Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }}>
        {t('auth.haveAccount')} <Link to="/login">{t('auth.logInLink')}</Link>
      </Typography.Paragraph>
    </AuthLayout>
  );
}
