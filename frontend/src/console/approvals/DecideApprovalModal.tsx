import { Alert, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import type { ApprovalDecision } from '../../gql/graphql';
import { FormAlerts } from '../../shared/components/FormAlerts';
import type { UserErrorLike } from '../../shared/userErrors';
import { useUserErrors } from '../../shared/useUserErrors';
import { STOCK_CODES, useIssueText } from '../orders/orderIssues';
import { useCan } from '../viewer';
import { ApprovalStockOutlook, DecideApproval } from './queries';

export interface PendingDecision {
  stepId: string;
  orderNumber: string;
  decision: ApprovalDecision;
}

const FIELDS = ['reason'] as const;

type DecisionError = UserErrorLike & { params?: unknown };

/** The lines approving would leave short, named with what the warehouse has, and the
 * approver's way on: backorder the shortfall when they may (only the last approval reserves
 * stock, so earlier approvers are told it is decided there), else reject or wait for stock. */
function StockShortfall({
  errors,
  onBackorder,
  busy,
  lastStep,
}: {
  errors: readonly DecisionError[];
  onBackorder: () => void;
  busy: boolean;
  lastStep: boolean;
}) {
  const { t } = useTranslation();
  const describe = useIssueText();
  const mayBackorder = useCan('inventory', 'backorder');
  const refused = errors.some((e) => e.code === 'BACKORDER_NOT_ALLOWED');
  const way = !lastStep ? (
    <div>{t('orderEntry.backorderAtLastApproval')}</div>
  ) : mayBackorder && !refused ? (
    <Button style={{ marginTop: 8 }} onClick={onBackorder} loading={busy}>
      {t('orderEntry.approveWithBackorder')}
    </Button>
  ) : (
    <div>{t('orderEntry.approverMayNotBackorder')}</div>
  );
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="approval-stock-shortfall"
      message={t('orderEntry.dialogShortTitle')}
      description={
        <>
          {errors.map((error, index) => (
            <div key={index} data-testid="short-line">
              {describe(error)}
            </div>
          ))}
          {way}
        </>
      }
    />
  );
}

/** The stock outlook of the step being approved, read when the dialog opens (the lines the
 * warehouse would not fill now), replaced by a failed attempt's errors (stock may move). */
function StockOutlook({
  stepId,
  failed,
  onBackorder,
  busy,
}: {
  stepId: string;
  failed: readonly DecisionError[];
  onBackorder: () => void;
  busy: boolean;
}) {
  const [{ data }] = useQuery({
    query: ApprovalStockOutlook,
    variables: { stepId },
    requestPolicy: 'network-only',
  });
  const node = data?.node;
  const step = node && 'stockShortfall' in node ? node : null;
  const foreseen: DecisionError[] = (step?.stockShortfall ?? []).map((short) => ({
    code: 'INSUFFICIENT_STOCK',
    field: null,
    message: '',
    params: {
      line: String(short.line),
      sku: short.skuCode,
      requested: String(short.requested),
      available: String(short.available),
      warehouse: short.warehouse ?? '',
    },
  }));
  const lines = failed.length > 0 ? failed : foreseen;
  const lastStep = failed.length > 0 || step?.request?.steps.at(-1)?.id === stepId;
  if (lines.length === 0) return null;
  return (
    <StockShortfall errors={lines} busy={busy} onBackorder={onBackorder} lastStep={lastStep} />
  );
}

/** Approve (reason optional) or reject (reason required) the active step of an approval. */
export function DecideApprovalModal({
  pending,
  onClose,
  onDone,
}: {
  pending: PendingDecision | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason?: string }>();
  const [{ fetching }, decide] = useMutation(DecideApproval);
  const showErrors = useUserErrors(form, FIELDS);
  const [general, setGeneral] = useState<string[]>([]);
  const [shortfall, setShortfall] = useState<DecisionError[]>([]);
  const approving = pending?.decision === 'APPROVE';

  const submit = async (values: { reason?: string }, allowBackorder = false) => {
    if (!pending) return;
    setGeneral([]);
    setShortfall([]);
    const result = await decide({
      input: {
        stepId: pending.stepId,
        decision: pending.decision,
        reason: values.reason || null,
        allowBackorder,
      },
    });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const errors = result.data?.decideApproval.userErrors ?? [];
    const stock = errors.filter((e) => STOCK_CODES.includes(e.code));
    setShortfall(stock);
    const rest = errors.filter((e) => !STOCK_CODES.includes(e.code));
    if (errors.length > 0) return setGeneral(showErrors(rest));
    form.resetFields();
    onDone();
  };

  return (
    <Modal
      open={!!pending}
      destroyOnClose
      confirmLoading={fetching}
      title={t(approving ? 'approvals.approveTitle' : 'approvals.rejectTitle', {
        number: pending?.orderNumber ?? '',
      })}
      onCancel={() => {
        setGeneral([]);
        setShortfall([]);
        onClose();
      }}
      onOk={() => form.submit()}
      okText={approving ? t('approvals.approve') : t('approvals.reject')}
      okButtonProps={{ danger: !approving }}
      cancelText={t('common.cancel')}
    >
      <FormAlerts messages={general} />
      {pending && approving && (
        <StockOutlook
          stepId={pending.stepId}
          failed={shortfall}
          busy={fetching}
          onBackorder={() => void submit(form.getFieldsValue(), true)}
        />
      )}
      <Form
        form={form}
        name="decideApproval"
        layout="vertical"
        onFinish={(values) => void submit(values)}
        requiredMark={false}
      >
        <Form.Item
          name="reason"
          label={t('approvals.reason')}
          extra={approving ? t('approvals.approveReasonHelp') : t('approvals.rejectReasonHelp')}
          rules={
            approving
              ? []
              : [{ required: true, whitespace: true, message: t('errors.REASON_REQUIRED') }]
          }
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
