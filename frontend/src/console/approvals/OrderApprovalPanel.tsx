import { Card, Space, Tag } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { statusColor } from '../../shared/status';
import type { OrderPanelProps } from '../orders/panelProps';
import { ApprovalSteps } from './ApprovalSteps';
import { OrderApproval } from './queries';

/** On the order detail page: the order's latest approval and the state of each step. */
export function OrderApprovalPanel({ orderId, orderVersion }: OrderPanelProps): JSX.Element | null {
  const { t } = useTranslation();
  const [{ data }, refetch] = useQuery({ query: OrderApproval, variables: { id: orderId } });

  useEffect(() => {
    refetch({ requestPolicy: 'network-only' });
  }, [orderVersion, refetch]);

  const node = data?.node;
  const approval = node && 'approval' in node ? node.approval : null;
  if (!approval) return null;
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="order-approval"
      title={
        <Space>
          {t('approvals.panelTitle')}
          <Tag color={statusColor('approval', approval.status)} data-testid="approval-status">
            {t(`approvals.requestStatuses.${approval.status}`)}
          </Tag>
        </Space>
      }
    >
      <ApprovalSteps steps={approval.steps} />
    </Card>
  );
}
