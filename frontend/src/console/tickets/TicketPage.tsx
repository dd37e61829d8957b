import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Input,
  Mentions,
  Modal,
  Row,
  Segmented,
  Select,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import type {
  ReturnWish,
  TicketDetailQuery,
  TicketMessageKind,
  TicketResolutionCode,
  TicketStatus,
} from '../../gql/graphql';
import { AttachButton, AttachmentList } from '../../shared/components/Attachments';
import { useUploads } from '../../shared/useUploads';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, ForbiddenState, LoadingState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/format';
import { departmentName } from '../../shared/serverText';
import { customerPath, invoicePath, orderPath, returnPath } from '../links';
import { NewReturnDrawer } from '../returns/NewReturnDrawer';
import { MentionableUsers } from '../collaboration/queries';
import { mentionedIds, type MentionCandidate } from '../collaboration/timeline';
import { RequestRefundDrawer } from '../refunds/RequestRefundDrawer';
import { useCan } from '../viewer';
import {
  ChangeTicketStatus,
  ReopenTicket,
  ReplyToTicket,
  TicketAssignees,
  TicketDetail,
  TicketOrderFollowUps,
  TicketFormChoices,
  UpdateTicket,
} from './queries';
import { categoryName } from '../../shared/ticketCategory';
import { SlaClocks } from './SlaClocks';
import { TicketSurveyCard } from './TicketSurveyCard';
import { TicketPriorityTag, TicketStatusTag } from './TicketTags';

type Ticket = NonNullable<TicketDetailQuery['ticketByNumber']>;
type Message = Ticket['messages'][number];
type UserErrors = readonly { code: string; message: string }[];

const RESOLUTIONS: TicketResolutionCode[] = [
  'FIXED',
  'ANSWERED',
  'DUPLICATE',
  'WONT_FIX',
  'NO_RESPONSE',
];
/** The moves offered from each status, as the server allows them (reopening is its own). */
const MOVES: Record<TicketStatus, TicketStatus[]> = {
  NEW: ['OPEN', 'PENDING_CUSTOMER', 'PENDING_THIRD_PARTY', 'SOLVED'],
  OPEN: ['PENDING_CUSTOMER', 'PENDING_THIRD_PARTY', 'SOLVED'],
  PENDING_CUSTOMER: ['OPEN', 'PENDING_THIRD_PARTY', 'SOLVED'],
  PENDING_THIRD_PARTY: ['OPEN', 'PENDING_CUSTOMER', 'SOLVED'],
  SOLVED: ['CLOSED'],
  CLOSED: [],
};
const MOVE_LABEL: Partial<Record<TicketStatus, string>> = {
  OPEN: 'tickets.actions.open',
  PENDING_CUSTOMER: 'tickets.actions.pendingCustomer',
  PENDING_THIRD_PARTY: 'tickets.actions.pendingThirdParty',
  SOLVED: 'tickets.actions.solve',
  CLOSED: 'tickets.actions.close',
};

/** One ticket: what it is about, its conversation, and the moves staff make on it. */
export default function TicketPage() {
  const { t } = useTranslation();
  const { number = '' } = useParams();
  const mayRead = useCan('tickets', 'read');
  const [{ data, error, fetching }, refetch] = useQuery({
    query: TicketDetail,
    variables: { number },
    pause: !mayRead,
  });
  const reload = () => refetch({ requestPolicy: 'network-only' });

  if (!mayRead) return <ForbiddenState />;
  if (error && !data) return <ErrorState error={error} onRetry={reload} />;
  if (!data && fetching) return <LoadingState />;
  const ticket = data?.ticketByNumber;
  if (!ticket) return <Empty description={t('tickets.notFound')} />;
  return (
    <>
      <PageHeader
        title={`${ticket.number} · ${ticket.subject}`}
        extra={<Link to="/tickets">{t('tickets.backToList')}</Link>}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Space direction="vertical" style={{ width: '100%' }} size={16}>
            <StatusActions ticket={ticket} onChanged={reload} />
            <Card size="small" title={t('tickets.description')}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                {ticket.description}
              </Typography.Paragraph>
              <AttachmentList files={ticket.attachments} />
            </Card>
            <Conversation ticket={ticket} />
            <ReplyBox ticket={ticket} onSent={reload} />
          </Space>
        </Col>
        <Col xs={24} lg={9}>
          <Space direction="vertical" style={{ width: '100%' }} size={16}>
            <TicketFacts ticket={ticket} />
            <FollowUps ticket={ticket} />
            <SlaClocks clocks={ticket.slaClocks} />
            <TicketSurveyCard ticketId={ticket.id} status={ticket.status} />
            <Assignment ticket={ticket} onChanged={reload} />
          </Space>
        </Col>
      </Row>
    </>
  );
}

function TicketFacts({ ticket }: { ticket: Ticket }) {
  const { t, i18n } = useTranslation();
  const when = (value: string | null | undefined) =>
    value ? formatDateTime(value, i18n.language) : '—';
  return (
    <Card size="small">
      <Descriptions column={1} size="small" data-testid="ticket-facts">
        <Descriptions.Item label={t('tickets.status')}>
          <TicketStatusTag status={ticket.status} />
          {ticket.resolutionCode && t(`tickets.resolutions.${ticket.resolutionCode}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('tickets.priority')}>
          <TicketPriorityTag priority={ticket.priority} />
        </Descriptions.Item>
        <Descriptions.Item label={t('tickets.category')}>
          {categoryName(t, ticket.category, ticket.categoryKey)}
        </Descriptions.Item>
        <Descriptions.Item label={t('tickets.customer')}>
          {ticket.customer ? (
            <Link to={customerPath(ticket.customer.id)}>{ticket.customer.name}</Link>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        {ticket.order && (
          <Descriptions.Item label={t('tickets.order')}>
            <Link to={orderPath(ticket.order.number)}>{ticket.order.number}</Link>
          </Descriptions.Item>
        )}
        {ticket.orderLines.length > 0 && (
          <Descriptions.Item label={t('tickets.orderLines')}>
            {ticket.orderLines.map((l) => `#${l.lineNo} ${l.skuCode} × ${l.quantity}`).join(', ')}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('tickets.channel')}>
          {t(`tickets.channels.${ticket.channel}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('tickets.created')}>{when(ticket.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('tickets.firstResponse')}>
          {when(ticket.firstResponseAt)}
        </Descriptions.Item>
        {ticket.solvedAt && (
          <Descriptions.Item label={t('tickets.solved')}>{when(ticket.solvedAt)}</Descriptions.Item>
        )}
        {ticket.closedAt && (
          <Descriptions.Item label={t('tickets.closed')}>{when(ticket.closedAt)}</Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

/** What staff start from a ticket about an order: a return or an exchange (linked to the
 * ticket), a refund request (the refunds flow, with its four-eyes rule), a credit note on
 * one of the order's invoices, or the order itself. */
function FollowUps({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const mayRequestRefund = useCan('refunds', 'request');
  const mayReturn = useCan('returns', 'write');
  const mayCredit = useCan('invoices', 'issue');
  const [refunding, setRefunding] = useState(false);
  const [returning, setReturning] = useState<ReturnWish | null>(null);
  const order = ticket.order;
  const [related] = useQuery({
    query: TicketOrderFollowUps,
    variables: { orderId: order?.id ?? '' },
    pause: !order || (!mayReturn && !mayCredit),
  });
  if (!order) return null;
  const node = related.data?.node;
  const orderDetail =
    node && 'lines' in node && node.customer ? { ...node, customer: node.customer } : null;
  const invoices = (related.data?.invoices.edges ?? [])
    .map((e) => e.node)
    .filter((i) => i.status !== 'VOID');
  return (
    <Card size="small" title={t('tickets.followUps.title')}>
      <Space wrap>
        <Link to={orderPath(order.number)}>{t('tickets.followUps.openOrder')}</Link>
        {/* Shown at once (usable once the order's lines are in), so the buttons never move
            under a pointer on the way to one of them. */}
        {mayReturn && (
          <>
            <Button
              onClick={() => setReturning('REFUND')}
              disabled={!orderDetail}
              data-testid="ticket-start-return"
            >
              {t('tickets.followUps.startReturn')}
            </Button>
            <Button
              onClick={() => setReturning('EXCHANGE')}
              disabled={!orderDetail}
              data-testid="ticket-start-exchange"
            >
              {t('tickets.followUps.startExchange')}
            </Button>
          </>
        )}
        {mayRequestRefund && (
          <Button onClick={() => setRefunding(true)} data-testid="ticket-request-refund">
            {t('refunds.request.button')}
          </Button>
        )}
        {mayCredit &&
          invoices.map((invoice) => (
            <Link
              key={invoice.id}
              to={`${invoicePath(invoice.number)}?credit=1`}
              data-testid="ticket-credit-note"
            >
              {t('tickets.followUps.creditNote', { number: invoice.number })}
            </Link>
          ))}
      </Space>
      {mayReturn && orderDetail && (
        <NewReturnDrawer
          open={returning !== null}
          order={orderDetail}
          ticketId={ticket.id}
          initialWish={returning ?? 'REFUND'}
          onClose={() => setReturning(null)}
          onCreated={(number) => navigate(returnPath(number))}
        />
      )}
      {mayRequestRefund && (
        <RequestRefundDrawer
          orderId={order.id}
          open={refunding}
          onClose={() => setRefunding(false)}
          onRequested={(number) => {
            setRefunding(false);
            void message.success(t('tickets.followUps.refundRequested', { number }));
          }}
        />
      )}
    </Card>
  );
}

function Conversation({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('tickets.conversation')}>
      {ticket.messages.length === 0 ? (
        <Typography.Text type="secondary">{t('tickets.noMessages')}</Typography.Text>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="ticket-messages">
          {ticket.messages.map((m) => (
            <MessageCard key={m.id} message={m} />
          ))}
        </Space>
      )}
    </Card>
  );
}

function MessageCard({ message }: { message: Message }) {
  const { t, i18n } = useTranslation();
  const note = message.kind === 'INTERNAL_NOTE';
  return (
    <div
      data-testid={note ? 'ticket-note' : 'ticket-reply'}
      style={{
        padding: 12,
        borderRadius: 6,
        background: note ? '#fffbe6' : '#f5f5f5',
        border: note ? '1px solid #ffe58f' : '1px solid #f0f0f0',
      }}
    >
      <Typography.Text strong>{message.authorName}</Typography.Text>{' '}
      <Typography.Text type="secondary">
        {note ? t('tickets.internalNote') : null} {formatDateTime(message.createdAt, i18n.language)}
      </Typography.Text>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '8px 0 0' }}>
        {message.body}
      </Typography.Paragraph>
      <AttachmentList files={message.attachments} />
    </div>
  );
}

function useErrorMessage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (errors: UserErrors | undefined, networkError: unknown): boolean => {
    if (networkError) {
      void message.error(t('states.networkError'));
      return true;
    }
    const first = errors?.[0];
    if (first) {
      void message.error(t(`errors.${first.code}`, { defaultValue: first.message }));
      return true;
    }
    return false;
  };
}

function ReplyBox({ ticket, onSent }: { ticket: Ticket; onSent: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mayWrite = useCan('tickets', 'write');
  const [kind, setKind] = useState<TicketMessageKind>('PUBLIC_REPLY');
  const [body, setBody] = useState('');
  const [{ fetching }, reply] = useMutation(ReplyToTicket);
  const uploads = useUploads('ticket_attachment');
  const [picked, setPicked] = useState<MentionCandidate[]>([]);
  const mention = (user: MentionCandidate) => setPicked((current) => [...current, user]);
  const failed = useErrorMessage();
  if (!mayWrite) return null;
  if (ticket.status === 'CLOSED')
    return <Typography.Text type="secondary">{t('tickets.closedNoReplies')}</Typography.Text>;

  const send = async () => {
    const result = await reply({
      input: {
        ticketId: ticket.id,
        body,
        kind,
        attachmentIds: uploads.ids,
        mentionedUserIds: kind === 'INTERNAL_NOTE' ? mentionedIds(body, picked) : [],
      },
    });
    const payload = result.data?.replyToTicket;
    if (failed(payload?.userErrors, result.error)) return;
    setBody('');
    setPicked([]);
    uploads.reset();
    void message.success(t(kind === 'PUBLIC_REPLY' ? 'tickets.sent' : 'tickets.noted'));
    onSent();
  };
  const note = kind === 'INTERNAL_NOTE';
  return (
    <Card size="small" data-testid="ticket-reply-box">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Segmented<TicketMessageKind>
          value={kind}
          onChange={setKind}
          options={[
            { value: 'PUBLIC_REPLY', label: t('tickets.publicReply') },
            { value: 'INTERNAL_NOTE', label: t('tickets.internalNote') },
          ]}
        />
        {note ? (
          <NoteInput value={body} onChange={setBody} onMention={mention} />
        ) : (
          <Input.TextArea
            rows={4}
            aria-label={t('tickets.publicReply')}
            placeholder={t('tickets.replyPlaceholder')}
            value={body}
            onChange={(event) => setBody(event.target.value)}
          />
        )}
        <AttachButton purpose="ticket_attachment" uploadProps={uploads.uploadProps} />
        <Button
          type="primary"
          loading={fetching}
          disabled={!body.trim() || uploads.busy}
          onClick={send}
        >
          {note ? t('tickets.addNote') : t('tickets.send')}
        </Button>
      </Space>
    </Card>
  );
}

/** An internal note with @mention autocomplete over the company's active users. */
function NoteInput({
  value,
  onChange,
  onMention,
}: {
  value: string;
  onChange: (text: string) => void;
  onMention: (user: MentionCandidate) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const canListUsers = useCan('users', 'read');
  const [users] = useQuery({
    query: MentionableUsers,
    variables: { search: search || null },
    pause: !canListUsers,
  });
  const candidates = users.data?.users.edges.map((e) => e.node) ?? [];
  return (
    <Mentions
      rows={4}
      aria-label={t('tickets.internalNote')}
      placeholder={t('tickets.notePlaceholder')}
      value={value}
      onChange={onChange}
      loading={users.fetching}
      onSearch={(text) => setSearch(text)}
      onSelect={(option) => {
        const user = candidates.find((c) => c.name === option.value);
        if (user) onMention({ id: user.id, name: user.name });
      }}
      options={candidates.map((user) => ({
        key: user.id,
        value: user.name,
        label: `${user.name} (${user.email})`,
      }))}
    />
  );
}

function StatusActions({ ticket, onChanged }: { ticket: Ticket; onChanged: () => void }) {
  const { t } = useTranslation();
  const mayWrite = useCan('tickets', 'write');
  const [solving, setSolving] = useState(false);
  const [resolution, setResolution] = useState<TicketResolutionCode | null>(null);
  const [moving, move] = useMutation(ChangeTicketStatus);
  const [reopening, reopen] = useMutation(ReopenTicket);
  const failed = useErrorMessage();
  if (!mayWrite) return null;

  const moveTo = async (status: TicketStatus, resolutionCode: TicketResolutionCode | null) => {
    const result = await move({ input: { ticketId: ticket.id, status, resolutionCode } });
    if (failed(result.data?.changeTicketStatus.userErrors, result.error)) return false;
    onChanged();
    return true;
  };
  const reopenTicket = async () => {
    const result = await reopen({ ticketId: ticket.id });
    if (!failed(result.data?.reopenTicket.userErrors, result.error)) onChanged();
  };
  const busy = moving.fetching || reopening.fetching;
  return (
    <Space wrap data-testid="ticket-actions">
      {MOVES[ticket.status].map((status) => (
        <Button
          key={status}
          type={status === 'SOLVED' ? 'primary' : 'default'}
          disabled={busy}
          onClick={() => (status === 'SOLVED' ? setSolving(true) : void moveTo(status, null))}
        >
          {t(MOVE_LABEL[status] ?? '')}
        </Button>
      ))}
      {(ticket.status === 'SOLVED' || ticket.status === 'CLOSED') && (
        <Button disabled={busy} onClick={() => void reopenTicket()}>
          {t('tickets.actions.reopen')}
        </Button>
      )}
      <Modal
        title={t('tickets.solveTitle')}
        open={solving}
        okText={t('tickets.actions.solve')}
        okButtonProps={{ disabled: !resolution, loading: moving.fetching }}
        onCancel={() => setSolving(false)}
        onOk={async () => {
          if (resolution && (await moveTo('SOLVED', resolution))) setSolving(false);
        }}
      >
        <Typography.Paragraph>{t('tickets.solveHelp')}</Typography.Paragraph>
        <Select<TicketResolutionCode>
          aria-label={t('tickets.resolution')}
          style={{ width: '100%' }}
          value={resolution}
          onChange={setResolution}
          options={RESOLUTIONS.map((r) => ({ value: r, label: t(`tickets.resolutions.${r}`) }))}
        />
      </Modal>
    </Space>
  );
}

function Assignment({ ticket, onChanged }: { ticket: Ticket; onChanged: () => void }) {
  const { t } = useTranslation();
  const mayAssign = useCan('tickets', 'assign');
  const mayWrite = useCan('tickets', 'write');
  const [users] = useQuery({ query: TicketAssignees, pause: !mayAssign });
  const [choices] = useQuery({ query: TicketFormChoices, pause: !mayWrite });
  const [{ fetching }, update] = useMutation(UpdateTicket);
  const failed = useErrorMessage();
  if (!mayWrite) return null;

  const save = async (change: {
    ownerId?: string | null;
    departmentId?: string | null;
    priority?: Ticket['priority'];
    category?: string;
  }) => {
    const result = await update({ input: { ticketId: ticket.id, ...change } });
    if (!failed(result.data?.updateTicket.userErrors, result.error)) onChanged();
  };
  const owners = (users.data?.users.edges ?? []).map((e) => e.node);
  return (
    <Card size="small">
      <Space direction="vertical" style={{ width: '100%' }}>
        {mayAssign && (
          <>
            <Typography.Text type="secondary">{t('tickets.owner')}</Typography.Text>
            <Select
              aria-label={t('tickets.owner')}
              allowClear
              disabled={fetching}
              style={{ width: '100%' }}
              placeholder={t('tickets.unassigned')}
              value={ticket.owner?.id ?? null}
              onChange={(id?: string) => void save({ ownerId: id ?? null })}
              options={owners.map((u) => ({ value: u.id, label: u.name }))}
            />
            <Typography.Text type="secondary">{t('tickets.department')}</Typography.Text>
            <Select
              aria-label={t('tickets.department')}
              allowClear
              disabled={fetching}
              style={{ width: '100%' }}
              value={ticket.department?.id ?? null}
              onChange={(id?: string) => void save({ departmentId: id ?? null })}
              options={(choices.data?.departments ?? []).map((d) => ({
                value: d.id,
                label: departmentName(t, d),
              }))}
            />
          </>
        )}
        <Typography.Text type="secondary">{t('tickets.priority')}</Typography.Text>
        <Select<Ticket['priority']>
          aria-label={t('tickets.priority')}
          disabled={fetching}
          style={{ width: '100%' }}
          value={ticket.priority}
          onChange={(priority) => void save({ priority })}
          options={(['LOW', 'NORMAL', 'HIGH', 'URGENT'] as const).map((p) => ({
            value: p,
            label: t(`tickets.priorities.${p}`),
          }))}
        />
      </Space>
    </Card>
  );
}
