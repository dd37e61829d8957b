import { Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import type { OrderChangeDecision } from '../../gql/graphql';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { useUserErrors } from '../../shared/useUserErrors';
import { DecideOrderChange } from './queries';

export interface PendingDecision {
  requestId: string;
  orderNumber: string;
  decision: OrderChangeDecision;
}

/** Approve or reject a change request, with a note the requester sees. */
export function DecideChangeModal({
  pending,
  onClose,
  onDone,
}: {
  pending: PendingDecision | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note?: string }>();
  const [{ fetching }, decide] = useMutation(DecideOrderChange);
  const showErrors = useUserErrors(form, ['note']);
  const [general, setGeneral] = useState<string[]>([]);

  const submit = async (values: { note?: string }) => {
    if (!pending) return;
    setGeneral([]);
    const result = await decide({
      input: {
        changeRequestId: pending.requestId,
        decision: pending.decision,
        note: values.note || null,
      },
    });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const errors = result.data?.decideOrderChange.userErrors ?? [];
    if (errors.length > 0) return setGeneral(showErrors(errors));
    form.resetFields();
    onDone();
  };

  const approving = pending?.decision === 'APPROVE';
  const title = approving ? 'orderChanges.approveTitle' : 'orderChanges.rejectTitle';
  return (
    <Modal
      open={!!pending}
      title={t(title, { number: pending?.orderNumber ?? '' })}
      destroyOnClose
      onCancel={() => {
        setGeneral([]);
        onClose();
      }}
      onOk={() => form.submit()}
      confirmLoading={fetching}
      okText={approving ? t('orderChanges.approve') : t('orderChanges.reject')}
      okButtonProps={{ danger: !approving }}
      cancelText={t('common.cancel')}
    >
      <FormAlerts messages={general} />
      <Form
        form={form}
        name="decideChange"
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
      >
        <Form.Item name="note" label={t('orderChanges.note')} extra={t('orderChanges.noteHelp')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
