import { AppstoreOutlined, DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Checkbox,
  DatePicker,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Tooltip,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import type { OrderFilterInput, OrderSort, OrdersListQuery } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/components/ConnectionTable';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, ForbiddenState } from '../../shared/components/States';
import { formatDateTime, formatDay } from '../../shared/format';
import { useCursorPager } from '../../shared/useCursorPager';
import { useUrlFilters } from '../../shared/useUrlFilters';
import { useUserErrors } from '../../shared/useUserErrors';
import { formatMoney } from '../catalog/money';
import {
  answerOf,
  BulkAddOrderTag,
  BulkAssignOrderOwner,
  BulkTransitionOrders,
  useRowSelection,
} from '../search/bulk';
import { BulkActionBar, OwnerField, TagField, type BulkAction } from '../search/BulkActions';
import { ExportButton } from '../exports/ExportButton';
import { useCan } from '../viewer';
import { CustomerSearchSelect } from './CustomerSearchSelect';
import { OrderStatusTag, PriorityTag } from './OrderStatusTag';
import { ShippedInPart } from './ShippingProgress';
import { DeleteOrderView, OrderViews, OrdersList, SaveOrderView } from './queries';
import { ALL_STATUSES } from './status';
import { orderPath } from '../links';

type OrderRow = OrdersListQuery['orders']['edges'][number]['node'];
const PAGE_SIZE = 25;
const SORTS: OrderSort[] = ['NEWEST', 'OLDEST', 'TOTAL', 'REQUESTED_DATE'];
const CHANNELS = [
  'CONSOLE',
  'PORTAL',
  'API',
  'IMPORT',
  'MARKETPLACE',
  'EXCHANGE',
  'QUOTE',
  'SUBSCRIPTION',
] as const;
// Actions that need nothing but the order (shipping needs a carrier and tracking number).
const BULK_TRANSITIONS = [
  'SUBMIT',
  'CONFIRM',
  'REQUEST_PAYMENT',
  'MARK_READY_TO_SHIP',
  'MARK_DELIVERED',
  'COMPLETE',
  'CANCEL',
] as const;
const URL_DEFAULTS = {
  filter: {} as OrderFilterInput,
  sort: 'NEWEST' as OrderSort,
  view: null as string | null,
};

function SaveViewModal(props: {
  open: boolean;
  filter: OrderFilterInput;
  sort: OrderSort;
  onClose: () => void;
  onSaved: (id: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; shared: boolean }>();
  const [{ fetching }, save] = useMutation(SaveOrderView);
  const [general, setGeneral] = useState<string[]>([]);
  const showErrors = useUserErrors(form, ['name']);
  const submit = async (values: { name: string; shared: boolean }) => {
    setGeneral([]);
    const result = await save({
      input: { name: values.name, shared: values.shared, filters: props.filter, sort: props.sort },
    });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const payload = result.data?.saveOrderView;
    if (!payload?.view) return setGeneral(showErrors(payload?.userErrors ?? []));
    form.resetFields();
    props.onSaved(payload.view.id);
  };
  return (
    <Modal
      open={props.open}
      title={t('orders.views.saveTitle')}
      destroyOnClose
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={fetching}
    >
      <FormAlerts messages={general} />
      <Form
        form={form}
        name="saveOrderView"
        layout="vertical"
        requiredMark={false}
        initialValues={{ shared: false }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="name" label={t('orders.views.name')}>
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item name="shared" valuePropName="checked">
          <Checkbox>{t('orders.views.shared')}</Checkbox>
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}

function TransitionField() {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="action"
      label={t('lists.bulk.action')}
      rules={[{ required: true, message: '' }]}
    >
      <Select
        aria-label={t('lists.bulk.action')}
        options={BULK_TRANSITIONS.map((a) => ({ value: a, label: t(`serverText.actions.${a}`) }))}
      />
    </Form.Item>
  );
}

/** Assign owner, add tag and change status on the selected orders. */
function useOrderBulkActions(): BulkAction[] {
  const { t } = useTranslation();
  const [, assignOwner] = useMutation(BulkAssignOrderOwner);
  const [, addTag] = useMutation(BulkAddOrderTag);
  const [, transition] = useMutation(BulkTransitionOrders);
  const byOrder = (row: { orderId: string }) => row.orderId;
  return [
    {
      key: 'owner',
      label: t('lists.bulk.assignOwner'),
      field: <OwnerField />,
      run: async (values, orderIds) => {
        const input = { orderIds, ownerId: values.owner ?? '' };
        return answerOf((await assignOwner({ input })).data?.bulkAssignOrderOwner, byOrder);
      },
    },
    {
      key: 'tag',
      label: t('lists.bulk.addTag'),
      field: <TagField />,
      run: async (values, orderIds) => {
        const input = { orderIds, tag: values.tag ?? '' };
        return answerOf((await addTag({ input })).data?.bulkAddOrderTag, byOrder);
      },
    },
    {
      key: 'transition',
      label: t('lists.bulk.transition'),
      field: <TransitionField />,
      run: async (values, orderIds) => {
        const action = values.action as (typeof BULK_TRANSITIONS)[number];
        const input = { orderIds, action };
        return answerOf((await transition({ input })).data?.bulkTransitionOrders, byOrder);
      },
    },
  ];
}

export default function OrdersPage() {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const canRead = useCan('orders', 'read');
  const canWrite = useCan('orders', 'write');
  const [{ filter, sort, view: viewId }, setUrl] = useUrlFilters(URL_DEFAULTS);
  const [saving, setSaving] = useState(false);
  const pager = useCursorPager();
  const { reset: resetPager } = pager;
  const listKey = JSON.stringify([filter, sort]);
  useEffect(() => resetPager(), [listKey, resetPager]);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: OrdersList,
    variables: { first: PAGE_SIZE, after: pager.after, filter, orderBy: sort },
    pause: !canRead,
  });
  const [views, refetchViews] = useQuery({ query: OrderViews, pause: !canRead });
  const [, deleteView] = useMutation(DeleteOrderView);
  const selection = useRowSelection();
  const bulkActions = useOrderBulkActions();

  if (!canRead) return <ForbiddenState />;
  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;

  const allViews = views.data?.orderViews ?? [];
  const chosen = allViews.find((v) => v.id === viewId);
  const update = (patch: Partial<OrderFilterInput>) =>
    setUrl({ filter: { ...filter, ...patch }, view: null });
  const applyView = (id: string | undefined) => {
    const view = allViews.find((v) => v.id === id);
    setUrl({
      view: view?.id ?? null,
      filter: view ? (view.filters as OrderFilterInput) : {},
      sort: view?.sort ?? 'NEWEST',
    });
  };
  const removeView = () => {
    if (!chosen) return;
    modal.confirm({
      title: t('orders.views.deleteConfirm', { name: chosen.name }),
      okText: t('common.delete'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        const result = await deleteView({ id: chosen.id });
        const problems = result.data?.deleteOrderView.userErrors ?? [];
        if (result.error || problems.length > 0)
          return void message.error(problems[0]?.message ?? result.error?.message);
        applyView(undefined);
        refetchViews({ requestPolicy: 'network-only' });
      },
    });
  };
  const range: [Dayjs, Dayjs] | null =
    filter.createdFrom && filter.createdTo
      ? [dayjs(filter.createdFrom as string), dayjs(filter.createdTo as string).subtract(1, 'day')]
      : null;

  return (
    <>
      <PageHeader
        title={t('orders.title')}
        extra={
          <Space wrap>
            <ExportButton list="ORDERS" filter={filter} />
            <Button icon={<AppstoreOutlined />} onClick={() => navigate('/orders/board')}>
              {t('nav.orderBoard')}
            </Button>
            {canWrite && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => navigate('/orders/new')}
              >
                {t('orders.new')}
              </Button>
            )}
          </Space>
        }
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label={t('orders.views.pick')}
          placeholder={t('orders.views.pick')}
          allowClear
          style={{ width: 220 }}
          data-testid="order-view-select"
          value={viewId ?? undefined}
          onChange={applyView}
          options={allViews.map((v) => ({
            value: v.id,
            label: v.shared ? `${v.name} · ${t('orders.views.sharedTag')}` : v.name,
          }))}
        />
        <Button icon={<SaveOutlined />} onClick={() => setSaving(true)}>
          {t('orders.views.save')}
        </Button>
        {chosen?.mine && (
          <Tooltip title={t('common.delete')}>
            <Button
              aria-label={t('orders.views.delete')}
              icon={<DeleteOutlined />}
              onClick={removeView}
            />
          </Tooltip>
        )}
      </Space>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label={t('orders.search')}
          placeholder={t('orders.search')}
          allowClear
          style={{ width: 260 }}
          defaultValue={filter.search ?? undefined}
          key={`search-${filter.search ?? ''}`}
          onSearch={(text) => update({ search: text.trim() || null })}
        />
        <Select
          aria-label={t('orders.status')}
          placeholder={t('orders.status')}
          mode="multiple"
          allowClear
          style={{ minWidth: 200 }}
          value={filter.statuses ?? []}
          onChange={(statuses: OrderFilterInput['statuses']) =>
            update({ statuses: statuses?.length ? statuses : null })
          }
          options={ALL_STATUSES.map((s) => ({ value: s, label: t(`orders.statuses.${s}`) }))}
        />
        <CustomerSearchSelect
          aria-label={t('orders.customer')}
          placeholder={t('orders.customer')}
          style={{ width: 200 }}
          value={filter.customerId ?? null}
          onChange={(id) => update({ customerId: id ?? null })}
        />
        <Select
          aria-label={t('orders.priority')}
          placeholder={t('orders.priority')}
          allowClear
          style={{ width: 130 }}
          value={filter.priority ?? undefined}
          onChange={(priority?: 'NORMAL' | 'URGENT') => update({ priority: priority ?? null })}
          options={(['NORMAL', 'URGENT'] as const).map((p) => ({
            value: p,
            label: t(`orders.priorities.${p}`),
          }))}
        />
        <Select
          aria-label={t('orders.channel')}
          placeholder={t('orders.channel')}
          allowClear
          style={{ width: 140 }}
          value={filter.channel ?? undefined}
          onChange={(channel?: (typeof CHANNELS)[number]) => update({ channel: channel ?? null })}
          options={CHANNELS.map((c) => ({ value: c, label: t(`orders.channels.${c}`) }))}
        />
        <Input.Search
          aria-label={t('orders.tag')}
          placeholder={t('orders.tag')}
          allowClear
          style={{ width: 150 }}
          defaultValue={filter.tag ?? undefined}
          key={`tag-${filter.tag ?? ''}`}
          onSearch={(tag) => update({ tag: tag.trim() || null })}
        />
        <DatePicker.RangePicker
          aria-label={t('orders.createdRange')}
          value={range}
          onChange={(dates) =>
            update({
              createdFrom: dates?.[0] ? dates[0].startOf('day').toISOString() : null,
              createdTo: dates?.[1] ? dates[1].add(1, 'day').startOf('day').toISOString() : null,
            })
          }
        />
        <Select
          aria-label={t('orders.sort')}
          style={{ width: 200 }}
          value={sort}
          onChange={(value: OrderSort) => setUrl({ sort: value, view: null })}
          options={SORTS.map((s) => ({ value: s, label: t(`orders.sorts.${s}`) }))}
        />
      </Space>
      {canWrite && (
        <BulkActionBar
          selected={selection.selected}
          actions={bulkActions}
          labelOf={(id) => data?.orders.edges.find((e) => e.node.id === id)?.node.number ?? id}
          onClear={selection.clear}
          onDone={() => {
            selection.clear();
            refetch({ requestPolicy: 'network-only' });
          }}
        />
      )}
      <ConnectionTable<OrderRow>
        rowSelection={canWrite ? selection.rowSelection : undefined}
        connection={data?.orders}
        loading={fetching}
        pager={pager}
        scroll={{ x: 900 }}
        onRowClick={(order) => navigate(orderPath(order.number))}
        empty={t('orders.empty')}
        columns={[
          { title: t('orders.number'), dataIndex: 'number', key: 'number' },
          {
            title: t('orders.customer'),
            key: 'customer',
            render: (_, o) => o.customer?.name ?? '—',
          },
          {
            title: t('orders.status'),
            key: 'status',
            render: (_, o) => (
              <>
                <OrderStatusTag status={o.status} /> <ShippedInPart progress={o.shippingProgress} />
              </>
            ),
          },
          {
            title: t('orders.priority'),
            key: 'priority',
            render: (_, o) => <PriorityTag priority={o.priority} />,
          },
          {
            title: t('orders.total'),
            key: 'total',
            align: 'right',
            render: (_, o) => formatMoney(o.total, i18n.language),
          },
          {
            title: t('orders.created'),
            key: 'created',
            render: (_, o) => formatDateTime(o.createdAt, i18n.language),
          },
          {
            title: t('orders.requestedDate'),
            key: 'requested',
            render: (_, o) => formatDay(o.requestedDeliveryDate, i18n.language),
          },
        ]}
      />
      <SaveViewModal
        open={saving}
        filter={filter}
        sort={sort}
        onClose={() => setSaving(false)}
        onSaved={(id) => {
          setSaving(false);
          refetchViews({ requestPolicy: 'network-only' });
          setUrl({ view: id });
          message.success(t('orders.views.saved'));
        }}
      />
    </>
  );
}
