import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import type { MyReturnableLinesQuery, ReturnReason, ReturnWish } from '../../gql/graphql';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, LoadingState } from '../../shared/components/States';
import type { UserErrorLike } from '../../shared/userErrors';
import { PortalOrderDetail } from '../queries';
import { quantityText } from '../text';
import { placeLineErrors } from './lineErrors';
import { canReturn, thousandths } from './quantities';
import { PhotoPicker } from './PhotoPicker';
import { MyReturnableLines, RequestReturn } from './queries';
import { REASONS, returnErrorText } from './texts';

type Returnable = MyReturnableLinesQuery['myReturnableLines'][number];

/** One row per returnable line of the order; more per-line fields (photos) go here. */
export interface LineValues {
  quantity?: string | null;
  reason?: ReturnReason;
  comment?: string;
  photoIds?: string[];
}

interface ReturnValues {
  wish: ReturnWish;
  lines: LineValues[];
}

/** "Return items" of a delivered order: how many of each line, why, and refund or exchange.
 * The form never sends more than a line may still return; the server checks again. */
export function ReturnItemsPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReturnValues>();
  const [general, setGeneral] = useState<readonly string[]>([]);
  const [order] = useQuery({ query: PortalOrderDetail, variables: { id } });
  const [{ data, error }, refetch] = useQuery({
    query: MyReturnableLines,
    variables: { orderId: id },
    requestPolicy: 'network-only',
  });
  const [{ fetching }, request] = useMutation(RequestReturn);

  const back = (
    <Link to={`/orders/${id}`}>
      <ArrowLeftOutlined /> {t('portalReturns.form.cancel')}
    </Link>
  );
  if (error && !data) {
    if (error.graphQLErrors.some((e) => e.extensions?.code === 'NOT_FOUND'))
      return <Empty description={t('portalReturns.errors.UNKNOWN_ORDER')} />;
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  }
  if (!data) return <LoadingState />;
  const lines = data.myReturnableLines;
  const number = order.data?.portalOrder.number ?? '';

  const submit = async (values: ReturnValues) => {
    const rows = values.lines
      .map((line, row) => ({ line, row, orderLine: lines[row] }))
      .filter(({ line }) => thousandths(line.quantity) > 0);
    if (rows.length === 0) {
      setGeneral([t('portalReturns.form.nothingChosen')]);
      return;
    }
    const result = await request({
      input: {
        orderId: id,
        wish: values.wish,
        lines: rows.map(({ line, orderLine }) => ({
          orderLineId: orderLine?.orderLineId ?? '',
          quantity: String(line.quantity),
          reason: line.reason ?? 'OTHER',
          comment: line.comment?.trim() || null,
          photoIds: line.photoIds ?? [],
        })),
      },
    });
    if (result.error) {
      setGeneral([t('states.networkError')]);
      return;
    }
    const payload = result.data?.requestReturn;
    if (!payload?.return) {
      const placed = placeLineErrors(
        payload?.userErrors ?? [],
        rows.map(({ row }) => row),
        (e: UserErrorLike) => returnErrorText(t, e),
      );
      form.setFields(placed.fields as Parameters<typeof form.setFields>[0]);
      setGeneral(placed.general);
      return;
    }
    setGeneral([]);
    void message.success(t('portalReturns.created', { number: payload.return.number }));
    navigate(`/returns/${payload.return.id}`);
  };

  if (!lines.some(canReturn))
    return (
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {back}
        <Empty description={t('portalReturns.form.nothingReturnable')} />
      </Space>
    );

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {back}
      <PageHeader title={t('portalReturns.form.title', { number })} />
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('portalReturns.form.help')}
      </Typography.Paragraph>
      <FormAlerts messages={general} />
      <Form<ReturnValues>
        form={form}
        layout="vertical"
        name="portalReturn"
        data-testid="portal-return-form"
        initialValues={{
          wish: 'REFUND',
          lines: lines.map(() => ({ quantity: null, reason: undefined, comment: '' })),
        }}
        onFinish={submit}
      >
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          {lines.map((line, row) => (
            <LineCard key={line.orderLineId} line={line} row={row} />
          ))}
        </Space>
        <Form.Item name="wish" label={t('portalReturns.form.wish')} style={{ marginTop: 16 }}>
          <Radio.Group
            options={(['REFUND', 'EXCHANGE'] as const).map((w) => ({
              value: w,
              label: t(`portalReturns.wishes.${w}`),
            }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={fetching}>
          {t('portalReturns.form.submit')}
        </Button>
      </Form>
    </Space>
  );
}

function LineCard({ line, row }: { line: Returnable; row: number }) {
  const { t } = useTranslation();
  const label = `#${line.lineNo}`;
  const returnable = canReturn(line);
  const quantityPath = ['lines', row, 'quantity'];
  return (
    <Card
      size="small"
      data-testid="portal-return-line"
      title={
        <Space direction="vertical" size={0} style={{ whiteSpace: 'normal' }}>
          <Typography.Text>{line.description}</Typography.Text>
          <Typography.Text type="secondary">{line.skuCode}</Typography.Text>
        </Space>
      }
    >
      {!returnable ? (
        <Typography.Text type="secondary">
          {line.productReturnable
            ? t('portalReturns.form.nothingLeft')
            : t('portalReturns.form.notReturnable')}
        </Typography.Text>
      ) : (
        <Row gutter={[12, 0]}>
          <Col xs={24} md={6}>
            <Form.Item
              name={quantityPath}
              label={t('portalReturns.form.quantity')}
              extra={t('portalReturns.form.canReturn', {
                quantity: quantityText(line.returnableQuantity),
              })}
              rules={[
                {
                  validator: async (_, value?: string | null) => {
                    if (thousandths(value) < 0 || (value && !Number.isFinite(Number(value))))
                      throw new Error(t('errors.INVALID_QUANTITY'));
                    if (thousandths(value) > thousandths(line.returnableQuantity))
                      throw new Error(
                        t('portalReturns.form.tooMany', {
                          quantity: quantityText(line.returnableQuantity),
                        }),
                      );
                  },
                },
              ]}
            >
              <InputNumber<string>
                stringMode
                min="0"
                style={{ width: '100%' }}
                aria-label={`${t('portalReturns.form.quantity')} ${label}`}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name={['lines', row, 'reason']}
              label={t('portalReturns.reason')}
              dependencies={[quantityPath]}
              rules={[
                ({ getFieldValue }) => ({
                  validator: async (_, value?: ReturnReason) => {
                    const quantity = getFieldValue(quantityPath) as string | null;
                    if (!value && thousandths(quantity) > 0)
                      throw new Error(t('portalReturns.form.reasonRequired'));
                  },
                }),
              ]}
            >
              <Select<ReturnReason>
                allowClear
                aria-label={`${t('portalReturns.reason')} ${label}`}
                options={REASONS.map((r) => ({ value: r, label: t(`portalReturns.reasons.${r}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name={['lines', row, 'comment']} label={t('portalReturns.comment')}>
              <Input.TextArea
                autoSize={{ minRows: 1, maxRows: 4 }}
                maxLength={2000}
                placeholder={t('portalReturns.form.commentPlaceholder')}
                aria-label={`${t('portalReturns.comment')} ${label}`}
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name={['lines', row, 'photoIds']} style={{ marginBottom: 0 }}>
              <PhotoPicker />
            </Form.Item>
          </Col>
        </Row>
      )}
    </Card>
  );
}
