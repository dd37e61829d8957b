import { App, Card, Form, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/components/States';
import { RefundSettingsQuery, UpdateRefundSettings } from '../refunds/queries';
import { useCan } from '../viewer';

/** Four-eyes refunds, on or off for the tenant (shown to those who read refunds, changed
 * by those who may change settings). */
export function RefundSettings() {
  const canRead = useCan('refunds', 'read');
  return canRead ? <RefundSettingsCard /> : null;
}

function RefundSettingsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canWrite = useCan('settings', 'write');
  const [{ data, fetching, error }, refetch] = useQuery({ query: RefundSettingsQuery });
  const [{ fetching: saving }, update] = useMutation(UpdateRefundSettings);

  if (error) return <ErrorState error={error} onRetry={() => refetch()} />;
  if (fetching || !data) return <LoadingState />;

  const toggle = async (fourEyes: boolean) => {
    const result = await update({ input: { fourEyes } });
    const failed = result.error || (result.data?.updateRefundSettings.userErrors ?? []).length;
    if (failed) return void message.error(t('refunds.settings.notSaved'));
    void message.success(t('settings.saved'));
  };

  return (
    <Card
      title={t('refunds.settings.title')}
      style={{ maxWidth: 720, marginTop: 16 }}
      data-testid="refund-settings"
    >
      <Form layout="horizontal" labelCol={{ flex: '1 1 auto' }} labelAlign="left" colon={false}>
        <Form.Item label={t('refunds.settings.fourEyes')}>
          <Switch
            checked={data.refundSettings.fourEyes}
            disabled={!canWrite}
            loading={saving}
            aria-label={t('refunds.settings.fourEyes')}
            data-testid="refund-four-eyes-switch"
            onChange={(on) => void toggle(on)}
          />
        </Form.Item>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('refunds.settings.fourEyesHelp')}
      </Typography.Paragraph>
    </Card>
  );
}
