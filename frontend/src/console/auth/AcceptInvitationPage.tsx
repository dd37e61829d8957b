import { Button, Form, Input, Result } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { graphql } from '../../gql';
import { useSession } from '../../shared/auth/useSession';
import { tokensOf } from '../../shared/graphqlClient';
import { useUserErrors } from '../../shared/useUserErrors';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { AuthLayout } from './AuthLayout';

const AcceptInvitation = graphql(`
  mutation AcceptInvitation($input: AcceptInvitationInput!) {
    acceptInvitation(input: $input) {
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

const FIELDS = ['name', 'password'] as const;

interface AcceptValues {
  name?: string;
  password: string;
  confirm: string;
}

export default function AcceptInvitationPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<AcceptValues>();
  const { session, publicClient } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token');
  const showErrors = useUserErrors(form, FIELDS);
  const [general, setGeneral] = useState<string[]>([]);
  const [submitting, setSubmitting] = useState(false);

  if (!token) {
    return (
      <AuthLayout title={t('auth.acceptTitle')}>
        <Result
          status="warning"
          title={t('auth.invitationMissing')}
          extra={<Link to="/login">{t('auth.logInLink')}</Link>}
        />
      </AuthLayout>
    );
  }

  const submit = async ({ name, password }: AcceptValues) => {
    setSubmitting(true);
    setGeneral([]);
    const input = { token, password, name: name?.trim() ? name.trim() : null };
    const result = await publicClient.mutation(AcceptInvitation, { input }).toPromise();
    setSubmitting(false);
    if (result.error) return setGeneral([t('states.networkError')]);
    const payload = result.data?.acceptInvitation;
    const tokens = tokensOf(payload);
    if (!tokens) return setGeneral(showErrors(payload?.userErrors ?? []));
    session.start(tokens);
    navigate('/', { replace: true });
  };

  return (
    <AuthLayout title={t('auth.acceptTitle')}>
      <FormAlerts messages={general} />
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="name" label={t('auth.yourName')} extra={t('auth.yourNameHelp')}>
          <Input autoComplete="name" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.newPassword')}
          extra={t('auth.passwordHelp')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('auth.confirmPassword')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('validation.required') },
            ({ getFieldValue }) => ({
              validator: (_, value: string) =>
                !value || getFieldValue('password') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('validation.passwordsDiffer'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting}>
          {t('auth.acceptButton')}
        </Button>
      </Form>
    </AuthLayout>
  );
}
