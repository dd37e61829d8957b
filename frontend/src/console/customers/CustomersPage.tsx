import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Modal, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import type { CustomerFilter, CustomersListQuery } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/components/ConnectionTable';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, ForbiddenState } from '../../shared/components/States';
import { useMoreRows } from '../../shared/useMoreRows';
import { useUrlFilters } from '../../shared/useUrlFilters';
import { useUserErrors } from '../../shared/useUserErrors';
import { formatMoney } from '../catalog/money';
import {
  answerOf,
  BulkAddCustomerTag,
  BulkAssignCustomerOwner,
  useRowSelection,
} from '../search/bulk';
import { BulkActionBar, OwnerField, TagField, type BulkAction } from '../search/BulkActions';
import { CustomerTiers } from '../catalog/queries';
import { ExportButton } from '../exports/ExportButton';
import { useCan } from '../viewer';
import { CustomerDrawer } from './CustomerDrawer';
import { CreateCustomer, CustomersList } from './queries';
import { customerPath } from '../links';

type CustomerRow = CustomersListQuery['customers']['edges'][number]['node'];
const PAGE_SIZE = 25;
const URL_DEFAULTS = { filter: {} as CustomerFilter, open: null as string | null };

interface NewCustomerValues {
  name: string;
  tier?: string;
  region?: string;
  email?: string;
  phone?: string;
}

function NewCustomerModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<NewCustomerValues>();
  const [tiers] = useQuery({ query: CustomerTiers, pause: !open });
  const [{ fetching }, create] = useMutation(CreateCustomer);
  const showErrors = useUserErrors(form, ['name', 'tier', 'region', 'email', 'phone']);
  const [general, setGeneral] = useState<string[]>([]);
  const submit = async (values: NewCustomerValues) => {
    setGeneral([]);
    const blank = (v?: string) => v?.trim() || null;
    const result = await create({
      input: {
        name: values.name,
        tier: values.tier ?? null,
        region: blank(values.region),
        email: blank(values.email),
        phone: blank(values.phone),
      },
    });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const payload = result.data?.createCustomer;
    if (!payload?.customer) return setGeneral(showErrors(payload?.userErrors ?? []));
    form.resetFields();
    onCreated(payload.customer.id);
  };
  return (
    <Modal
      open={open}
      title={t('customers.newTitle')}
      destroyOnClose
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={fetching}
    >
      <FormAlerts messages={general} />
      <Form form={form} name="newCustomer" layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="name"
          label={t('customers.name')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="tier" label={t('customers.tier')}>
          <Select
            allowClear
            options={(tiers.data?.customerTiers ?? []).map((tier) => ({
              value: tier,
              label: tier,
            }))}
          />
        </Form.Item>
        <Form.Item name="region" label={t('customers.region')}>
          <Input />
        </Form.Item>
        <Form.Item name="email" label={t('customers.email')}>
          <Input type="email" />
        </Form.Item>
        <Form.Item name="phone" label={t('customers.phone')}>
          <Input />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}

/** Assign owner and add tag on the selected customers. */
function useCustomerBulkActions(): BulkAction[] {
  const { t } = useTranslation();
  const [, assignOwner] = useMutation(BulkAssignCustomerOwner);
  const [, addTag] = useMutation(BulkAddCustomerTag);
  const byCustomer = (row: { customerId: string }) => row.customerId;
  return [
    {
      key: 'owner',
      label: t('lists.bulk.assignOwner'),
      field: <OwnerField />,
      run: async (values, customerIds) => {
        const input = { customerIds, ownerId: values.owner ?? '' };
        return answerOf((await assignOwner({ input })).data?.bulkAssignCustomerOwner, byCustomer);
      },
    },
    {
      key: 'tag',
      label: t('lists.bulk.addTag'),
      field: <TagField />,
      run: async (values, customerIds) => {
        const input = { customerIds, tag: values.tag ?? '' };
        return answerOf((await addTag({ input })).data?.bulkAddCustomerTag, byCustomer);
      },
    },
  ];
}

export default function CustomersPage() {
  const { t, i18n } = useTranslation();
  const canRead = useCan('customers', 'read');
  const canWrite = useCan('customers', 'write');
  const [{ filter, open: openId }, setUrl] = useUrlFilters(URL_DEFAULTS);
  const setOpenId = (id: string | null) => setUrl({ open: id });
  const [creating, setCreating] = useState(false);
  const [tiers] = useQuery({ query: CustomerTiers, pause: !canRead });
  const [{ data, error, fetching }, refetch] = useQuery({
    query: CustomersList,
    variables: { first: PAGE_SIZE, filter },
    pause: !canRead,
  });
  const more = useMoreRows(
    CustomersList,
    { first: PAGE_SIZE, filter },
    data?.customers,
    (page) => page.customers,
  );
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const selection = useRowSelection();
  const bulkActions = useCustomerBulkActions();

  if (!canRead) return <ForbiddenState />;
  if (error && !data) return <ErrorState error={error} onRetry={reload} />;

  const update = (patch: Partial<CustomerFilter>) => setUrl({ filter: { ...filter, ...patch } });

  return (
    <>
      <PageHeader
        title={t('customers.title')}
        extra={
          <Space wrap>
            <ExportButton list="CUSTOMERS" filter={filter} />
            {canWrite && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('customers.new')}
              </Button>
            )}
          </Space>
        }
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label={t('customers.search')}
          placeholder={t('customers.search')}
          allowClear
          style={{ width: 280 }}
          defaultValue={filter.search ?? undefined}
          key={`search-${filter.search ?? ''}`}
          onSearch={(text) => update({ search: text.trim() || null })}
        />
        <Select
          aria-label={t('customers.tier')}
          placeholder={t('customers.tier')}
          allowClear
          style={{ width: 150 }}
          value={filter.tier ?? undefined}
          onChange={(tier?: string) => update({ tier: tier ?? null })}
          options={(tiers.data?.customerTiers ?? []).map((tier) => ({ value: tier, label: tier }))}
        />
        <Select
          aria-label={t('customers.tags')}
          placeholder={t('customers.tags')}
          mode="tags"
          allowClear
          style={{ minWidth: 180 }}
          value={filter.tags ?? []}
          onChange={(tags: string[]) => update({ tags: tags.length > 0 ? tags : null })}
          open={false}
        />
        <Input.Search
          aria-label={t('customers.region')}
          placeholder={t('customers.region')}
          allowClear
          style={{ width: 160 }}
          defaultValue={filter.region ?? undefined}
          key={`region-${filter.region ?? ''}`}
          onSearch={(region) => update({ region: region.trim() || null })}
        />
      </Space>
      {canWrite && (
        <BulkActionBar
          selected={selection.selected}
          actions={bulkActions}
          labelOf={(id) => more.rows.find((c) => c.id === id)?.name ?? id}
          onClear={selection.clear}
          onDone={() => {
            selection.clear();
            reload();
          }}
        />
      )}
      <ConnectionTable<CustomerRow>
        rowSelection={canWrite ? selection.rowSelection : undefined}
        rows={more.rows}
        loading={fetching}
        more={{ ...more, label: t('customers.loadMore') }}
        scroll={{ x: 900 }}
        empty={t('customers.empty')}
        columns={[
          { title: t('customers.name'), dataIndex: 'name', key: 'name' },
          {
            title: t('customers.tier'),
            key: 'tier',
            render: (_, c) => (
              <Tag color={c.tier === 'standard' ? 'default' : 'gold'}>{c.tier}</Tag>
            ),
          },
          { title: t('customers.region'), key: 'region', render: (_, c) => c.region ?? '—' },
          {
            title: t('customers.tags'),
            key: 'tags',
            render: (_, c) => c.tags.map((tag) => <Tag key={tag}>{tag}</Tag>),
          },
          { title: t('customers.owner'), key: 'owner', render: (_, c) => c.owner?.name ?? '—' },
          {
            title: t('customers.creditLimit'),
            key: 'credit',
            render: (_, c) => formatMoney(c.creditLimit, i18n.language),
          },
          {
            title: t('common.actions'),
            key: 'open',
            render: (_, c) => <Link to={customerPath(c.id)}>{t('common.view')}</Link>,
          },
        ]}
      />
      <NewCustomerModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          reload();
          setOpenId(id);
        }}
      />
      <CustomerDrawer
        customerId={openId}
        onClose={() => {
          setOpenId(null);
          reload();
        }}
      />
    </>
  );
}
