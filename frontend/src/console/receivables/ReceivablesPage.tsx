import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Space, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReceivableFilter } from '../../gql/graphql';
import { PageHeader } from '../../shared/components/PageHeader';
import { useUrlFilters } from '../../shared/useUrlFilters';
import { ForbiddenState } from '../../shared/components/States';
import { ExportButton } from '../exports/ExportButton';
import { useCan } from '../viewer';
import { AgingTab } from './AgingTab';
import { PaymentsTab } from './PaymentsTab';
import { ReceivablesTab } from './ReceivablesTab';
import { RecordPaymentDrawer } from './RecordPaymentDrawer';

const TABS = ['receivables', 'payments', 'aging'] as const;
type TabKey = (typeof TABS)[number];
const URL_DEFAULTS = { filter: {} as ReceivableFilter, tab: null as string | null };

function isTab(value: string | null): value is TabKey {
  return (TABS as readonly string[]).includes(value ?? '');
}

/** What customers owe (receivables), what they paid (payments) and how old the debt is (aging). */
export default function ReceivablesPage() {
  const { t } = useTranslation();
  const mayRead = useCan('payments', 'read');
  const mayRecord = useCan('payments', 'record');
  const [{ filter, tab }, setUrl] = useUrlFilters(URL_DEFAULTS);
  const setFilter = (next: ReceivableFilter) => setUrl({ filter: next });
  const [recording, setRecording] = useState(false);
  // Bumped after a payment is recorded, so every tab reads its figures again.
  const [refreshKey, setRefreshKey] = useState(0);
  if (!mayRead) return <ForbiddenState />;

  const active: TabKey = isTab(tab) ? tab : 'receivables';
  return (
    <>
      <PageHeader
        title={t('receivables.title')}
        extra={
          <Space wrap>
            {active === 'payments' ? (
              <ExportButton list="PAYMENTS" filter={{}} />
            ) : (
              <ExportButton list="RECEIVABLES" filter={filter} />
            )}
            {mayRecord && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)}>
                {t('receivables.record.button')}
              </Button>
            )}
          </Space>
        }
      />
      <Card size="small">
        <Tabs
          activeKey={active}
          onChange={(key) => setUrl({ tab: key === 'receivables' ? null : key }, { replace: true })}
          items={[
            {
              key: 'receivables',
              label: t('receivables.tabs.receivables'),
              children: (
                <ReceivablesTab refreshKey={refreshKey} filter={filter} onFilter={setFilter} />
              ),
            },
            {
              key: 'payments',
              label: t('receivables.tabs.payments'),
              children: <PaymentsTab refreshKey={refreshKey} />,
            },
            {
              key: 'aging',
              label: t('receivables.tabs.aging'),
              children: <AgingTab refreshKey={refreshKey} />,
            },
          ]}
        />
      </Card>
      {mayRecord && (
        <RecordPaymentDrawer
          open={recording}
          initialCustomerId={filter.customerId ?? null}
          onClose={() => setRecording(false)}
          onRecorded={() => {
            setRecording(false);
            setRefreshKey((key) => key + 1);
          }}
        />
      )}
    </>
  );
}
