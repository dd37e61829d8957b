import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Table, Tag, Tooltip } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import type { ExportsListQuery } from '../../gql/graphql';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/format';
import { statusColor } from '../../shared/status';
import { usePdfOpener } from '../../shared/usePdfOpener';
import { useViewer } from '../viewer';
import { ExportsList } from './queries';

const POLL_MS = 2000;

type ExportRow = ExportsListQuery['exports'][number];

/** The signed-in user's recent exports, with their status and download links. */
export default function ExportsPage() {
  const { t, i18n } = useTranslation();
  const { tenant } = useViewer();
  const openFile = usePdfOpener();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: ExportsList,
    requestPolicy: 'cache-and-network',
  });
  const pending = (data?.exports ?? []).some(
    (e) => e.status === 'QUEUED' || e.status === 'RUNNING',
  );
  // While the worker writes a file, look again every few seconds so its link appears.
  useEffect(() => {
    if (!pending) return undefined;
    const timer = window.setInterval(() => refetch({ requestPolicy: 'network-only' }), POLL_MS);
    return () => window.clearInterval(timer);
  }, [pending, refetch]);
  if (error && !data) return <ErrorState error={error} />;

  const columns = [
    {
      title: t('exports.list'),
      dataIndex: 'list',
      render: (list: string) => t(`exports.lists.${list}`, { defaultValue: list }),
    },
    { title: t('exports.format'), dataIndex: 'format' },
    {
      title: t('exports.status'),
      render: (_: unknown, row: ExportRow) => (
        <Tooltip title={row.failureMessage ?? undefined}>
          <Tag color={statusColor('export', row.status)}>{t(`exports.statuses.${row.status}`)}</Tag>
        </Tooltip>
      ),
    },
    { title: t('exports.rows'), dataIndex: 'rowCount' },
    {
      title: t('exports.created'),
      dataIndex: 'createdAt',
      render: (value: string) => formatDateTime(value, i18n.language, tenant.timeZone),
    },
    {
      title: t('exports.expires'),
      dataIndex: 'expiresAt',
      render: (value: string) => formatDateTime(value, i18n.language, tenant.timeZone),
    },
    {
      title: t('exports.file'),
      render: (_: unknown, row: ExportRow) =>
        row.downloadUrl ? (
          <a
            href={row.downloadUrl}
            onClick={(event) => void openFile(row.downloadUrl ?? '', event)}
            data-testid="export-download"
          >
            <DownloadOutlined /> {row.fileName}
          </a>
        ) : (
          row.fileName
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('exports.title')}
        extra={
          <Button
            icon={<ReloadOutlined />}
            onClick={() => refetch({ requestPolicy: 'network-only' })}
          >
            {t('exports.refresh')}
          </Button>
        }
      />
      <Table<ExportRow>
        rowKey="id"
        loading={fetching}
        dataSource={data?.exports ?? []}
        columns={columns}
        pagination={false}
        locale={{ emptyText: t('exports.empty') }}
        scroll={{ x: true }}
      />
    </>
  );
}
