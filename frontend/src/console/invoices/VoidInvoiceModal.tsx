import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { useUserErrors } from '../../shared/useUserErrors';
import { VoidInvoice } from './queries';

const FIELDS = ['reason'] as const;

/** Voids an unpaid invoice; a reason is required and kept on it. */
export function VoidInvoiceModal({
  invoice,
  open,
  onClose,
  onVoided,
}: {
  invoice: { id: string; number: string };
  open: boolean;
  onClose: () => void;
  onVoided: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const showErrors = useUserErrors(form, FIELDS);
  const [general, setGeneral] = useState<string[]>([]);
  const [{ fetching }, voidInvoice] = useMutation(VoidInvoice);

  const submit = async ({ reason }: { reason: string }) => {
    setGeneral([]);
    const result = await voidInvoice({ input: { invoiceId: invoice.id, reason: reason.trim() } });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const payload = result.data?.voidInvoice;
    if (!payload?.invoice) return setGeneral(showErrors(payload?.userErrors ?? []));
    void message.success(t('invoices.void.done', { number: invoice.number }));
    onVoided();
  };

  return (
    <Modal
      open={open}
      title={t('invoices.void.title', { number: invoice.number })}
      onCancel={onClose}
      destroyOnHidden
      okText={t('invoices.void.submit')}
      okButtonProps={{ danger: true, loading: fetching }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
    >
      <FormAlerts messages={general} />
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => void submit(v)}
        data-testid="void-invoice-form"
      >
        <Form.Item
          name="reason"
          label={t('invoices.void.reason')}
          rules={[{ required: true, whitespace: true, message: t('invoices.void.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
