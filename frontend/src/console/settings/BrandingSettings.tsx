import { DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { ErrorState, LoadingState } from '../../shared/components/States';
import { useCan } from '../viewer';

const TenantBrandingQuery = graphql(`
  query TenantBranding {
    tenant {
      id
      branding {
        ...TenantBrandingFields
      }
    }
  }
`);

graphql(`
  fragment TenantBrandingFields on TenantBranding {
    legalName
    address
    taxId
    bankDetails
    hasLogo
    logoUrl
  }
`);

const UpdateTenantBranding = graphql(`
  mutation UpdateTenantBranding($input: UpdateTenantBrandingInput!) {
    updateTenantBranding(input: $input) {
      branding {
        ...TenantBrandingFields
      }
      userErrors {
        field
        code
        message
        params
      }
    }
  }
`);

const TEXT_FIELDS = ['legalName', 'address', 'taxId', 'bankDetails'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
type BrandingValues = Record<TextField, string>;
const MAX_LOGO_BYTES = 512 * 1024;

/** What becomes of the logo when the form is saved. */
type LogoChange = { kind: 'keep' } | { kind: 'replace'; dataUrl: string } | { kind: 'remove' };

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** The tenant's legal name, address, tax id, bank-transfer instructions and logo, printed on
 * invoices and credit notes and shown in the portal (read by those who read settings,
 * changed by those who may change them). */
export function BrandingSettings() {
  const { t } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({ query: TenantBrandingQuery });
  if (error) return <ErrorState error={error} onRetry={() => refetch()} />;
  if (fetching || !data) return <LoadingState />;
  const branding = data.tenant.branding;
  return (
    <Card
      title={t('branding.title')}
      style={{ maxWidth: 720, marginTop: 16 }}
      data-testid="branding-settings"
    >
      <Typography.Paragraph type="secondary">{t('branding.help')}</Typography.Paragraph>
      <BrandingForm
        initial={{
          legalName: branding.legalName ?? '',
          address: branding.address ?? '',
          taxId: branding.taxId ?? '',
          bankDetails: branding.bankDetails ?? '',
        }}
        logoUrl={branding.logoUrl ?? null}
      />
    </Card>
  );
}

function BrandingForm({ initial, logoUrl }: { initial: BrandingValues; logoUrl: string | null }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canWrite = useCan('settings', 'write');
  const [form] = Form.useForm<BrandingValues>();
  const [{ fetching }, update] = useMutation(UpdateTenantBranding);
  const [logo, setLogo] = useState<LogoChange>({ kind: 'keep' });
  const [logoError, setLogoError] = useState<string | null>(null);
  const [general, setGeneral] = useState<string[]>([]);
  const shownLogo =
    logo.kind === 'replace' ? logo.dataUrl : logo.kind === 'remove' ? null : logoUrl;

  const chooseLogo = async (file: File) => {
    setLogoError(null);
    if (!['image/png', 'image/jpeg'].includes(file.type))
      return setLogoError(t('branding.errors.INVALID_LOGO'));
    if (file.size > MAX_LOGO_BYTES) return setLogoError(t('branding.errors.LOGO_TOO_LARGE'));
    try {
      setLogo({ kind: 'replace', dataUrl: await readAsDataUrl(file) });
    } catch {
      setLogoError(t('branding.logoUnreadable'));
    }
  };

  const submit = async (values: BrandingValues) => {
    setGeneral([]);
    setLogoError(null);
    const result = await update({
      input: {
        ...values,
        logoBase64: logo.kind === 'replace' ? logo.dataUrl : null,
        removeLogo: logo.kind === 'remove',
      },
    });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const errors = result.data?.updateTenantBranding.userErrors ?? [];
    if (errors.length > 0) return showErrors(errors);
    setLogo({ kind: 'keep' });
    void message.success(t('settings.saved'));
  };

  const showErrors = (
    errors: readonly {
      field?: readonly string[] | null;
      code: string;
      message: string;
      params?: unknown;
    }[],
  ) => {
    const fieldErrors: { name: TextField; errors: string[] }[] = [];
    const rest: string[] = [];
    for (const e of errors) {
      const text = t(`branding.errors.${e.code}`, {
        defaultValue: e.message,
        ...(e.params as Record<string, string> | null | undefined),
      });
      const field = e.field?.[0];
      if (field === 'logoBase64') setLogoError(text);
      else if (TEXT_FIELDS.includes(field as TextField))
        fieldErrors.push({ name: field as TextField, errors: [text] });
      else rest.push(text);
    }
    form.setFields(fieldErrors);
    setGeneral(rest);
  };

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      disabled={!canWrite}
      initialValues={initial}
      requiredMark={false}
    >
      <FormAlerts messages={general} />
      <Form.Item
        name="legalName"
        label={t('branding.legalName')}
        extra={t('branding.legalNameHelp')}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="address" label={t('branding.address')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} />
      </Form.Item>
      <Form.Item name="taxId" label={t('branding.taxId')}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item
        name="bankDetails"
        label={t('branding.bankDetails')}
        extra={t('branding.bankDetailsHelp')}
      >
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={1000} />
      </Form.Item>
      <Form.Item
        label={t('branding.logo')}
        extra={t('branding.logoHelp')}
        validateStatus={logoError ? 'error' : undefined}
        help={logoError ?? undefined}
      >
        <Space direction="vertical">
          {shownLogo ? (
            <img
              src={shownLogo}
              alt={t('branding.logoAlt')}
              data-testid="branding-logo-preview"
              style={{ maxHeight: 64, maxWidth: '100%' }}
            />
          ) : (
            <Typography.Text type="secondary">{t('branding.noLogo')}</Typography.Text>
          )}
          {canWrite && (
            <Space wrap>
              <Upload
                accept="image/png,image/jpeg"
                showUploadList={false}
                maxCount={1}
                beforeUpload={(file) => {
                  void chooseLogo(file);
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />} data-testid="branding-choose-logo">
                  {t('branding.chooseLogo')}
                </Button>
              </Upload>
              {shownLogo && (
                <Button icon={<DeleteOutlined />} onClick={() => setLogo({ kind: 'remove' })}>
                  {t('branding.removeLogo')}
                </Button>
              )}
            </Space>
          )}
        </Space>
      </Form.Item>
      {canWrite && (
        <Button type="primary" htmlType="submit" loading={fetching} data-testid="branding-save">
          {t('common.save')}
        </Button>
      )}
    </Form>
  );
}
