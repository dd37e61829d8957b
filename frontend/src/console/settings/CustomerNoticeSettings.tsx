import { App, Card, Form, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { ErrorState, LoadingState } from '../../shared/components/States';
import { useCan } from '../viewer';

const CustomerNoticeSettingsQuery = graphql(`
  query CustomerNoticeSettings {
    customerNoticeSettings {
      orderConfirmed
      orderShipped
      orderDelivered
    }
  }
`);

const UpdateCustomerNoticeSettings = graphql(`
  mutation UpdateCustomerNoticeSettings($input: UpdateCustomerNoticeSettingsInput!) {
    updateCustomerNoticeSettings(input: $input) {
      settings {
        orderConfirmed
        orderShipped
        orderDelivered
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

const NOTICES = ['orderConfirmed', 'orderShipped', 'orderDelivered'] as const;
type Notice = (typeof NOTICES)[number];
type Switches = Record<Notice, boolean>;

/** Which emails customers get about their orders; each one on or off for the tenant. */
export function CustomerNoticeSettings() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canWrite = useCan('settings', 'write');
  const [{ data, fetching, error }, refetch] = useQuery({ query: CustomerNoticeSettingsQuery });
  const [{ fetching: saving }, update] = useMutation(UpdateCustomerNoticeSettings);

  if (error) return <ErrorState error={error} onRetry={() => refetch()} />;
  if (fetching || !data) return <LoadingState />;
  const shown = data.customerNoticeSettings;
  // Only the switches: the query's result also carries __typename, which no input accepts.
  const current: Switches = {
    orderConfirmed: shown.orderConfirmed,
    orderShipped: shown.orderShipped,
    orderDelivered: shown.orderDelivered,
  };

  const toggle = async (notice: Notice, on: boolean) => {
    const result = await update({ input: { ...current, [notice]: on } });
    const failed =
      result.error || (result.data?.updateCustomerNoticeSettings.userErrors ?? []).length;
    if (failed) return void message.error(t('customerNotices.notSaved'));
    void message.success(t('settings.saved'));
  };

  return (
    <Card
      title={t('customerNotices.title')}
      style={{ maxWidth: 720, marginTop: 16 }}
      data-testid="customer-notice-settings"
    >
      <Typography.Paragraph type="secondary">{t('customerNotices.help')}</Typography.Paragraph>
      <Form layout="horizontal" labelCol={{ flex: '1 1 auto' }} labelAlign="left" colon={false}>
        {NOTICES.map((notice) => (
          <Form.Item
            key={notice}
            label={t(`customerNotices.${notice}`)}
            extra={t(`customerNotices.${notice}Help`)}
          >
            <Switch
              checked={current[notice]}
              disabled={!canWrite}
              loading={saving}
              aria-label={t(`customerNotices.${notice}`)}
              data-testid={`customer-notice-${notice}`}
              onChange={(on) => void toggle(notice, on)}
            />
          </Form.Item>
        ))}
      </Form>
    </Card>
  );
}
