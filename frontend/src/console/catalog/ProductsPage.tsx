import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Input, Select, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import type { ProductsListQuery } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/components/ConnectionTable';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, ForbiddenState } from '../../shared/components/States';
import { useCursorPager } from '../../shared/useCursorPager';
import { useUrlFilters } from '../../shared/useUrlFilters';
import { ExportButton } from '../exports/ExportButton';
import { useCan } from '../viewer';
import { formatMoney, formatRate } from './money';
import { CreateProductDrawer } from './CreateProductDrawer';
import { ProductDrawer } from './ProductDrawer';
import { ProductsList } from './queries';

type ProductRow = ProductsListQuery['products']['edges'][number]['node'];
const URL_DEFAULTS = {
  search: null as string | null,
  active: null as string | null,
  open: null as string | null,
};

export default function ProductsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const canRead = useCan('products', 'read');
  const canWrite = useCan('products', 'write');
  const pager = useCursorPager();
  const [url, setUrl] = useUrlFilters(URL_DEFAULTS);
  const { search, open: openId } = url;
  const active = url.active === null ? null : url.active === 'true';
  const [creating, setCreating] = useState(false);
  const setOpenId = (id: string | null) => setUrl({ open: id });
  const { reset: resetPager } = pager;
  useEffect(() => resetPager(), [search, active, resetPager]);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: ProductsList,
    variables: { first: 25, after: pager.after, search, active },
    pause: !canRead,
  });
  const reload = () => refetch({ requestPolicy: 'network-only' });

  if (!canRead) return <ForbiddenState />;
  if (error && !data) return <ErrorState error={error} onRetry={reload} />;
  return (
    <>
      <PageHeader
        title={t('products.title')}
        extra={
          <Space wrap>
            <ExportButton list="PRODUCTS" filter={{ search, active }} />
            {canWrite && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('products.new')}
              </Button>
            )}
          </Space>
        }
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label={t('products.search')}
          placeholder={t('products.search')}
          allowClear
          style={{ width: 280 }}
          defaultValue={search ?? undefined}
          key={`search-${search ?? ''}`}
          onSearch={(text) => setUrl({ search: text.trim() || null })}
        />
        <Select
          aria-label={t('products.activeFilter')}
          placeholder={t('products.activeFilter')}
          allowClear
          style={{ width: 160 }}
          value={active === null ? undefined : String(active)}
          onChange={(value?: string) => setUrl({ active: value ?? null })}
          options={[
            { value: 'true', label: t('products.active') },
            { value: 'false', label: t('products.inactive') },
          ]}
        />
      </Space>
      <ConnectionTable<ProductRow>
        connection={data?.products}
        loading={fetching}
        pager={pager}
        scroll={{ x: 900 }}
        empty={t('products.empty')}
        columns={[
          { title: t('products.code'), dataIndex: 'code', key: 'code' },
          { title: t('products.name'), dataIndex: 'name', key: 'name' },
          {
            title: t('products.basePrice'),
            key: 'price',
            render: (_, p) => formatMoney(p.basePrice, i18n.language),
          },
          {
            title: t('products.taxRate'),
            key: 'tax',
            render: (_, p) => formatRate(p.taxRate as string, i18n.language),
          },
          {
            title: t('products.variants'),
            key: 'skus',
            render: (_, p) => (p.hasOptions ? p.skus.length : '—'),
          },
          {
            title: t('products.status'),
            key: 'active',
            render: (_, p) => (
              <Tag color={p.active ? 'green' : 'default'}>
                {p.active ? t('products.active') : t('products.inactive')}
              </Tag>
            ),
          },
          {
            title: t('common.actions'),
            key: 'open',
            render: (_, p) => (
              <Button type="link" size="small" onClick={() => setOpenId(p.id)}>
                {t('common.view')}
              </Button>
            ),
          },
        ]}
      />
      <CreateProductDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id, name) => {
          setCreating(false);
          void message.success(t('products.created', { name }));
          reload();
          setOpenId(id);
        }}
      />
      <ProductDrawer
        productId={openId}
        onClose={() => {
          setOpenId(null);
          reload();
        }}
      />
    </>
  );
}
