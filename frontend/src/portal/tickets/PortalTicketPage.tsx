import { App, Button, Card, Descriptions, Empty, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import type { PortalTicketDetailQuery } from '../../gql/graphql';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, LoadingState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/format';
import { categoryName } from '../../shared/ticketCategory';
import { PortalTicketStatus } from './MyTicketsPage';
import { AttachButton, AttachmentList } from '../../shared/components/Attachments';
import { useUploads } from '../../shared/useUploads';
import { PortalReplyToTicket, PortalTicketDetail } from './queries';
import { PortalTicketSurvey } from './PortalTicketSurvey';

type Ticket = PortalTicketDetailQuery['portalTicket'];

/** One support request: what the customer asked, the public conversation, and a reply box. */
export function PortalTicketPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: PortalTicketDetail,
    variables: { id },
    requestPolicy: 'cache-and-network',
  });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  if (error && !data) {
    if (error.graphQLErrors.some((e) => e.extensions?.code === 'NOT_FOUND'))
      return <Empty description={t('portalTickets.notFound')} />;
    return <ErrorState error={error} onRetry={reload} />;
  }
  if (!data && fetching) return <LoadingState />;
  const ticket = data?.portalTicket;
  if (!ticket) return <Empty description={t('portalTickets.notFound')} />;
  const when = (value: string) => formatDateTime(value, i18n.language);
  return (
    <div data-testid="portal-ticket">
      <PageHeader
        title={`${ticket.number} · ${ticket.subject}`}
        extra={<Link to="/tickets">{t('portalTickets.back')}</Link>}
      />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label={t('portalTickets.status')}>
              <PortalTicketStatus status={ticket.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('portalTickets.category')}>
              {ticket.category ? categoryName(t, ticket.category, ticket.category.key) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('portalTickets.opened')}>
              {when(ticket.createdAt)}
            </Descriptions.Item>
            {ticket.orderId && (
              <Descriptions.Item label={t('portalTickets.order')}>
                <Link to={`/orders/${ticket.orderId}`}>{t('portalTickets.order')}</Link>
              </Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '12px 0 0' }}>
            {ticket.description}
          </Typography.Paragraph>
          <AttachmentList files={ticket.attachments} />
        </Card>
        <Card size="small" title={t('portalTickets.conversation')}>
          <Space
            direction="vertical"
            style={{ width: '100%' }}
            data-testid="portal-ticket-messages"
          >
            {ticket.messages.map((m) => (
              <div
                key={m.id}
                data-testid={m.fromCustomer ? 'portal-message-mine' : 'portal-message-seller'}
                style={{
                  padding: 12,
                  borderRadius: 6,
                  background: m.fromCustomer ? '#e6f4ff' : '#f5f5f5',
                  marginLeft: m.fromCustomer ? 24 : 0,
                  marginRight: m.fromCustomer ? 0 : 24,
                }}
              >
                <Typography.Text strong>
                  {m.fromCustomer ? t('portalTickets.you') : m.authorName}
                </Typography.Text>{' '}
                <Typography.Text type="secondary">{when(m.createdAt)}</Typography.Text>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '8px 0 0' }}>
                  {m.body}
                </Typography.Paragraph>
                <AttachmentList files={m.attachments} />
              </div>
            ))}
          </Space>
        </Card>
        <PortalTicketSurvey ticketId={ticket.id} />
        <ReplyBox ticket={ticket} onSent={reload} />
      </Space>
    </div>
  );
}

function ReplyBox({ ticket, onSent }: { ticket: Ticket; onSent: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [body, setBody] = useState('');
  const [{ fetching }, reply] = useMutation(PortalReplyToTicket);
  const uploads = useUploads('ticket_attachment');
  if (ticket.status === 'CLOSED')
    return <Typography.Text type="secondary">{t('portalTickets.closed')}</Typography.Text>;

  const send = async () => {
    const result = await reply({
      input: { ticketId: ticket.id, body, attachmentIds: uploads.ids },
    });
    const failure = result.error
      ? t('states.networkError')
      : result.data?.portalReplyToTicket.userErrors.map((e) =>
          t(`errors.${e.code}`, { defaultValue: e.message }),
        )[0];
    if (failure) {
      void message.error(failure);
      return;
    }
    setBody('');
    uploads.reset();
    void message.success(t('portalTickets.replied'));
    onSent();
  };
  return (
    <Card size="small">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input.TextArea
          rows={4}
          aria-label={t('portalTickets.reply')}
          placeholder={t('portalTickets.reply')}
          value={body}
          onChange={(event) => setBody(event.target.value)}
        />
        <AttachButton purpose="ticket_attachment" uploadProps={uploads.uploadProps} />
        <Button
          type="primary"
          loading={fetching}
          disabled={!body.trim() || uploads.busy}
          onClick={send}
        >
          {t('portalTickets.sendReply')}
        </Button>
      </Space>
    </Card>
  );
}
