import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ConnectionTable } from '../../shared/components/ConnectionTable';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, ForbiddenState } from '../../shared/components/States';
import { formatDay } from '../../shared/format';
import { useCursorPager } from '../../shared/useCursorPager';
import { useCan } from '../viewer';
import { PriceBookDrawer, type PriceBookRow } from './PriceBookDrawer';
import { PriceTester } from './PriceTester';
import { DeletePriceBook, PriceBooksList } from './queries';

/** "Mar 1, 2026 – …": a book without a start or an end is open on that side. */
function validityText(
  from: string | null | undefined,
  to: string | null | undefined,
  language: string,
): string {
  const day = (value: string | null | undefined) => (value ? formatDay(value, language) : '…');
  return `${day(from)} – ${day(to)}`;
}

export default function PriceBooksPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const canRead = useCan('price_books', 'read');
  const canWrite = useCan('price_books', 'write');
  const canQuote = useCan('products', 'read');
  const pager = useCursorPager();
  const [editing, setEditing] = useState<PriceBookRow | null>(null);
  const [creating, setCreating] = useState(false);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: PriceBooksList,
    variables: { first: 25, after: pager.after },
    pause: !canRead,
  });
  const [, remove] = useMutation(DeletePriceBook);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  if (!canRead) return <ForbiddenState />;
  if (error && !data) return <ErrorState error={error} onRetry={reload} />;

  const onDelete = async (book: PriceBookRow) => {
    const result = await remove({ priceBookId: book.id });
    const problem = result.data?.deletePriceBook.userErrors[0];
    if (result.error || problem) {
      return void message.error(
        problem
          ? t(`errors.${problem.code}`, { defaultValue: problem.message })
          : result.error?.message,
      );
    }
    void message.success(t('priceBooks.deleted', { name: book.name }));
    reload();
  };

  const connection = data?.priceBooks;
  return (
    <>
      <PageHeader
        title={t('priceBooks.title')}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('priceBooks.new')}
            </Button>
          )
        }
      />
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        {canQuote && <PriceTester />}
        <div>
          <ConnectionTable<PriceBookRow>
            connection={connection}
            pager={pager}
            loading={fetching}
            scroll={{ x: 900 }}
            empty={t('priceBooks.empty')}
            columns={[
              { title: t('priceBooks.name'), dataIndex: 'name', key: 'name' },
              {
                title: t('priceBooks.kind'),
                key: 'kind',
                render: (_, b) => t(`priceBooks.kinds.${b.kind}`),
              },
              {
                title: t('priceBooks.customerTier'),
                key: 'tier',
                render: (_, b) => b.customerTier ?? '—',
              },
              { title: t('priceBooks.region'), key: 'region', render: (_, b) => b.region ?? '—' },
              {
                title: t('priceBooks.validity'),
                key: 'validity',
                render: (_, b) => validityText(b.validFrom, b.validTo, i18n.language),
              },
              { title: t('priceBooks.priority'), dataIndex: 'priority', key: 'priority' },
              {
                title: t('priceBooks.entries'),
                key: 'entries',
                render: (_, b) => b.entries.length,
              },
              {
                title: t('priceBooks.active'),
                key: 'active',
                render: (_, b) => (
                  <Tag color={b.active ? 'green' : 'default'}>
                    {b.active ? t('common.yes') : t('common.no')}
                  </Tag>
                ),
              },
              ...(canWrite
                ? [
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      render: (_: unknown, b: PriceBookRow) => (
                        <Space size={0}>
                          <Button type="link" size="small" onClick={() => setEditing(b)}>
                            {t('common.edit')}
                          </Button>
                          <Popconfirm
                            title={t('priceBooks.confirmDelete', { name: b.name })}
                            onConfirm={() => onDelete(b)}
                            okText={t('common.yes')}
                            cancelText={t('common.no')}
                          >
                            <Button type="link" size="small" danger>
                              {t('common.delete')}
                            </Button>
                          </Popconfirm>
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </div>
      </Space>
      <PriceBookDrawer
        open={creating || !!editing}
        book={editing}
        onClose={() => {
          setCreating(false);
          setEditing(null);
        }}
        onSaved={(name) => {
          setCreating(false);
          setEditing(null);
          void message.success(t('priceBooks.saved', { name }));
          reload();
        }}
      />
    </>
  );
}
