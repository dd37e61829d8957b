import { Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { categoryName } from '../../shared/ticketCategory';
import { useUserErrors } from '../../shared/useUserErrors';
import { PortalCreateTicket, PortalTicketCategories } from './queries';
import { AttachButton } from '../../shared/components/Attachments';
import { useUploads } from '../../shared/useUploads';

interface Values {
  subject?: string;
  description?: string;
  category: string;
}

const FIELDS = ['subject', 'description', 'category'] as const;

/** "Contact support", or "Report a problem" about one of the customer's orders. */
export function NewTicketModal({
  open,
  orderId = null,
  onClose,
  onCreated,
}: {
  open: boolean;
  orderId?: string | null;
  onClose: () => void;
  onCreated: (ticket: { id: string; number: string }) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const showErrors = useUserErrors(form, FIELDS);
  const [general, setGeneral] = useState<readonly string[]>([]);
  const [categories] = useQuery({ query: PortalTicketCategories, pause: !open });
  const [{ fetching }, create] = useMutation(PortalCreateTicket);
  const uploads = useUploads('ticket_attachment');

  useEffect(() => {
    if (open) form.resetFields();
    if (open) uploads.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset only when reopened
  }, [open, form]);
  const close = () => {
    setGeneral([]);
    onClose();
  };

  const submit = async (values: Values) => {
    const result = await create({
      input: {
        subject: values.subject ?? '',
        description: values.description ?? '',
        category: values.category,
        orderId,
        attachmentIds: uploads.ids,
      },
    });
    if (result.error) {
      setGeneral([t('states.networkError')]);
      return;
    }
    const payload = result.data?.portalCreateTicket;
    if (!payload?.ticket) {
      setGeneral(showErrors(payload?.userErrors ?? []));
      return;
    }
    setGeneral([]);
    onCreated(payload.ticket);
  };

  return (
    <Modal
      title={orderId ? t('portalTickets.reportProblem') : t('portalTickets.contact')}
      open={open}
      onCancel={close}
      okText={t('portalTickets.send')}
      okButtonProps={{ loading: fetching, disabled: uploads.busy }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <FormAlerts messages={general} />
      <Form<Values>
        form={form}
        layout="vertical"
        name="portalTicket"
        initialValues={{ category: orderId ? 'delivery' : 'how_to' }}
        onFinish={submit}
        data-testid="portal-ticket-form"
      >
        <Form.Item name="category" label={t('portalTickets.category')}>
          <Select
            aria-label={t('portalTickets.category')}
            loading={categories.fetching}
            options={(categories.data?.portalTicketCategories ?? []).map((c) => ({
              value: c.key,
              label: categoryName(t, c, c.key),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="subject"
          label={t('portalTickets.subject')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('portalTickets.description')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
        >
          <Input.TextArea rows={5} />
        </Form.Item>
        <AttachButton purpose="ticket_attachment" uploadProps={uploads.uploadProps} />
      </Form>
    </Modal>
  );
}
