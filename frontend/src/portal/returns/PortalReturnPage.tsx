import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import { Card, Descriptions, Empty, Flex, Space, Steps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import type { MyReturnDetailQuery } from '../../gql/graphql';
import { PdfLink } from '../../shared/components/PdfLink';
import { AttachmentList } from '../../shared/components/Attachments';
import { ErrorState, LoadingState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/format';
import { Money } from '../parts';
import { PortalTable } from '../PortalTable';
import { quantityText } from '../text';
import { MyReturnDetail } from './queries';
import { ReturnStatusTag } from './ReturnStatusTag';
import { returnSteps, type ReturnStep } from './steps';

type Return = MyReturnDetailQuery['myReturn'];
type Line = Return['lines'][number];

/** One of the customer's returns: where it stands, each step's date, and its items. */
export function PortalReturnPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: MyReturnDetail,
    variables: { id },
    requestPolicy: 'cache-and-network',
  });
  const back = (
    <Link to="/returns">
      <ArrowLeftOutlined /> {t('portalReturns.back')}
    </Link>
  );
  if (error && !data) {
    if (error.graphQLErrors.some((e) => e.extensions?.code === 'NOT_FOUND'))
      return (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          {back}
          <Empty description={t('portalReturns.notFound')} data-testid="portal-return-missing" />
        </Space>
      );
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  }
  if (!data && fetching) return <LoadingState />;
  const found = data?.myReturn;
  if (!found) return <Empty description={t('portalReturns.notFound')} />;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="portal-return">
      {back}
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={2} style={{ margin: 0 }} data-testid="portal-return-number">
          {found.number}
        </Typography.Title>
        <ReturnStatusTag status={found.status} />
      </Flex>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={t('portalReturns.order')}>
            <Link to={`/orders/${found.orderId}`} data-testid="portal-return-order">
              {t('portalReturns.viewOrder', { number: found.orderNumber ?? '' })}
            </Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('portalReturns.wish')}>
            {t(`portalReturns.wishes.${found.wish}`)}
          </Descriptions.Item>
          {found.refundAmount && (
            <Descriptions.Item label={t('portalReturns.refund')}>
              <strong data-testid="portal-return-refund">
                <Money value={found.refundAmount} />
              </strong>
            </Descriptions.Item>
          )}
          {found.exchangeOrderNumber && (
            <Descriptions.Item label={t('portalReturns.exchangeOrder')}>
              <span data-testid="portal-return-exchange">{found.exchangeOrderNumber}</span>
            </Descriptions.Item>
          )}
        </Descriptions>
        {found.labelUrl && (
          <Space direction="vertical" size={0} style={{ marginTop: 12 }}>
            <PdfLink url={found.labelUrl} testId="portal-return-label">
              <DownloadOutlined /> {t('portalReturns.label')}
            </PdfLink>
            <Typography.Text type="secondary">{t('portalReturns.labelHelp')}</Typography.Text>
          </Space>
        )}
      </Card>
      <Card title={t('portalReturns.progress')}>
        <ReturnProgress found={found} />
      </Card>
      <Card title={t('portalReturns.lines')}>
        <ReturnLines lines={found.lines} />
      </Card>
    </Space>
  );
}

/** The resolved step says which of refund or exchange is under way, once the return knows. */
function helpKey(key: ReturnStep['key'], resolution: Return['resolution']): string {
  if (key !== 'resolved' || !resolution) return key;
  return resolution === 'REFUND' ? 'resolvedRefund' : 'resolvedExchange';
}

function stepStatus(step: ReturnStep): 'finish' | 'error' | 'wait' {
  if (step.ending) return step.key === 'declined' ? 'error' : 'finish';
  return step.at ? 'finish' : 'wait';
}

function ReturnProgress({ found }: { found: Return }) {
  const { t, i18n } = useTranslation();
  const steps = returnSteps(found);
  const reached = steps.filter((s) => s.at).length;
  return (
    <Steps
      direction="vertical"
      size="small"
      data-testid="portal-return-steps"
      current={Math.max(reached - 1, 0)}
      items={steps.map((step) => {
        const latest = step.at !== null && steps.indexOf(step) === reached - 1;
        const help =
          step.key === 'declined' && found.declineReason
            ? t('portalReturns.declineReason', { reason: found.declineReason })
            : latest && !step.ending
              ? t(`portalReturns.stepHelp.${helpKey(step.key, found.resolution)}`, {
                  defaultValue: '',
                }) || null
              : null;
        return {
          title: t(`portalReturns.steps.${step.key}`),
          status: stepStatus(step),
          description: step.at ? (
            <Space direction="vertical" size={0} data-testid={`portal-return-step-${step.key}`}>
              <span>{formatDateTime(step.at, i18n.language)}</span>
              {help && <Typography.Text type="secondary">{help}</Typography.Text>}
            </Space>
          ) : undefined,
        };
      })}
    />
  );
}

function ReturnLines({ lines }: { lines: readonly Line[] }) {
  const { t } = useTranslation();
  return (
    <PortalTable<Line>
      rows={lines}
      keyOf={(line) => String(line.lineNo)}
      titleColumn="item"
      cardTestId="portal-return-line-card"
      size="small"
      data-testid="portal-return-lines"
      columns={[
        {
          title: t('portalReturns.item'),
          key: 'item',
          render: (_, line) => (
            <Space direction="vertical" size={0}>
              <Typography.Text style={{ whiteSpace: 'normal' }}>{line.description}</Typography.Text>
              <Typography.Text type="secondary">{line.skuCode}</Typography.Text>
            </Space>
          ),
        },
        {
          title: t('portalReturns.askedQuantity'),
          key: 'quantity',
          render: (_, line) => quantityText(line.quantity),
        },
        {
          title: t('portalReturns.reason'),
          key: 'reason',
          render: (_, line) => (
            <Space direction="vertical" size={0}>
              {t(`portalReturns.reasons.${line.reason}`)}
              {line.comment && (
                <Typography.Text type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
                  {line.comment}
                </Typography.Text>
              )}
              <AttachmentList files={line.photos} />
            </Space>
          ),
        },
        {
          title: t('portalReturns.receivedQuantity'),
          key: 'received',
          render: (_, line) => quantityText(line.receivedQuantity),
        },
        {
          title: t('portalReturns.inspectedQuantity'),
          key: 'inspected',
          render: (_, line) => quantityText(line.inspectedQuantity),
        },
      ]}
    />
  );
}
