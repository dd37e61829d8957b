import { Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import type { OrderShipmentsQuery } from '../../gql/graphql';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { useUserErrors } from '../../shared/useUserErrors';
import type { UserErrorLike } from '../../shared/userErrors';
import { decimalInput, formatQuantity } from '../catalog/money';
import { CreateShipment } from './queries';
import { remainingOf } from './remaining';

export type ShippableOrder = Extract<NonNullable<OrderShipmentsQuery['node']>, { lines: unknown }>;

interface Values {
  lines: { quantity: string | null }[];
  carrier?: string;
  trackingNumber?: string;
  note?: string;
}

const FORM_FIELDS = ['lines', 'carrier', 'trackingNumber', 'note'] as const;

/** The API names a line by its place in the lines it was sent; the form lists every line
 * that remains to ship, so the sent index is mapped back to the form's. */
function toFormErrors(errors: readonly UserErrorLike[], sentToForm: number[]): UserErrorLike[] {
  return errors.map((e) => {
    const field = e.field ?? [];
    const formIndex =
      field[0] === 'lines' && field[1] !== undefined ? sentToForm[Number(field[1])] : undefined;
    return formIndex === undefined
      ? e
      : { ...e, field: ['lines', String(formIndex), ...field.slice(2)] };
  });
}

/** The new-shipment form: a quantity per line still to ship (prefilled with what remains),
 * the carrier and the tracking number. */
export function NewShipmentModal({
  order,
  open,
  onClose,
  onDone,
}: {
  order: ShippableOrder;
  open: boolean;
  onClose: () => void;
  onDone: (number: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [{ fetching }, create] = useMutation(CreateShipment);
  const showErrors = useUserErrors(form, FORM_FIELDS);
  const [general, setGeneral] = useState<string[]>([]);
  const openLines = order.lines.filter((line) => remainingOf(line) > 0);

  const submit = async (values: Values) => {
    setGeneral([]);
    const picked = openLines
      .map((line, index) => ({
        line,
        index,
        quantity: decimalInput(values.lines[index]?.quantity ?? null),
      }))
      .filter((entry) => entry.quantity !== null && Number(entry.quantity) > 0);
    if (picked.length === 0) return setGeneral([t('shipments.nothingToShip')]);
    const result = await create({
      input: {
        orderId: order.id,
        lines: picked.map((entry) => ({
          orderLineId: entry.line.id,
          quantity: entry.quantity ?? '0',
        })),
        carrier: values.carrier ?? '',
        trackingNumber: values.trackingNumber ?? '',
        note: values.note || null,
      },
    });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const payload = result.data?.createShipment;
    const errors = payload?.userErrors ?? [];
    if (errors.length > 0)
      return setGeneral(
        showErrors(
          toFormErrors(
            errors,
            picked.map((entry) => entry.index),
          ),
        ),
      );
    onDone(payload?.shipment?.number ?? '');
  };

  const initial: Values = {
    lines: openLines.map((line) => ({ quantity: String(remainingOf(line)) })),
  };
  return (
    <Modal
      open={open}
      title={t('shipments.newTitle', { number: order.number })}
      destroyOnClose
      width={640}
      onCancel={() => {
        setGeneral([]);
        onClose();
      }}
      onOk={() => form.submit()}
      confirmLoading={fetching}
      okText={t('shipments.ship')}
      cancelText={t('common.cancel')}
    >
      <FormAlerts messages={general} />
      <Form
        form={form}
        name="newShipment"
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        initialValues={initial}
      >
        <Typography.Paragraph type="secondary">{t('shipments.newHelp')}</Typography.Paragraph>
        {openLines.map((line, index) => (
          <Form.Item
            key={line.id}
            name={['lines', index, 'quantity']}
            label={`${line.lineNo}. ${line.skuCode} — ${line.description}`}
            extra={t('shipments.quantityOf', {
              sku: line.skuCode,
              remaining: formatQuantity(String(remainingOf(line)), i18n.language),
            })}
          >
            <InputNumber
              stringMode
              min="0"
              max={String(remainingOf(line))}
              style={{ width: '100%' }}
              aria-label={t('shipments.quantityOf', {
                sku: line.skuCode,
                remaining: formatQuantity(String(remainingOf(line)), i18n.language),
              })}
            />
          </Form.Item>
        ))}
        <Form.Item
          name="carrier"
          label={t('shipments.carrier')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="trackingNumber"
          label={t('shipments.trackingNumber')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="note" label={t('shipments.note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
