import { App, Alert, Button, Descriptions, Drawer, Form, Input, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { formatDateTime } from '../../shared/format';
import { useEscapeToClose } from '../../shared/useEscapeToClose';
import { useUserErrors } from '../../shared/useUserErrors';
import { formatMoney } from '../catalog/money';
import { useCan } from '../viewer';
import { ExecuteRefund, RefundSettingsQuery, RejectRefund } from './queries';
import { needsReference } from './refundable';
import type { RefundRow } from './RefundsTable';
import { RefundStatusTag } from './tags';
import { invoicePath, orderPath, paymentPath } from '../links';

const FIELDS = ['note', 'externalReference'] as const;
type Decision = 'execute' | 'reject';

/** One refund: what was asked and why, and for those who may, Execute or Reject. */
export function RefundDrawer({
  refund,
  onClose,
  onChanged,
}: {
  refund: RefundRow | null;
  onClose: () => void;
  onChanged: (refund: RefundRow) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const mayExecute = useCan('refunds', 'execute');
  const [form] = Form.useForm<{ note?: string; externalReference?: string }>();
  const showErrors = useUserErrors(form, FIELDS);
  const [general, setGeneral] = useState<string[]>([]);
  const [decision, setDecision] = useState<Decision | null>(null);
  const [{ fetching: executing }, execute] = useMutation(ExecuteRefund);
  const [{ fetching: rejecting }, reject] = useMutation(RejectRefund);
  const [{ data: rules }] = useQuery({ query: RefundSettingsQuery, pause: !mayExecute });
  const language = i18n.language;

  const refundId = refund?.id;
  const [shownId, setShownId] = useState(refundId);
  if (refundId !== shownId) {
    setShownId(refundId);
    setGeneral([]);
    setDecision(null);
  }
  useEffect(() => {
    form.resetFields();
  }, [refundId, form]);

  useEscapeToClose(!!refund, onClose);
  if (!refund) return <Drawer open={false} onClose={onClose} />;
  const open = refund.status === 'REQUESTED';
  const manual = needsReference(refund.method);
  const ownRequest = refund.requestedByViewer && rules?.refundSettings.fourEyes === true;

  const decide = async (kind: Decision) => {
    setDecision(kind);
    setGeneral([]);
    form.setFields([
      { name: 'note', errors: [] },
      { name: 'externalReference', errors: [] },
    ]);
    const values = form.getFieldsValue();
    const note = values.note?.trim() || null;
    if (kind === 'reject' && !note)
      return form.setFields([{ name: 'note', errors: [t('refunds.decide.noteRequired')] }]);
    const reference = values.externalReference?.trim() || null;
    if (kind === 'execute' && manual && !reference) {
      return form.setFields([
        { name: 'externalReference', errors: [t('errors.REFERENCE_REQUIRED')] },
      ]);
    }
    const result =
      kind === 'execute'
        ? await execute({
            input: { refundId: refund.id, note, externalReference: manual ? reference : null },
          })
        : await reject({ input: { refundId: refund.id, note: note ?? '' } });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const payload =
      result.data &&
      ('executeRefund' in result.data ? result.data.executeRefund : result.data.rejectRefund);
    const errors = payload?.userErrors ?? [];
    if (payload?.refund) onChanged(payload.refund);
    if (errors.length) return setGeneral(showErrors(errors));
    if (!payload?.refund) return setGeneral([t('states.networkError')]);
    void message.success(
      t(kind === 'execute' ? 'refunds.decide.executed' : 'refunds.decide.rejected', {
        number: refund.number,
      }),
    );
  };

  return (
    <Drawer
      title={`${t('refunds.refund')} ${refund.number}`}
      open
      onClose={onClose}
      width={560}
      destroyOnClose
      data-testid="refund-drawer"
    >
      <div data-testid="refund-detail">
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('refunds.status')}>
            <RefundStatusTag status={refund.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('refunds.amount')}>
            <strong>{formatMoney(refund.amount, language)}</strong>
          </Descriptions.Item>
          <Descriptions.Item label={t('refunds.payment')}>
            <Link to={paymentPath(refund.paymentNumber)}>{refund.paymentNumber}</Link>
            {` · ${t(`receivables.methods.${refund.method}`)}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('refunds.order')}>
            {refund.orderId ? (
              <Link to={orderPath(refund.orderNumber ?? refund.orderId)}>
                {refund.orderNumber ?? refund.orderId}
              </Link>
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('refunds.customer')}>{refund.customerName}</Descriptions.Item>
          <Descriptions.Item label={t('refunds.reason')}>
            {t(`refunds.reasons.${refund.reason}`)}
            {refund.reasonNote ? ` — ${refund.reasonNote}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('refunds.requestedBy')}>
            {`${refund.requestedByLabel ?? '—'} · ${formatDateTime(refund.createdAt, language)}`}
          </Descriptions.Item>
          {refund.decidedAt && (
            <Descriptions.Item label={t('refunds.decidedBy')}>
              {`${refund.decidedByLabel ?? '—'} · ${formatDateTime(refund.decidedAt, language)}`}
              {refund.decisionNote ? ` — ${refund.decisionNote}` : ''}
            </Descriptions.Item>
          )}
          {refund.externalReference && (
            <Descriptions.Item label={t('refunds.externalReference')}>
              {refund.externalReference}
            </Descriptions.Item>
          )}
          {refund.stripeRefundId && (
            <Descriptions.Item label={t('refunds.stripeRefund')}>
              {refund.stripeRefundId}
            </Descriptions.Item>
          )}
          {refund.executedAt && (
            <Descriptions.Item label={t('refunds.executedAt')}>
              {formatDateTime(refund.executedAt, language)}
            </Descriptions.Item>
          )}
          {refund.creditNote && (
            <Descriptions.Item label={t('refunds.creditNote')}>
              <Link to={invoicePath(refund.creditNote.number)} data-testid="refund-credit-note">
                {refund.creditNote.number}
              </Link>
            </Descriptions.Item>
          )}
        </Descriptions>
        {refund.status === 'FAILED' && (
          <Alert
            style={{ marginTop: 16 }}
            type="error"
            showIcon
            data-testid="refund-failure"
            message={t('refunds.failed')}
            description={refund.failureMessage ?? undefined}
          />
        )}
      </div>
      {open && mayExecute && (
        <div style={{ marginTop: 24 }} data-testid="refund-decision">
          <Typography.Title level={5}>{t('refunds.decide.title')}</Typography.Title>
          {ownRequest && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              data-testid="refund-own-request"
              message={t('refunds.decide.ownRequest')}
            />
          )}
          <FormAlerts messages={general} />
          <Form
            form={form}
            layout="vertical"
            requiredMark={false}
            data-testid="refund-decision-form"
          >
            {manual && (
              <Form.Item
                name="externalReference"
                label={t('refunds.decide.externalReference')}
                extra={t('refunds.decide.externalReferenceHelp')}
              >
                <Input maxLength={200} />
              </Form.Item>
            )}
            <Form.Item
              name="note"
              label={t('refunds.decide.note')}
              extra={t('refunds.decide.noteHelp')}
            >
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </Form>
          <Space>
            <Button
              type="primary"
              disabled={ownRequest}
              loading={executing && decision === 'execute'}
              onClick={() => void decide('execute')}
            >
              {t('refunds.decide.execute')}
            </Button>
            <Button
              danger
              loading={rejecting && decision === 'reject'}
              onClick={() => void decide('reject')}
            >
              {t('refunds.decide.reject')}
            </Button>
          </Space>
        </div>
      )}
    </Drawer>
  );
}
