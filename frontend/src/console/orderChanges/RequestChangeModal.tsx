import { DatePicker, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import type { OrderChangePanelQuery } from '../../gql/graphql';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { useUserErrors } from '../../shared/useUserErrors';
import { requiredDecimal } from '../catalog/money';
import { RequestOrderChange } from './queries';

export type ChangeableOrder = Extract<
  NonNullable<OrderChangePanelQuery['node']>,
  { lines: unknown }
>;

interface Values {
  lines: { quantity: string }[];
  requestedDeliveryDate?: Dayjs | null;
  shipToAddressId?: string;
  reason?: string;
}

/** The change form: a quantity per line (every line is sent; unchanged ones change nothing),
 * a new delivery date and another ship-to address of the customer, and the reason. */
export function RequestChangeModal({
  order,
  open,
  onClose,
  onDone,
}: {
  order: ChangeableOrder;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [{ fetching }, request] = useMutation(RequestOrderChange);
  const showErrors = useUserErrors(form, [
    'lines',
    'requestedDeliveryDate',
    'shipToAddressId',
    'reason',
  ]);
  const [general, setGeneral] = useState<string[]>([]);
  const addresses = (order.customer?.addresses ?? []).filter((a) => a.kind === 'SHIP_TO');

  const submit = async (values: Values) => {
    setGeneral([]);
    const result = await request({
      input: {
        orderId: order.id,
        lines: order.lines.map((line, index) => ({
          orderLineId: line.id,
          quantity: requiredDecimal(values.lines[index]?.quantity ?? line.quantity),
        })),
        requestedDeliveryDate: values.requestedDeliveryDate
          ? values.requestedDeliveryDate.format('YYYY-MM-DD')
          : null,
        shipToAddressId: values.shipToAddressId ?? null,
        reason: values.reason || null,
      },
    });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const errors = result.data?.requestOrderChange.userErrors ?? [];
    if (errors.length > 0) return setGeneral(showErrors(errors));
    form.resetFields();
    onDone();
  };

  const initial: Values = {
    lines: order.lines.map((line) => ({ quantity: line.quantity })),
    requestedDeliveryDate: order.requestedDeliveryDate ? dayjs(order.requestedDeliveryDate) : null,
  };
  return (
    <Modal
      open={open}
      title={t('orderChanges.requestTitle')}
      destroyOnClose
      width={640}
      onCancel={() => {
        setGeneral([]);
        onClose();
      }}
      onOk={() => form.submit()}
      confirmLoading={fetching}
      okText={t('orderChanges.send')}
      cancelText={t('common.cancel')}
    >
      <FormAlerts messages={general} />
      <Form
        form={form}
        name="requestChange"
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        initialValues={initial}
      >
        <Typography.Paragraph type="secondary">
          {t('orderChanges.requestHelp')}
        </Typography.Paragraph>
        {order.lines.map((line, index) => (
          <Form.Item
            key={line.id}
            name={['lines', index, 'quantity']}
            label={`${line.lineNo}. ${line.skuCode} — ${line.description}`}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <InputNumber
              stringMode
              min="0.001"
              style={{ width: '100%' }}
              aria-label={t('orderChanges.quantityOf', { sku: line.skuCode })}
            />
          </Form.Item>
        ))}
        <Form.Item name="requestedDeliveryDate" label={t('orderChanges.deliveryDate')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="shipToAddressId"
          label={t('orderChanges.shipTo')}
          extra={t('orderChanges.shipToHelp')}
        >
          <Select
            allowClear
            placeholder={t('orderChanges.keepAddress')}
            options={addresses.map((a) => ({
              value: a.id,
              label: [a.label, a.recipient, a.line1, a.city].filter(Boolean).join(', '),
            }))}
          />
        </Form.Item>
        <Form.Item name="reason" label={t('orderChanges.reason')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
