import { Alert, Button, Card, Form, Input, Result, Tabs, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { graphql } from '../gql';
import { safeNext } from '../shared/auth/paths';
import { useSession } from '../shared/auth/useSession';
import { LoadingState } from '../shared/components/States';
import { tokensOf } from '../shared/graphqlClient';
import { useUserErrors } from '../shared/useUserErrors';
import { FormAlerts } from '../shared/components/FormAlerts';

const RequestMagicLink = graphql(`
  mutation RequestPortalMagicLink($input: RequestPortalMagicLinkInput!) {
    requestPortalMagicLink(input: $input) {
      accepted
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

const RedeemMagicLink = graphql(`
  mutation RedeemPortalMagicLink($token: String!) {
    redeemPortalMagicLink(token: $token) {
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

const PortalLogIn = graphql(`
  mutation PortalLogIn($input: PortalLogInInput!) {
    portalLogIn(input: $input) {
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

const SLUG_KEY = 'orbit.portal.lastTenantSlug';
// Where a sign-in link requested from a page that asked for sign-in returns to: the link
// opens in a new visit, which no longer has the page's `next`.
const NEXT_KEY = 'orbit.portal.nextAfterLink';

function rememberNext(next: string | null) {
  if (next) localStorage.setItem(NEXT_KEY, safeNext(next));
  else localStorage.removeItem(NEXT_KEY);
}

function takeNext(): string {
  const next = safeNext(localStorage.getItem(NEXT_KEY));
  localStorage.removeItem(NEXT_KEY);
  return next;
}

interface LinkValues {
  tenantSlug: string;
  email: string;
}

/** Opening the emailed link: exchange its token for a session, once. */
function RedeemLink({ token }: { token: string }) {
  const { t } = useTranslation();
  const { session, publicClient } = useSession();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void publicClient
      .mutation(RedeemMagicLink, { token })
      .toPromise()
      .then((result) => {
        const payload = result.data?.redeemPortalMagicLink;
        const tokens = tokensOf(payload);
        if (tokens) {
          session.start(tokens);
          navigate(takeNext(), { replace: true });
          return;
        }
        const problem = payload?.userErrors[0];
        setFailure(
          problem
            ? t(`errors.${problem.code}`, { defaultValue: problem.message })
            : t('states.networkError'),
        );
      });
  }, [token, publicClient, session, navigate, t]);

  if (!failure) return <LoadingState />;
  return (
    <Result
      status="warning"
      title={t('portal.linkFailed')}
      subTitle={failure}
      extra={
        <Button type="primary" onClick={() => navigate('/login', { replace: true })}>
          {t('portal.requestNewLink')}
        </Button>
      }
    />
  );
}

function MagicLinkForm({ initialSlug, fixed }: { initialSlug: string; fixed: boolean }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<LinkValues>();
  const { publicClient } = useSession();
  const [params] = useSearchParams();
  const showErrors = useUserErrors(form, ['tenantSlug', 'email']);
  const [general, setGeneral] = useState<string[]>([]);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (values: LinkValues) => {
    setSubmitting(true);
    setGeneral([]);
    const result = await publicClient.mutation(RequestMagicLink, { input: values }).toPromise();
    setSubmitting(false);
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const payload = result.data?.requestPortalMagicLink;
    if (!payload?.accepted) return setGeneral(showErrors(payload?.userErrors ?? []));
    localStorage.setItem(SLUG_KEY, values.tenantSlug);
    rememberNext(params.get('next'));
    setSentTo(values.email);
  };

  if (sentTo) {
    return (
      <Result
        status="success"
        title={t('portal.checkEmail')}
        subTitle={t('portal.linkSent', { email: sentTo })}
        extra={<Button onClick={() => setSentTo(null)}>{t('portal.sendAgain')}</Button>}
      />
    );
  }
  return (
    <>
      <FormAlerts messages={general} />
      <Form
        form={form}
        name="magicLink"
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        initialValues={{ tenantSlug: initialSlug }}
      >
        <Form.Item
          name="tenantSlug"
          label={t('portal.company')}
          extra={t('portal.companyHelp')}
          hidden={fixed}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input autoComplete="organization" />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('auth.email')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input type="email" autoComplete="email" inputMode="email" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
          {t('portal.sendLink')}
        </Button>
      </Form>
    </>
  );
}

function PasswordForm({ initialSlug, fixed }: { initialSlug: string; fixed: boolean }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<LinkValues & { password: string }>();
  const { session, publicClient } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const showErrors = useUserErrors(form, ['tenantSlug', 'email', 'password']);
  const [general, setGeneral] = useState<string[]>([]);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (values: LinkValues & { password: string }) => {
    setSubmitting(true);
    setGeneral([]);
    const result = await publicClient.mutation(PortalLogIn, { input: values }).toPromise();
    setSubmitting(false);
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const payload = result.data?.portalLogIn;
    const tokens = tokensOf(payload);
    if (!tokens) return setGeneral(showErrors(payload?.userErrors ?? []));
    localStorage.setItem(SLUG_KEY, values.tenantSlug);
    session.start(tokens);
    navigate(safeNext(params.get('next')), { replace: true });
  };

  return (
    <>
      <FormAlerts messages={general} />
      <Form
        form={form}
        name="portalPassword"
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        initialValues={{ tenantSlug: initialSlug }}
      >
        <Form.Item
          name="tenantSlug"
          label={t('portal.company')}
          hidden={fixed}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input autoComplete="organization" />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('auth.email')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input type="email" autoComplete="username" inputMode="email" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.password')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
          {t('auth.logIn')}
        </Button>
      </Form>
    </>
  );
}

export function PortalLogInPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token');
  const { tenantSlug } = useParams();
  const fixed = !!tenantSlug;
  const initialSlug = tenantSlug ?? params.get('tenant') ?? localStorage.getItem(SLUG_KEY) ?? '';
  if (token) return <RedeemLink token={token} />;
  return (
    <Card title={t('portal.logInTitle')} style={{ maxWidth: 480, margin: '24px auto' }}>
      {params.get('expired') && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('auth.sessionExpired')}
        />
      )}
      {fixed && (
        <Typography.Paragraph type="secondary" data-testid="portal-tenant-hint">
          {t('portalSelfService.signIn.tenantHint', { slug: tenantSlug })}
        </Typography.Paragraph>
      )}
      <Tabs
        items={[
          {
            key: 'link',
            label: t('portal.byEmailLink'),
            children: <MagicLinkForm initialSlug={initialSlug} fixed={fixed} />,
          },
          {
            key: 'password',
            label: t('portal.byPassword'),
            children: <PasswordForm initialSlug={initialSlug} fixed={fixed} />,
          },
        ]}
      />
    </Card>
  );
}
