import { Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import type { ApprovalDecision } from '../../gql/graphql';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { useUserErrors } from '../../shared/useUserErrors';
import { DecideApproval } from './queries';

export interface PendingDecision {
  stepId: string;
  orderNumber: string;
  decision: ApprovalDecision;
}

const FIELDS = ['reason'] as const;

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
  const approving = pending?.decision === 'APPROVE';

  const submit = async (values: { reason?: string }) => {
    if (!pending) return;
    setGeneral([]);
    const result = await decide({
      input: { stepId: pending.stepId, decision: pending.decision, reason: values.reason || null },
    });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const errors = result.data?.decideApproval.userErrors ?? [];
    if (errors.length > 0) return setGeneral(showErrors(errors));
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
        onClose();
      }}
      onOk={() => form.submit()}
      okText={approving ? t('approvals.approve') : t('approvals.reject')}
      okButtonProps={{ danger: !approving }}
      cancelText={t('common.cancel')}
    >
      <FormAlerts messages={general} />
      <Form
        form={form}
        name="decideApproval"
        layout="vertical"
        onFinish={submit}
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
