import { Button, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import type { ApprovalInboxQuery } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/components/ConnectionTable';
import { ErrorState, LoadingState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/format';
import { useCursorPager } from '../../shared/useCursorPager';
import { formatMoney } from '../catalog/money';
import { StepReasons } from './ApprovalSteps';
import { DecideApprovalModal, type PendingDecision } from './DecideApprovalModal';
import { ApprovalInbox as InboxQuery } from './queries';
import { orderPath, returnPath } from '../links';

const PAGE_SIZE = 25;
type Row = ApprovalInboxQuery['approvalInbox']['edges'][number]['node'];

/** Steps awaiting the viewer's decision, longest waiting first, with Approve / Reject. */
export function ApprovalInbox() {
  const { t, i18n } = useTranslation();
  const pager = useCursorPager();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: InboxQuery,
    variables: { first: PAGE_SIZE, after: pager.after },
    requestPolicy: 'cache-and-network',
  });
  const [pending, setPending] = useState<PendingDecision | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  if (error && !data) return <ErrorState error={error} onRetry={reload} />;
  const connection = data?.approvalInbox;
  if (!connection && fetching) return <LoadingState />;
  const decide = (row: Row, decision: PendingDecision['decision']) =>
    setPending({ stepId: row.id, orderNumber: row.orderNumber, decision });
  return (
    <>
      <ConnectionTable<Row>
        connection={connection}
        loading={fetching}
        pager={pager}
        size="small"
        data-testid="approval-inbox"
        scroll={{ x: 900 }}
        emptyText={t('approvals.inboxEmpty')}
        columns={[
          {
            title: t('approvals.order'),
            key: 'order',
            render: (_, r) =>
              r.forReturn ? (
                <Link to={returnPath(r.orderNumber)}>{r.orderNumber}</Link>
              ) : r.order ? (
                <Link to={orderPath(r.orderNumber)}>{r.orderNumber}</Link>
              ) : (
                r.orderNumber
              ),
          },
          { title: t('approvals.customer'), dataIndex: 'customerName', key: 'customer' },
          {
            title: t('approvals.total'),
            key: 'total',
            align: 'right',
            render: (_, r) => formatMoney(r.orderTotal, i18n.language),
          },
          {
            title: t('approvals.level'),
            key: 'level',
            render: (_, r) => t(`approvals.levels.${r.level}`),
          },
          {
            title: t('approvals.reasonsTitle'),
            key: 'reasons',
            render: (_, r) => <StepReasons step={r} />,
          },
          {
            title: t('approvals.waiting'),
            key: 'since',
            render: (_, r) => formatDateTime(r.waitingSince, i18n.language),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, r) => (
              <Space wrap>
                <Button size="small" type="primary" onClick={() => decide(r, 'APPROVE')}>
                  {t('approvals.approve')}
                </Button>
                <Button size="small" danger onClick={() => decide(r, 'REJECT')}>
                  {t('approvals.reject')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <DecideApprovalModal
        pending={pending}
        onClose={() => setPending(null)}
        onDone={() => {
          setPending(null);
          reload();
        }}
      />
    </>
  );
}
