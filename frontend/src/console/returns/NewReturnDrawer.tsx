import { App, Col, Form, Input, InputNumber, Radio, Row, Select, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import type { ReturnReason, ReturnWish } from '../../gql/graphql';
import { FormDrawer } from '../../shared/components/FormDrawer';
import { decimalInput, formatQuantity } from '../catalog/money';
import { placeLineErrors } from './lineErrors';
import { isPositiveQuantity } from './quantities';
import { CreateReturn } from './queries';

const REASONS: ReturnReason[] = [
  'DAMAGED',
  'WRONG_ITEM',
  'NOT_AS_DESCRIBED',
  'NO_LONGER_NEEDED',
  'OTHER',
];

/** The delivered order a return is asked for, with its lines. */
export interface ReturnOrder {
  id: string;
  number: string;
  customer: { id: string; name: string };
  lines: readonly {
    id: string;
    lineNo: number;
    skuCode: string;
    description: string;
    shippedQuantity: string;
  }[];
}

interface LineValues {
  quantity?: string | number | null;
  reason?: ReturnReason;
  comment?: string;
}

interface ReturnValues {
  wish: ReturnWish;
  lines: LineValues[];
}

/** Staff ask for a return of a delivered order: how much of each line, why, and whether
 * the customer wants the money back or an exchange. The server checks what may return. */
export function NewReturnDrawer({
  open,
  order,
  onClose,
  onCreated,
  ticketId,
  initialWish = 'REFUND',
}: {
  open: boolean;
  order: ReturnOrder;
  onClose: () => void;
  onCreated: (number: string) => void;
  /** The ticket the return follows up (its global id). */
  ticketId?: string;
  initialWish?: ReturnWish;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReturnValues>();
  const [{ fetching }, create] = useMutation(CreateReturn);

  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const submit = async (values: ReturnValues) => {
    const rows = values.lines
      .map((line, row) => ({ line, row, orderLine: order.lines[row] }))
      .filter(({ line }) => isPositiveQuantity(decimalInput(line.quantity)));
    const result = await create({
      input: {
        customerId: order.customer.id,
        orderId: order.id,
        ticketId: ticketId ?? null,
        wish: values.wish,
        lines: rows.map(({ line, orderLine }) => ({
          orderLineId: orderLine?.id ?? '',
          quantity: decimalInput(line.quantity) ?? '',
          reason: line.reason ?? 'OTHER',
          comment: line.comment?.trim() || null,
        })),
      },
    });
    if (result.error) return [result.error.graphQLErrors[0]?.message ?? t('states.networkError')];
    const payload = result.data?.createReturn;
    if (!payload?.return) {
      const placed = placeLineErrors(
        payload?.userErrors ?? [],
        rows.map(({ row }) => row),
        (e) => t([`returns.errors.${e.code}`, `errors.${e.code}`], { defaultValue: e.message }),
      );
      // The API names the line field it refuses; the form has exactly those fields per row.
      form.setFields(placed.fields as Parameters<typeof form.setFields>[0]);
      return placed.general;
    }
    void message.success(t('returns.create.created', { number: payload.return.number }));
    onCreated(payload.return.number);
  };

  return (
    <FormDrawer<ReturnValues>
      title={t('returns.create.title')}
      open={open}
      onClose={onClose}
      width={720}
      form={form}
      onSubmit={submit}
      submitLabel={t('returns.create.submit')}
      submitting={fetching}
      name="newReturn"
      initialValues={{
        wish: initialWish,
        lines: order.lines.map(() => ({ quantity: null, reason: undefined, comment: '' })),
      }}
      formTestId="new-return-form"
      intro={
        <Typography.Paragraph>
          {t('returns.order')}: {order.number} · {order.customer.name}
          <br />
          <Typography.Text type="secondary">{t('returns.create.help')}</Typography.Text>
        </Typography.Paragraph>
      }
    >
      <Form.Item name="wish" label={t('returns.wish')}>
        <Radio.Group
          options={(['REFUND', 'EXCHANGE'] as const).map((w) => ({
            value: w,
            label: t(`returns.wishes.${w}`),
          }))}
        />
      </Form.Item>
      {order.lines.map((orderLine, row) => (
        <div key={orderLine.id} data-testid={`return-line-${orderLine.lineNo}`}>
          <Typography.Text strong>
            #{orderLine.lineNo} {orderLine.skuCode}
          </Typography.Text>{' '}
          <Typography.Text type="secondary">
            {orderLine.description} ·{' '}
            {t('returns.create.delivered', {
              quantity: formatQuantity(orderLine.shippedQuantity, i18n.language),
            })}
          </Typography.Text>
          <Row gutter={8}>
            <Col span={6}>
              <Form.Item name={['lines', row, 'quantity']}>
                <InputNumber<string>
                  stringMode
                  min="0"
                  style={{ width: '100%' }}
                  placeholder={t('returns.quantity')}
                  aria-label={`${t('returns.create.quantity')} #${orderLine.lineNo}`}
                />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item
                name={['lines', row, 'reason']}
                dependencies={[['lines', row, 'quantity']]}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: async (_, value?: ReturnReason) => {
                      const quantity = getFieldValue(['lines', row, 'quantity']) as
                        string | number | null;
                      if (!value && isPositiveQuantity(decimalInput(quantity)))
                        throw new Error(t('returns.create.reasonRequired'));
                    },
                  }),
                ]}
              >
                <Select<ReturnReason>
                  allowClear
                  placeholder={t('returns.reason')}
                  aria-label={`${t('returns.reason')} #${orderLine.lineNo}`}
                  options={REASONS.map((r) => ({ value: r, label: t(`returns.reasons.${r}`) }))}
                />
              </Form.Item>
            </Col>
            <Col span={10}>
              <Form.Item name={['lines', row, 'comment']}>
                <Input
                  maxLength={2000}
                  placeholder={t('returns.comment')}
                  aria-label={`${t('returns.comment')} #${orderLine.lineNo}`}
                />
              </Form.Item>
            </Col>
          </Row>
        </div>
      ))}
    </FormDrawer>
  );
}
