import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/components/States';
import { decimalInput } from '../catalog/money';
import { useCan } from '../viewer';
import { ReturnSettingsQuery, UpdateReturnSettings } from './queries';

const ADDRESS_FIELDS = [
  'name',
  'line1',
  'line2',
  'city',
  'region',
  'postalCode',
  'country',
  'phone',
] as const;
type AddressField = (typeof ADDRESS_FIELDS)[number];

interface Values {
  windowDays: number | null;
  approvalThreshold: string | number | null;
  address: Partial<Record<AddressField, string | null>>;
}

/** The tenant's return window, approval threshold and returns address (read with
 * returns:read, changed with settings:write). */
export function ReturnSettings() {
  const canRead = useCan('returns', 'read');
  return canRead ? <ReturnSettingsCard /> : null;
}

function ReturnSettingsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canWrite = useCan('settings', 'write');
  const [form] = Form.useForm<Values>();
  const [failure, setFailure] = useState<string | null>(null);
  const [{ data, fetching, error }, refetch] = useQuery({ query: ReturnSettingsQuery });
  const [{ fetching: saving }, update] = useMutation(UpdateReturnSettings);

  if (error) return <ErrorState error={error} onRetry={() => refetch()} />;
  if (fetching || !data) return <LoadingState />;
  const current = data.returnSettings;

  const submit = async (values: Values) => {
    const address = Object.fromEntries(
      ADDRESS_FIELDS.map((key) => [key, values.address?.[key]?.trim() || null]),
    ) as Record<AddressField, string | null>;
    const result = await update({
      windowDays: values.windowDays ?? 0,
      approvalThreshold: decimalInput(values.approvalThreshold),
      returnAddress: Object.values(address).some(Boolean) ? address : null,
    });
    const first = result.data?.updateReturnSettings.userErrors[0];
    const text = result.error
      ? t('states.networkError')
      : first
        ? t([`returns.errors.${first.code}`, `errors.${first.code}`], {
            defaultValue: first.message,
          })
        : null;
    setFailure(text);
    if (text) return;
    void message.success(t('returns.settings.saved'));
  };

  return (
    <Card
      title={t('returns.settings.title')}
      style={{ maxWidth: 720, marginTop: 16 }}
      data-testid="return-settings"
    >
      <Form<Values>
        form={form}
        layout="vertical"
        disabled={!canWrite}
        onFinish={submit}
        initialValues={{
          windowDays: current.windowDays,
          approvalThreshold: current.approvalThreshold ?? null,
          address: current.returnAddress ?? {},
        }}
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="windowDays" label={t('returns.settings.windowDays')}>
              <InputNumber min={0} max={3650} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="approvalThreshold"
              label={t('returns.settings.approvalThreshold')}
              extra={t('returns.settings.approvalThresholdHint')}
            >
              <InputNumber<string> stringMode min="0" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          label={t('returns.settings.returnAddress')}
          extra={t('returns.settings.returnAddressHint')}
        >
          <Row gutter={8}>
            {ADDRESS_FIELDS.map((key) => (
              <Col xs={24} md={12} key={key}>
                <Form.Item name={['address', key]} noStyle>
                  <Input
                    placeholder={t(`returns.settings.address.${key}`)}
                    aria-label={t(`returns.settings.address.${key}`)}
                    style={{ marginBottom: 8 }}
                  />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Form.Item>
        {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} />}
        {canWrite && (
          <Button type="primary" htmlType="submit" loading={saving}>
            {t('returns.settings.save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}
