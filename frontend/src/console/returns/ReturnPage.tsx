import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import type {
  ReturnDetailFieldsFragment,
  ReturnDisposition,
  ReturnGrade,
  ReturnWish,
} from '../../gql/graphql';
import { AttachmentList } from '../../shared/components/Attachments';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, ForbiddenState, LoadingState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/format';
import { usePdfOpener } from '../../shared/usePdfOpener';
import { SkuSelect } from '../catalog/SkuSelect';
import { decimalInput, formatMoney, formatQuantity } from '../catalog/money';
import { WarehouseSelect } from '../inventory/WarehouseSelect';
import { customerPath, orderPath } from '../links';
import { useCan } from '../viewer';
import { isPositiveQuantity, remainingQuantity } from './quantities';
import {
  ApproveReturn,
  CancelReturn,
  CloseReturn,
  DeclineReturn,
  InspectReturnLine,
  ReceiveReturn,
  ResolveReturn,
  ReturnDetail,
} from './queries';
import { ReturnStatusTag, ReturnWishTag } from './ReturnTags';

type Rma = ReturnDetailFieldsFragment;
type Line = Rma['lines'][number];
type UserErrors = readonly { code: string; message: string }[];
interface Payload {
  userErrors: UserErrors;
}

const GRADES: ReturnGrade[] = ['A', 'B', 'C'];
const DISPOSITIONS: ReturnDisposition[] = ['RESTOCK', 'RESTOCK_SECOND_GRADE', 'REPAIR', 'SCRAP'];
const RESTOCKING: ReadonlySet<ReturnDisposition> = new Set(['RESTOCK', 'RESTOCK_SECOND_GRADE']);

/** One return (RMA): what the customer sends back, how far it got, and the next moves. */
export default function ReturnPage() {
  const { t } = useTranslation();
  const { number = '' } = useParams();
  const mayRead = useCan('returns', 'read');
  const [{ data, error, fetching }, refetch] = useQuery({
    query: ReturnDetail,
    variables: { number },
    pause: !mayRead,
  });
  const reload = () => refetch({ requestPolicy: 'network-only' });

  if (!mayRead) return <ForbiddenState />;
  if (error && !data) return <ErrorState error={error} onRetry={reload} />;
  if (!data && fetching) return <LoadingState />;
  const rma = data?.returnByNumber;
  if (!rma) return <Empty description={t('returns.notFound')} />;
  return (
    <>
      <PageHeader title={rma.number} extra={<Link to="/returns">{t('returns.backToList')}</Link>} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Space direction="vertical" style={{ width: '100%' }} size={16}>
            <ReturnActions rma={rma} onChanged={reload} />
            <LinesCard rma={rma} onChanged={reload} />
            <InspectionsCard rma={rma} />
          </Space>
        </Col>
        <Col xs={24} lg={8}>
          <ReturnFacts rma={rma} />
        </Col>
      </Row>
    </>
  );
}

/** The text of a user error: returns' own wording of a code, the shared one, else the
 * server's message. */
function useErrorText() {
  const { t } = useTranslation();
  return (errors: UserErrors | undefined, networkError: unknown): string | null => {
    if (networkError) return t('states.networkError');
    const first = errors?.[0];
    if (!first) return null;
    return t([`returns.errors.${first.code}`, `errors.${first.code}`], {
      defaultValue: first.message,
    });
  };
}

function ReturnFacts({ rma }: { rma: Rma }) {
  const { t, i18n } = useTranslation();
  const when = (value: string | null | undefined) =>
    value ? formatDateTime(value, i18n.language) : '—';
  const moments: [string, string | null | undefined][] = [
    ['returns.approved', rma.approvedAt],
    ['returns.declined', rma.declinedAt],
    ['returns.received', rma.receivedAt],
    ['returns.inspected', rma.inspectedAt],
    ['returns.resolved', rma.resolvedAt],
    ['returns.closed', rma.closedAt],
    ['returns.cancelled', rma.cancelledAt],
  ];
  return (
    <Card size="small">
      <Descriptions column={1} size="small" data-testid="return-facts">
        <Descriptions.Item label={t('returns.status')}>
          <ReturnStatusTag status={rma.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('returns.wish')}>
          <ReturnWishTag wish={rma.wish} />
        </Descriptions.Item>
        <Descriptions.Item label={t('returns.customer')}>
          {rma.customer ? <Link to={customerPath(rma.customer.id)}>{rma.customer.name}</Link> : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('returns.order')}>
          {rma.order ? <Link to={orderPath(rma.order.number)}>{rma.order.number}</Link> : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('returns.channel')}>
          {t(`returns.channels.${rma.channel}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('returns.created')}>{when(rma.createdAt)}</Descriptions.Item>
        {moments
          .filter(([, value]) => !!value)
          .map(([key, value]) => (
            <Descriptions.Item key={key} label={t(key)}>
              {when(value)}
            </Descriptions.Item>
          ))}
        {rma.declineReason && (
          <Descriptions.Item label={t('returns.declineReason')}>
            {rma.declineReason}
          </Descriptions.Item>
        )}
        {rma.approvalRequestId && !rma.approvedAt && !rma.declinedAt && (
          <Descriptions.Item label={t('returns.approval')}>
            <Link to="/approvals">{t('returns.awaitingApproval')}</Link>
          </Descriptions.Item>
        )}
        {rma.resolution && (
          <Descriptions.Item label={t('returns.resolution')}>
            <span data-testid="return-resolution">{t(`returns.wishes.${rma.resolution}`)}</span>
          </Descriptions.Item>
        )}
        {rma.refundAmount && (
          <Descriptions.Item label={t('returns.refund')}>
            <span data-testid="return-refund">{formatMoney(rma.refundAmount, i18n.language)}</span>
            {rma.refundId && (
              <>
                {' · '}
                <Link to="/refunds?status=REQUESTED">{t('returns.viewRefund')}</Link>
              </>
            )}
          </Descriptions.Item>
        )}
        {rma.exchangeOrder && (
          <Descriptions.Item label={t('returns.exchangeOrder')}>
            <Link to={orderPath(rma.exchangeOrder.number)} data-testid="return-exchange-order">
              {rma.exchangeOrder.number}
            </Link>
          </Descriptions.Item>
        )}
      </Descriptions>
      {rma.labelUrl && <LabelButton rma={rma} url={rma.labelUrl} />}
    </Card>
  );
}

function LabelButton({ rma, url }: { rma: Rma; url: string }) {
  const { t } = useTranslation();
  const openPdf = usePdfOpener();
  return (
    <Button
      href={url}
      data-testid="return-label"
      onClick={(event) => void openPdf(url, event)}
      style={{ marginTop: 12 }}
    >
      {t('returns.downloadLabel', { number: rma.number })}
    </Button>
  );
}

/** Goods of the line still to come. */
function expected(line: Line): string {
  return remainingQuantity(line.quantity, line.receivedQuantity);
}

function ReturnActions({ rma, onChanged }: { rma: Rma; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mayApprove = useCan('returns', 'approve');
  const mayWrite = useCan('returns', 'write');
  const mayInspect = useCan('returns', 'inspect');
  const [approving, approve] = useMutation(ApproveReturn);
  const [closing, close] = useMutation(CloseReturn);
  const [cancelling, cancel] = useMutation(CancelReturn);
  const [declining, setDeclining] = useState(false);
  const [receiving, setReceiving] = useState(false);
  const [resolvingOpen, setResolving] = useState(false);
  const errorText = useErrorText();

  const finish = (payload: Payload | undefined, networkError: unknown, doneKey: string) => {
    const failure = errorText(payload?.userErrors, networkError);
    if (failure) {
      void message.error(failure);
      return;
    }
    void message.success(t(doneKey, { number: rma.number }));
    onChanged();
  };
  const busy = approving.fetching || closing.fetching || cancelling.fetching;
  const status = rma.status;
  const mayReceive =
    (mayWrite || mayInspect) &&
    ['AWAITING_RETURN', 'RECEIVED', 'INSPECTED'].includes(status) &&
    rma.lines.some((line) => isPositiveQuantity(expected(line)));
  const confirm = (
    title: string,
    label: string,
    onConfirm: () => Promise<void>,
    primary = true,
  ) => (
    <Popconfirm title={title} okText={label} onConfirm={onConfirm}>
      <Button type={primary ? 'primary' : 'default'} danger={!primary} disabled={busy}>
        {label}
      </Button>
    </Popconfirm>
  );
  const actions = [
    status === 'REQUESTED' &&
      mayApprove &&
      confirm(t('returns.confirmApprove'), t('returns.actions.approve'), async () => {
        const result = await approve({ returnId: rma.id });
        finish(result.data?.approveReturn, result.error, 'returns.done.approved');
      }),
    status === 'REQUESTED' && mayApprove && (
      <Button disabled={busy} onClick={() => setDeclining(true)}>
        {t('returns.actions.decline')}
      </Button>
    ),
    mayReceive && (
      <Button
        type={status === 'AWAITING_RETURN' ? 'primary' : 'default'}
        disabled={busy}
        onClick={() => setReceiving(true)}
      >
        {t('returns.actions.receive')}
      </Button>
    ),
    status === 'INSPECTED' && mayWrite && (
      <Button type="primary" disabled={busy} onClick={() => setResolving(true)}>
        {t('returns.actions.resolve')}
      </Button>
    ),
    status === 'RESOLVED' &&
      mayWrite &&
      confirm(t('returns.confirmClose'), t('returns.actions.close'), async () => {
        const result = await close({ returnId: rma.id });
        finish(result.data?.closeReturn, result.error, 'returns.done.closed');
      }),
    (status === 'REQUESTED' || status === 'AWAITING_RETURN') &&
      mayWrite &&
      confirm(
        t('returns.confirmCancel'),
        t('returns.actions.cancel'),
        async () => {
          const result = await cancel({ returnId: rma.id });
          finish(result.data?.cancelReturn, result.error, 'returns.done.cancelled');
        },
        false,
      ),
  ].filter(Boolean);
  if (actions.length === 0) return null;
  return (
    <Space wrap data-testid="return-actions">
      {actions.map((action, index) => (
        <span key={index}>{action}</span>
      ))}
      <DeclineModal
        rma={rma}
        open={declining}
        onClose={() => setDeclining(false)}
        onDone={() => {
          setDeclining(false);
          onChanged();
        }}
      />
      <ReceiveModal
        rma={rma}
        open={receiving}
        onClose={() => setReceiving(false)}
        onDone={() => {
          setReceiving(false);
          onChanged();
        }}
      />
      {resolvingOpen && (
        <ResolveModal
          rma={rma}
          open
          onClose={() => setResolving(false)}
          onDone={() => {
            setResolving(false);
            onChanged();
          }}
        />
      )}
    </Space>
  );
}

/** Resolve by refund or exchange, with what each grants shown before confirming. */
function ResolveModal({ rma, onClose, onDone }: ModalProps) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [resolution, setResolution] = useState<ReturnWish>(rma.wish);
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, resolve] = useMutation(ResolveReturn);
  const errorText = useErrorText();
  const preview = rma.resolutionPreview;
  const submit = async () => {
    const result = await resolve({ returnId: rma.id, resolution });
    const text = errorText(result.data?.resolveReturn.userErrors, result.error);
    setFailure(text);
    if (text) return;
    void message.success(t('returns.done.resolved', { number: rma.number }));
    onDone();
  };
  return (
    <Modal
      title={t('returns.resolveTitle', { number: rma.number })}
      open
      okText={t('returns.actions.resolve')}
      okButtonProps={{ loading: fetching }}
      onCancel={onClose}
      onOk={submit}
    >
      <Radio.Group
        value={resolution}
        onChange={(event) => setResolution(event.target.value as ReturnWish)}
        data-testid="resolve-choice"
      >
        <Radio value="REFUND">{t('returns.wishes.REFUND')}</Radio>
        <Radio value="EXCHANGE">{t('returns.wishes.EXCHANGE')}</Radio>
      </Radio.Group>
      {preview && (
        <div style={{ marginTop: 16 }} data-testid="resolve-preview">
          {resolution === 'REFUND' ? (
            <Typography.Paragraph>
              {t('returns.refundPreview')}{' '}
              <Typography.Text strong data-testid="resolve-refund-amount">
                {formatMoney(preview.refundAmount, i18n.language)}
              </Typography.Text>
            </Typography.Paragraph>
          ) : (
            <Typography.Paragraph>
              {t('returns.exchangePreview', {
                quantity: formatQuantity(preview.passedQuantity, i18n.language),
              })}
            </Typography.Paragraph>
          )}
          <ul>
            {preview.lines.map((line) => (
              <li key={line.returnLineId}>
                {line.skuCode}: {t('returns.passed')}{' '}
                {formatQuantity(line.passedQuantity, i18n.language)}
                {resolution === 'REFUND' && ` · ${formatMoney(line.refund, i18n.language)}`}
              </li>
            ))}
          </ul>
          <Typography.Text type="secondary">{t('returns.resolveHelp')}</Typography.Text>
        </div>
      )}
      {failure && <Alert type="error" showIcon message={failure} style={{ marginTop: 12 }} />}
    </Modal>
  );
}

interface ModalProps {
  rma: Rma;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}

function DeclineModal({ rma, open, onClose, onDone }: ModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, decline] = useMutation(DeclineReturn);
  const errorText = useErrorText();
  const submit = async () => {
    const result = await decline({ input: { returnId: rma.id, reason } });
    const text = errorText(result.data?.declineReturn.userErrors, result.error);
    setFailure(text);
    if (text) return;
    void message.success(t('returns.done.declined', { number: rma.number }));
    onDone();
  };
  return (
    <Modal
      title={t('returns.declineTitle', { number: rma.number })}
      open={open}
      okText={t('returns.actions.decline')}
      okButtonProps={{ danger: true, loading: fetching }}
      onCancel={onClose}
      onOk={submit}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('returns.declineHelp')}</Typography.Paragraph>
      <Input.TextArea
        rows={3}
        aria-label={t('returns.declineReason')}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      {failure && <Alert type="error" showIcon message={failure} style={{ marginTop: 12 }} />}
    </Modal>
  );
}

function ReceiveModal({ rma, open, onClose, onDone }: ModalProps) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const openLines = rma.lines.filter((line) => isPositiveQuantity(expected(line)));
  const [quantities, setQuantities] = useState<Record<string, string | null>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, receive] = useMutation(ReceiveReturn);
  const errorText = useErrorText();
  const quantityOf = (line: Line) => (line.id in quantities ? quantities[line.id] : expected(line));
  const submit = async () => {
    const lines = openLines
      .map((line) => ({ returnLineId: line.id, quantity: quantityOf(line) ?? '' }))
      .filter((line) => isPositiveQuantity(line.quantity));
    if (lines.length === 0) {
      setFailure(t('returns.receiveNothing'));
      return;
    }
    const result = await receive({ input: { returnId: rma.id, lines } });
    const text = errorText(result.data?.receiveReturn.userErrors, result.error);
    setFailure(text);
    if (text) return;
    setQuantities({});
    void message.success(t('returns.done.received'));
    onDone();
  };
  return (
    <Modal
      title={t('returns.receiveTitle', { number: rma.number })}
      open={open}
      okText={t('returns.actions.receive')}
      okButtonProps={{ loading: fetching }}
      onCancel={onClose}
      onOk={submit}
      width={640}
    >
      <Typography.Paragraph>{t('returns.receiveHelp')}</Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }} data-testid="receive-lines">
        {openLines.map((line) => (
          <Row key={line.id} gutter={8} align="middle">
            <Col flex="auto">
              <Typography.Text strong>
                #{line.lineNo} {line.skuCode}
              </Typography.Text>{' '}
              <Typography.Text type="secondary">
                {line.description} ·{' '}
                {t('returns.stillExpected', {
                  quantity: formatQuantity(expected(line), i18n.language),
                })}
              </Typography.Text>
            </Col>
            <Col>
              <InputNumber<string>
                stringMode
                min="0"
                max={expected(line)}
                aria-label={`${t('returns.receivedQuantity')} #${line.lineNo}`}
                value={quantityOf(line)}
                onChange={(value) =>
                  setQuantities((current) => ({ ...current, [line.id]: decimalInput(value) }))
                }
              />
            </Col>
          </Row>
        ))}
      </Space>
      {failure && <Alert type="error" showIcon message={failure} style={{ marginTop: 12 }} />}
    </Modal>
  );
}

function LinesCard({ rma, onChanged }: { rma: Rma; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const mayInspect = useCan('returns', 'inspect');
  const [inspecting, setInspecting] = useState<Line | null>(null);
  const quantity = (value: string) => formatQuantity(value, i18n.language);
  return (
    <Card size="small" title={t('returns.lines')}>
      <Table<Line>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={rma.lines}
        data-testid="return-lines"
        scroll={{ x: true }}
        columns={[
          { title: t('returns.lineNo'), key: 'lineNo', dataIndex: 'lineNo' },
          { title: t('returns.sku'), key: 'sku', dataIndex: 'skuCode' },
          { title: t('returns.description'), key: 'description', dataIndex: 'description' },
          {
            title: t('returns.reason'),
            key: 'reason',
            render: (_, line) => t(`returns.reasons.${line.reason}`),
          },
          {
            title: t('returns.comment'),
            key: 'comment',
            render: (_, line) => (
              <>
                {line.comment ?? (line.photos.length ? null : '—')}
                <AttachmentList files={line.photos} />
              </>
            ),
          },
          {
            title: t('returns.unitPrice'),
            key: 'unitPrice',
            align: 'right',
            render: (_, line) => formatMoney(line.unitPrice, i18n.language),
          },
          {
            title: t('returns.askedQuantity'),
            key: 'asked',
            align: 'right',
            render: (_, line) => <span data-testid="asked">{quantity(line.quantity)}</span>,
          },
          {
            title: t('returns.receivedQuantity'),
            key: 'received',
            align: 'right',
            render: (_, line) => (
              <span data-testid="received">{quantity(line.receivedQuantity)}</span>
            ),
          },
          {
            title: t('returns.inspectedQuantity'),
            key: 'inspected',
            align: 'right',
            render: (_, line) => (
              <span data-testid="inspected">{quantity(line.inspectedQuantity)}</span>
            ),
          },
          {
            title: t('returns.quarantinedQuantity'),
            key: 'quarantined',
            align: 'right',
            render: (_, line) => (
              <span data-testid="quarantined">{quantity(line.quarantinedQuantity)}</span>
            ),
          },
          {
            title: '',
            key: 'inspect',
            render: (_, line) =>
              mayInspect && isPositiveQuantity(line.quarantinedQuantity) ? (
                <Button
                  size="small"
                  data-testid={`inspect-line-${line.lineNo}`}
                  onClick={() => setInspecting(line)}
                >
                  {t('returns.actions.inspect')}
                </Button>
              ) : null,
          },
        ]}
      />
      {inspecting && (
        <InspectModal
          line={inspecting}
          onClose={() => setInspecting(null)}
          onDone={() => {
            setInspecting(null);
            onChanged();
          }}
        />
      )}
    </Card>
  );
}

interface InspectValues {
  quantity: string | number | null;
  grade: ReturnGrade;
  disposition?: ReturnDisposition;
  warehouseId?: string;
  secondGradeSkuId?: string;
  note?: string;
}

function InspectModal({
  line,
  onClose,
  onDone,
}: {
  line: Line;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<InspectValues>();
  const disposition = Form.useWatch('disposition', form);
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, inspect] = useMutation(InspectReturnLine);
  const errorText = useErrorText();
  const submit = async () => {
    const values = await form.validateFields();
    const result = await inspect({
      input: {
        returnLineId: line.id,
        quantity: decimalInput(values.quantity) ?? '',
        grade: values.grade,
        disposition: values.disposition ?? 'RESTOCK',
        warehouseId: values.warehouseId ?? null,
        secondGradeSkuId: values.secondGradeSkuId ?? null,
        note: values.note?.trim() || null,
      },
    });
    const text = errorText(result.data?.inspectReturnLine.userErrors, result.error);
    setFailure(text);
    if (text) return;
    void message.success(t('returns.done.inspected'));
    onDone();
  };
  return (
    <Modal
      title={t('returns.inspectTitle', { line: line.lineNo, sku: line.skuCode })}
      open
      okText={t('returns.actions.inspect')}
      okButtonProps={{ loading: fetching }}
      onCancel={onClose}
      onOk={submit}
    >
      <Typography.Paragraph>
        {t('returns.inspectHelp')}{' '}
        <Typography.Text strong>
          {t('returns.toInspect', {
            quantity: formatQuantity(line.quarantinedQuantity, i18n.language),
          })}
        </Typography.Text>
      </Typography.Paragraph>
      <Form<InspectValues>
        form={form}
        layout="vertical"
        data-testid="inspect-form"
        initialValues={{ quantity: line.quarantinedQuantity, grade: 'A' }}
      >
        <Form.Item
          name="quantity"
          label={t('returns.quantity')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <InputNumber<string> stringMode min="0" max={line.quarantinedQuantity} />
        </Form.Item>
        <Form.Item name="grade" label={t('returns.grade')} rules={[{ required: true }]}>
          <Select<ReturnGrade>
            options={GRADES.map((g) => ({ value: g, label: t(`returns.grades.${g}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="disposition"
          label={t('returns.disposition')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Select<ReturnDisposition>
            options={DISPOSITIONS.map((d) => ({
              value: d,
              label: t(`returns.dispositions.${d}`),
            }))}
          />
        </Form.Item>
        {disposition && RESTOCKING.has(disposition) && (
          <Form.Item
            name="warehouseId"
            label={t('returns.warehouse')}
            extra={t('returns.warehouseHint')}
          >
            <WarehouseSelect allowClear />
          </Form.Item>
        )}
        {disposition === 'RESTOCK_SECOND_GRADE' && (
          <Form.Item name="secondGradeSkuId" label={t('returns.secondGradeSku')}>
            <SkuSelect />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('returns.note')}>
          <Input />
        </Form.Item>
      </Form>
      {failure && <Alert type="error" showIcon message={failure} />}
    </Modal>
  );
}

function InspectionsCard({ rma }: { rma: Rma }) {
  const { t, i18n } = useTranslation();
  const rows = rma.lines.flatMap((line) =>
    line.inspections.map((inspection) => ({ ...inspection, line })),
  );
  if (rows.length === 0) return null;
  return (
    <Card size="small" title={t('returns.inspections')}>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={rows}
        data-testid="return-inspections"
        columns={[
          {
            title: t('returns.lineNo'),
            key: 'line',
            render: (_, row) => `#${row.line.lineNo} ${row.line.skuCode}`,
          },
          {
            title: t('returns.quantity'),
            key: 'quantity',
            align: 'right',
            render: (_, row) => formatQuantity(row.quantity, i18n.language),
          },
          {
            title: t('returns.grade'),
            key: 'grade',
            render: (_, row) => t(`returns.grades.${row.grade}`),
          },
          {
            title: t('returns.disposition'),
            key: 'disposition',
            render: (_, row) => t(`returns.dispositions.${row.disposition}`),
          },
          {
            title: t('returns.warehouse'),
            key: 'warehouse',
            render: (_, row) =>
              [row.warehouse?.code, row.stockedSku?.code].filter(Boolean).join(' · ') || '—',
          },
          { title: t('returns.note'), key: 'note', render: (_, row) => row.note ?? '—' },
          {
            title: t('returns.inspected'),
            key: 'when',
            render: (_, row) => formatDateTime(row.createdAt, i18n.language),
          },
        ]}
      />
    </Card>
  );
}
