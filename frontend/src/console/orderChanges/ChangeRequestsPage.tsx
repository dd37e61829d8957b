import { Card, Segmented } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import type { OrderChangeStatus } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/components/ConnectionTable';
import { PageHeader } from '../../shared/components/PageHeader';
import { Pager } from '../../shared/components/Pager';
import { ErrorState, LoadingState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/format';
import { useCursorPager } from '../../shared/useCursorPager';
import { ChangeActions } from './ChangeActions';
import { ChangeStatusTag, ChangeSummary, type ChangeRequest } from './ChangeSummary';
import { DecideChangeModal, type PendingDecision } from './DecideChangeModal';
import { OrderChangeRequestsList } from './queries';
import { orderPath } from '../links';

const PAGE_SIZE = 25;
const STATUSES: OrderChangeStatus[] = ['OPEN', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'CLOSED'];
type Row = ChangeRequest & { order?: { id: string } | null };

/** The approvers' list: open requests first, each with before → after and its actions. */
export default function ChangeRequestsPage() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<OrderChangeStatus>('OPEN');
  const pager = useCursorPager();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: OrderChangeRequestsList,
    variables: { status, first: PAGE_SIZE, after: pager.after },
  });
  const [pending, setPending] = useState<PendingDecision | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  if (error && !data) return <ErrorState error={error} onRetry={reload} />;
  const connection = data?.orderChangeRequests;
  return (
    <>
      <PageHeader title={t('orderChanges.title')} />
      <Card size="small">
        <Segmented<OrderChangeStatus>
          style={{ marginBottom: 12 }}
          value={status}
          onChange={(value) => {
            setStatus(value);
            pager.reset();
          }}
          options={STATUSES.map((s) => ({ value: s, label: t(`orderChanges.statuses.${s}`) }))}
        />
        {!connection && fetching ? (
          <LoadingState />
        ) : (
          <ConnectionTable<Row>
            connection={connection}
            size="small"
            loading={fetching}
            data-testid="change-requests"
            emptyText={t('orderChanges.empty')}
            columns={[
              {
                title: t('orderChanges.order'),
                key: 'order',
                render: (_, r) =>
                  r.order ? (
                    <Link to={orderPath(r.orderNumber)}>{r.orderNumber}</Link>
                  ) : (
                    r.orderNumber
                  ),
              },
              {
                title: t('orderChanges.status'),
                key: 'status',
                render: (_, r) => <ChangeStatusTag status={r.status} />,
              },
              {
                title: t('orderChanges.change'),
                key: 'change',
                render: (_, r) => <ChangeSummary request={r} />,
              },
              {
                title: t('orderChanges.requestedBy'),
                key: 'by',
                render: (_, r) =>
                  `${r.requestedByLabel ?? '—'} · ${formatDateTime(r.createdAt, i18n.language)}`,
              },
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_, r) => (
                  <ChangeActions request={r} onDecide={setPending} onChanged={reload} />
                ),
              },
            ]}
          />
        )}
        <Pager
          page={pager.page}
          hasPrevious={pager.hasPrevious}
          hasNext={!!connection?.pageInfo.hasNextPage}
          onPrevious={pager.previous}
          onNext={() => pager.next(connection?.pageInfo.endCursor)}
        />
      </Card>
      <DecideChangeModal
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
