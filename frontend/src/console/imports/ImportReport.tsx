import { Alert, Descriptions, Progress, Space, Statistic, Tag } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import type { ImportJobDetailQuery, ImportStatus } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/components/ConnectionTable';
import { ErrorState } from '../../shared/components/States';
import { statusColor } from '../../shared/status';
import { useCursorPager } from '../../shared/useCursorPager';
import { ImportJobDetail } from './queries';

export type ImportJobView = NonNullable<ImportJobDetailQuery['importJob']>;
type IssueRow = ImportJobView['issues']['edges'][number]['node'];

const POLL_MS = 700;

function isFinished(status: ImportStatus | undefined): boolean {
  return status === 'COMPLETED' || status === 'FAILED';
}

export function StatusTag({ status }: { status: ImportStatus }) {
  const { t } = useTranslation();
  return <Tag color={statusColor('import', status)}>{t(`imports.status.${status}`)}</Tag>;
}

/** One job: progress while the worker runs it (polled), then its counts and row report. */
export function ImportReport({
  jobId,
  onFinished,
}: {
  jobId: string;
  onFinished?: (job: ImportJobView) => void;
}) {
  const { t } = useTranslation();
  const pager = useCursorPager();
  const [{ data, error }, refetch] = useQuery({
    query: ImportJobDetail,
    variables: { id: jobId, first: 20, after: pager.after },
    requestPolicy: 'network-only',
  });
  const job = data?.importJob;
  const finished = isFinished(job?.status);
  useEffect(() => {
    if (!job || finished) return undefined;
    const timer = window.setInterval(() => refetch({ requestPolicy: 'network-only' }), POLL_MS);
    return () => window.clearInterval(timer);
  }, [job, finished, refetch]);
  useEffect(() => {
    if (job && finished) onFinished?.(job);
  }, [job, finished, onFinished]);
  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!job) return null;
  const percent = job.totalRows ? Math.floor((job.processedRows / job.totalRows) * 100) : 0;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="import-report">
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('imports.file')}>{job.fileName}</Descriptions.Item>
        <Descriptions.Item label={t('imports.kind')}>
          {t(`imports.kinds.${job.kind}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('imports.statusLabel')}>
          <StatusTag status={job.status} /> {job.dryRun && <Tag>{t('imports.dryRunTag')}</Tag>}
        </Descriptions.Item>
      </Descriptions>
      <Progress
        percent={finished ? 100 : percent}
        status={job.status === 'FAILED' ? 'exception' : finished ? 'success' : 'active'}
        aria-label={t('imports.progress')}
      />
      {job.status === 'FAILED' && (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={t(`errors.${job.failureCode ?? ''}`, {
            defaultValue: job.failureMessage ?? t('imports.failed'),
          })}
          description={
            job.failureCode === 'ROWS_REJECTED' ? t('imports.nothingWritten') : undefined
          }
        />
      )}
      {job.status === 'COMPLETED' && (
        <Alert
          type="success"
          showIcon
          role="status"
          message={
            job.dryRun
              ? t('imports.checked', { valid: job.validRows, total: job.totalRows })
              : t('imports.done', { written: job.writtenRows, total: job.totalRows })
          }
        />
      )}
      <Space size="large" wrap>
        <Statistic title={t('imports.rows')} value={job.totalRows} />
        <Statistic title={t('imports.processed')} value={job.processedRows} />
        <Statistic title={t('imports.valid')} value={job.validRows} />
        <Statistic title={t('imports.written')} value={job.writtenRows} />
        <Statistic title={t('imports.duplicates')} value={job.duplicateRows} />
        <Statistic title={t('imports.errors')} value={job.errorRows} />
      </Space>
      {finished && (
        <>
          <ConnectionTable<IssueRow>
            connection={job.issues}
            pager={pager}
            rowKey={(row) => `${row.rowNumber}-${row.code}-${row.column ?? ''}`}
            size="small"
            empty={t('imports.noIssues')}
            columns={[
              { title: t('imports.row'), dataIndex: 'rowNumber', key: 'row', width: 80 },
              { title: t('imports.column'), key: 'column', render: (_, r) => r.column ?? '—' },
              {
                title: t('imports.code'),
                key: 'code',
                render: (_, r) => (
                  <Tag color={r.code === 'DUPLICATE' ? 'gold' : 'red'}>{r.code}</Tag>
                ),
              },
              {
                title: t('imports.message'),
                key: 'message',
                render: (_, r) => t(`errors.${r.code}`, { defaultValue: r.message }),
              },
            ]}
          />
        </>
      )}
    </Space>
  );
}
