import { Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import type { InboundMailStatus } from '../../gql/graphql';
import { ErrorState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/format';
import { useCan } from '../viewer';
import { SupportMail } from './queries';

const STATUS_COLOURS: Record<InboundMailStatus, string> = {
  RECEIVED: 'default',
  THREADED: 'blue',
  OPENED: 'green',
  REFUSED: 'red',
};

/** The support address customers write to, and (for those who configure support) what
 * became of the latest mail it received. */
export function SupportMailSettings() {
  const canRead = useCan('tickets', 'read');
  const mayConfigure = useCan('tickets', 'configure');
  const { t, i18n } = useTranslation();
  const [{ data, error }, refetch] = useQuery({
    query: SupportMail,
    variables: { withMail: mayConfigure },
    pause: !canRead,
  });
  if (!canRead) return null;
  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data) return null;
  return (
    <Card
      title={t('tickets.supportMail.title')}
      style={{ maxWidth: 960, marginTop: 16 }}
      data-testid="support-mail"
    >
      {data.supportMailAddress ? (
        <Typography.Paragraph>
          {t('tickets.supportMail.address')}{' '}
          <Typography.Text code copyable data-testid="support-mail-address">
            {data.supportMailAddress}
          </Typography.Text>
          <br />
          <Typography.Text type="secondary">{t('tickets.supportMail.help')}</Typography.Text>
        </Typography.Paragraph>
      ) : (
        <Typography.Paragraph type="secondary">{t('tickets.supportMail.off')}</Typography.Paragraph>
      )}
      {data.inboundMail && data.supportMailAddress && (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={data.inboundMail}
          locale={{ emptyText: t('tickets.supportMail.none') }}
          data-testid="inbound-mail"
          columns={[
            {
              title: t('tickets.supportMail.received'),
              key: 'receivedAt',
              render: (_, mail) => formatDateTime(mail.receivedAt, i18n.language),
            },
            { title: t('tickets.supportMail.from'), dataIndex: 'fromAddress' },
            { title: t('tickets.supportMail.subject'), dataIndex: 'subject' },
            {
              title: t('tickets.supportMail.outcome'),
              key: 'status',
              render: (_, mail) => (
                <>
                  <Tag color={STATUS_COLOURS[mail.status]}>
                    {t(`tickets.supportMail.statuses.${mail.status}`)}
                  </Tag>
                  {mail.reason && (
                    <Typography.Text type="secondary">
                      {t(`tickets.supportMail.reasons.${mail.reason}`, {
                        defaultValue: mail.reason,
                      })}
                    </Typography.Text>
                  )}
                </>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
