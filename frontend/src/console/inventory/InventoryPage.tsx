import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Space, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import type { StockLevelsListQuery, StockMovementsListQuery } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/components/ConnectionTable';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, ForbiddenState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/format';
import { useCursorPager } from '../../shared/useCursorPager';
import { formatQuantity, isZeroDecimal } from '../catalog/money';
import { useCan, useViewer } from '../viewer';
import { StockLevelsList, StockMovementsList, WarehousesList } from './queries';
import {
  AdjustStockModal,
  ReceiveStockModal,
  ThresholdModal,
  type StockTarget,
} from './StockDialogs';
import { WarehouseDrawer, type WarehouseRow } from './WarehouseDrawer';
import { WarehouseSelect } from './WarehouseSelect';

type LevelRow = StockLevelsListQuery['stockLevels']['edges'][number]['node'];
type MovementRow = StockMovementsListQuery['stockMovements']['edges'][number]['node'];

function targetOf(level: LevelRow): StockTarget | null {
  if (!level.warehouse) return null;
  return {
    warehouseId: level.warehouse.id,
    skuId: level.skuId,
    label: `${level.skuCode ?? ''} @ ${level.warehouse.code}`,
    threshold: (level.lowStockThreshold as string | null) ?? null,
  };
}

function StockTab({ version, onChanged }: { version: number; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const canWrite = useCan('inventory', 'write');
  const pager = useCursorPager();
  const [warehouseId, setWarehouseId] = useState<string | null>(null);
  const [lowStockOnly, setLowStockOnly] = useState(false);
  const [adjusting, setAdjusting] = useState<StockTarget | null>(null);
  const [thresholdOf, setThresholdOf] = useState<StockTarget | null>(null);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: StockLevelsList,
    variables: { first: 50, after: pager.after, warehouseId, lowStockOnly },
    requestPolicy: version > 0 ? 'cache-and-network' : 'cache-first',
  });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  if (error && !data) return <ErrorState error={error} onRetry={reload} />;
  const connection = data?.stockLevels;
  const q = (value: unknown) => formatQuantity(value as string | null, i18n.language);
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <WarehouseSelect
          aria-label={t('inventory.warehouse')}
          placeholder={t('inventory.allWarehouses')}
          allowClear
          value={warehouseId ?? undefined}
          onChange={(value) => {
            pager.reset();
            setWarehouseId(value ?? null);
          }}
        />
        <Checkbox
          checked={lowStockOnly}
          onChange={(e) => {
            pager.reset();
            setLowStockOnly(e.target.checked);
          }}
        >
          {t('inventory.lowStockOnly')}
        </Checkbox>
      </Space>
      <ConnectionTable<LevelRow>
        connection={connection}
        pager={pager}
        loading={fetching}
        scroll={{ x: 1000 }}
        empty={t('inventory.emptyLevels')}
        columns={[
          {
            title: t('inventory.warehouse'),
            key: 'warehouse',
            render: (_, l) => l.warehouse?.code ?? '—',
          },
          { title: t('inventory.sku'), key: 'sku', render: (_, l) => l.skuCode ?? '—' },
          {
            title: t('inventory.onHand'),
            key: 'onHand',
            align: 'right',
            render: (_, l) => q(l.onHand),
          },
          {
            title: t('inventory.reserved'),
            key: 'reserved',
            align: 'right',
            render: (_, l) => q(l.reserved),
          },
          {
            title: t('inventory.available'),
            key: 'available',
            align: 'right',
            render: (_, l) => q(l.available),
          },
          {
            title: t('inventory.backordered'),
            key: 'backordered',
            align: 'right',
            render: (_, l) => q(l.backordered),
          },
          {
            title: t('inventory.threshold'),
            key: 'threshold',
            render: (_, l) => (
              <Space>
                {l.lowStockThreshold === null || l.lowStockThreshold === undefined
                  ? '—'
                  : q(l.lowStockThreshold)}
                {l.isLow && <Tag color="red">{t('inventory.low')}</Tag>}
              </Space>
            ),
          },
          ...(canWrite
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, l: LevelRow) => (
                    <Space size={0}>
                      <Button type="link" size="small" onClick={() => setAdjusting(targetOf(l))}>
                        {t('inventory.adjust')}
                      </Button>
                      <Button type="link" size="small" onClick={() => setThresholdOf(targetOf(l))}>
                        {t('inventory.setThreshold')}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <AdjustStockModal
        target={adjusting}
        onClose={() => setAdjusting(null)}
        onDone={() => {
          setAdjusting(null);
          onChanged();
          reload();
        }}
      />
      <ThresholdModal
        target={thresholdOf}
        onClose={() => setThresholdOf(null)}
        onDone={() => {
          setThresholdOf(null);
          onChanged();
          reload();
        }}
      />
    </>
  );
}

function MovementsTab({ version }: { version: number }) {
  const { t, i18n } = useTranslation();
  const { tenant } = useViewer();
  const pager = useCursorPager();
  const [warehouseId, setWarehouseId] = useState<string | null>(null);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: StockMovementsList,
    variables: { first: 50, after: pager.after, warehouseId },
    requestPolicy: version > 0 ? 'cache-and-network' : 'cache-first',
  });
  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  const connection = data?.stockMovements;
  const delta = (value: unknown) => {
    const text = value as string;
    return isZeroDecimal(text)
      ? ''
      : `${text.startsWith('-') ? '' : '+'}${formatQuantity(text, i18n.language)}`;
  };
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <WarehouseSelect
          aria-label={t('inventory.warehouse')}
          placeholder={t('inventory.allWarehouses')}
          allowClear
          value={warehouseId ?? undefined}
          onChange={(value) => {
            pager.reset();
            setWarehouseId(value ?? null);
          }}
        />
      </Space>
      <ConnectionTable<MovementRow>
        connection={connection}
        pager={pager}
        size="small"
        loading={fetching}
        scroll={{ x: 1000 }}
        empty={t('inventory.emptyMovements')}
        columns={[
          {
            title: t('inventory.when'),
            key: 'when',
            render: (_, m) => formatDateTime(m.createdAt, i18n.language, tenant.timeZone),
          },
          {
            title: t('inventory.kind'),
            key: 'kind',
            render: (_, m) => <Tag>{t(`inventory.kinds.${m.kind}`)}</Tag>,
          },
          {
            title: t('inventory.warehouse'),
            key: 'warehouse',
            render: (_, m) => m.warehouse?.code ?? '—',
          },
          { title: t('inventory.sku'), key: 'sku', render: (_, m) => m.skuCode ?? '—' },
          {
            title: t('inventory.onHand'),
            key: 'onHand',
            align: 'right',
            render: (_, m) => delta(m.onHandDelta),
          },
          {
            title: t('inventory.reserved'),
            key: 'reserved',
            align: 'right',
            render: (_, m) => delta(m.reservedDelta),
          },
          {
            title: t('inventory.reason'),
            key: 'reason',
            render: (_, m) => m.reason ?? m.referenceType ?? '—',
          },
          {
            title: t('inventory.actor'),
            key: 'actor',
            render: (_, m) => m.actor?.name ?? m.actorKind ?? '—',
          },
        ]}
      />
    </>
  );
}

function WarehousesTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canWrite = useCan('warehouses', 'write');
  const [editing, setEditing] = useState<WarehouseRow | null>(null);
  const [creating, setCreating] = useState(false);
  const pager = useCursorPager();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: WarehousesList,
    variables: { first: 50, after: pager.after, activeOnly: false },
  });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  if (error && !data) return <ErrorState error={error} onRetry={reload} />;
  const connection = data?.warehouses;
  return (
    <>
      {canWrite && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          style={{ marginBottom: 12 }}
          onClick={() => setCreating(true)}
        >
          {t('warehouses.new')}
        </Button>
      )}
      <ConnectionTable<WarehouseRow>
        connection={connection}
        pager={pager}
        loading={fetching}
        empty={t('warehouses.empty')}
        columns={[
          { title: t('warehouses.code'), dataIndex: 'code', key: 'code' },
          { title: t('warehouses.name'), dataIndex: 'name', key: 'name' },
          {
            title: t('warehouses.regions'),
            key: 'regions',
            render: (_, w) => w.regions.map((r) => <Tag key={r}>{r}</Tag>),
          },
          { title: t('warehouses.priority'), dataIndex: 'priority', key: 'priority' },
          {
            title: t('warehouses.active'),
            key: 'active',
            render: (_, w) => (
              <Tag color={w.active ? 'green' : 'default'}>
                {w.active ? t('common.yes') : t('common.no')}
              </Tag>
            ),
          },
          ...(canWrite
            ? [
                {
                  title: t('common.actions'),
                  key: 'edit',
                  render: (_: unknown, w: WarehouseRow) => (
                    <Button type="link" size="small" onClick={() => setEditing(w)}>
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <WarehouseDrawer
        open={creating || !!editing}
        warehouse={editing}
        onClose={() => {
          setCreating(false);
          setEditing(null);
        }}
        onSaved={(name) => {
          setCreating(false);
          setEditing(null);
          void message.success(t('warehouses.saved', { name }));
          reload();
        }}
      />
    </>
  );
}

export default function InventoryPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canRead = useCan('inventory', 'read');
  const canReceive = useCan('inventory', 'write');
  const [tab, setTab] = useState('stock');
  const [receiving, setReceiving] = useState(false);
  const [version, setVersion] = useState(0);
  if (!canRead) return <ForbiddenState />;
  const changed = () => setVersion((v) => v + 1);
  return (
    <>
      <PageHeader
        title={t('inventory.title')}
        extra={
          canReceive && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setReceiving(true)}>
              {t('inventory.receive')}
            </Button>
          )
        }
      />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyInactiveTabPane
        items={[
          {
            key: 'stock',
            label: t('inventory.tabStock'),
            children: <StockTab key={version} version={version} onChanged={changed} />,
          },
          {
            key: 'movements',
            label: t('inventory.tabMovements'),
            children: <MovementsTab key={version} version={version} />,
          },
          { key: 'warehouses', label: t('inventory.tabWarehouses'), children: <WarehousesTab /> },
        ]}
      />
      <ReceiveStockModal
        open={receiving}
        onClose={() => setReceiving(false)}
        onDone={() => {
          setReceiving(false);
          void message.success(t('inventory.received'));
          changed();
        }}
      />
    </>
  );
}
