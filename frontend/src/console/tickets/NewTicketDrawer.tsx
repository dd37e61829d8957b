import { App, Form, Input, Select, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import type { TicketPriority } from '../../gql/graphql';
import { AttachButton } from '../../shared/components/Attachments';
import { useUploads } from '../../shared/useUploads';
import { FormDrawer } from '../../shared/components/FormDrawer';
import { useUserErrors } from '../../shared/useUserErrors';
import { CustomerSearchSelect } from '../orders/CustomerSearchSelect';
import { CreateTicket, TicketFormChoices } from './queries';
import { categoryName } from '../../shared/ticketCategory';

const PRIORITIES: TicketPriority[] = ['LOW', 'NORMAL', 'HIGH', 'URGENT'];
const FIELDS = ['customerId', 'subject', 'description', 'category', 'priority'] as const;

interface TicketValues {
  customerId?: string;
  subject?: string;
  description?: string;
  category: string;
  priority: TicketPriority;
}

/** The order a ticket opened from an order page is about. */
export interface TicketOrder {
  id: string;
  number: string;
  customer: { id: string; name: string };
}

/** Opens a ticket for a customer, or about one of its orders when opened from the order. */
export function NewTicketDrawer({
  open,
  onClose,
  onCreated,
  order = null,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (number: string) => void;
  order?: TicketOrder | null;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<TicketValues>();
  const showErrors = useUserErrors(form, FIELDS);
  const [choices] = useQuery({ query: TicketFormChoices, pause: !open });
  const [{ fetching }, create] = useMutation(CreateTicket);
  const uploads = useUploads('ticket_attachment');

  useEffect(() => {
    if (open) form.resetFields();
    if (open) uploads.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset only when reopened
  }, [open, form]);

  const submit = async (values: TicketValues) => {
    const result = await create({
      input: {
        customerId: order?.customer.id ?? values.customerId ?? '',
        orderId: order?.id ?? null,
        subject: values.subject ?? '',
        description: values.description ?? '',
        category: values.category,
        priority: values.priority,
        attachmentIds: uploads.ids,
      },
    });
    if (result.error) return [result.error.graphQLErrors[0]?.message ?? t('states.networkError')];
    const payload = result.data?.createTicket;
    if (!payload?.ticket) return showErrors(payload?.userErrors ?? []);
    void message.success(t('tickets.create.created', { number: payload.ticket.number }));
    onCreated(payload.ticket.number);
  };

  const categories = choices.data?.ticketCategories ?? [];
  return (
    <FormDrawer
      title={t('tickets.create.title')}
      open={open}
      onClose={onClose}
      width={560}
      form={form}
      onSubmit={submit}
      submitLabel={t('tickets.create.submit')}
      submitting={fetching || uploads.busy}
      name="newTicket"
      initialValues={{ category: order ? 'delivery' : 'other', priority: 'NORMAL' }}
      formTestId="new-ticket-form"
      intro={
        order && (
          <Typography.Paragraph>
            {t('tickets.order')}: {order.number} · {order.customer.name}
          </Typography.Paragraph>
        )
      }
    >
      {!order && (
        <Form.Item
          name="customerId"
          label={t('tickets.customer')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <CustomerSearchSelect aria-label={t('tickets.customer')} style={{ width: '100%' }} />
        </Form.Item>
      )}
      <Form.Item
        name="subject"
        label={t('tickets.subject')}
        rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('tickets.description')}
        rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
      >
        <Input.TextArea rows={5} />
      </Form.Item>
      <Form.Item name="category" label={t('tickets.category')}>
        <Select
          aria-label={t('tickets.category')}
          loading={choices.fetching}
          options={categories.map((c) => ({ value: c.key, label: categoryName(t, c, c.key) }))}
        />
      </Form.Item>
      <Form.Item name="priority" label={t('tickets.priority')}>
        <Select
          aria-label={t('tickets.priority')}
          options={PRIORITIES.map((p) => ({ value: p, label: t(`tickets.priorities.${p}`) }))}
        />
      </Form.Item>
      <AttachButton purpose="ticket_attachment" uploadProps={uploads.uploadProps} />
    </FormDrawer>
  );
}
