import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { App, Button, Card, Drawer, Radio, Space, Steps, Tag, Typography, Upload } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation, useQuery } from 'urql';
import type { ImportJobsListQuery, ImportKind, ImportMode } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/components/ConnectionTable';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, ForbiddenState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/format';
import { useCursorPager } from '../../shared/useCursorPager';
import { useEscapeToClose } from '../../shared/useEscapeToClose';
import { useCan, useViewer } from '../viewer';
import { downloadText, readAsBase64 } from './fileContent';
import { ImportReport, StatusTag, type ImportJobView } from './ImportReport';
import { ImportJobsList, ImportTemplate, StartImport } from './queries';

const KINDS: readonly ImportKind[] = ['CUSTOMERS', 'PRODUCTS', 'ORDERS'];
const WRITE_RESOURCE: Record<ImportKind, string> = {
  CUSTOMERS: 'customers',
  PRODUCTS: 'products',
  ORDERS: 'orders',
};
type JobRow = ImportJobsListQuery['importJobs']['edges'][number]['node'];
interface ChosenFile {
  name: string;
  contentBase64: string;
}

function TemplateButton({ kind }: { kind: ImportKind }) {
  const { t } = useTranslation();
  const client = useClient();
  const download = async () => {
    const result = await client.query(ImportTemplate, { kind }).toPromise();
    const csv = result.data?.importTemplate.csv;
    if (csv) downloadText(`${kind.toLowerCase()}-template.csv`, csv);
  };
  return (
    <Button icon={<DownloadOutlined />} onClick={() => void download()}>
      {t('imports.template')}
    </Button>
  );
}

/** Choose the kind and file, check it (dry run), then import it with the chosen mode. */
function ImportWizard({ onStarted }: { onStarted: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { permissions } = useViewer();
  const [kind, setKind] = useState<ImportKind>('CUSTOMERS');
  const [mode, setMode] = useState<ImportMode>('ALL_OR_NOTHING');
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [checkJob, setCheckJob] = useState<string | null>(null);
  const [checked, setChecked] = useState<ImportJobView | null>(null);
  const [commitJob, setCommitJob] = useState<string | null>(null);
  const [alerts, setAlerts] = useState<string[]>([]);
  const [{ fetching }, startImport] = useMutation(StartImport);
  const mayWrite = permissions.has(`${WRITE_RESOURCE[kind]}:write`);

  const restart = () => {
    setCheckJob(null);
    setChecked(null);
    setCommitJob(null);
    setAlerts([]);
  };
  const start = async (dryRun: boolean) => {
    if (!file) return;
    setAlerts([]);
    const result = await startImport({
      input: { kind, fileName: file.name, contentBase64: file.contentBase64, dryRun, mode },
    });
    const payload = result.data?.startImport;
    if (result.error || !payload) {
      setAlerts([result.error?.message ?? t('states.errorTitle')]);
      return;
    }
    if (payload.userErrors.length > 0) {
      setAlerts(payload.userErrors.map((e) => t(`errors.${e.code}`, { defaultValue: e.message })));
      return;
    }
    if (payload.importJob) {
      if (dryRun) {
        setChecked(null);
        setCheckJob(payload.importJob.id);
      } else {
        setCommitJob(payload.importJob.id);
      }
      onStarted();
    }
  };
  const onChecked = useCallback(
    (job: ImportJobView) => {
      setChecked(job);
      onStarted();
    },
    [onStarted],
  );
  const onCommitted = useCallback(
    (job: ImportJobView) => {
      if (job.status === 'COMPLETED')
        void message.success(t('imports.done', { written: job.writtenRows, total: job.totalRows }));
      onStarted();
    },
    [message, onStarted, t],
  );
  const step = commitJob ? 2 : checkJob ? 1 : 0;

  return (
    <Card>
      <Steps
        current={step}
        size="small"
        style={{ marginBottom: 16 }}
        items={[
          { title: t('imports.stepFile') },
          { title: t('imports.stepCheck') },
          { title: t('imports.stepImport') },
        ]}
      />
      <FormAlerts messages={alerts} />
      {step === 0 && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Typography.Text>{t('imports.kind')}</Typography.Text>
            <Radio.Group
              value={kind}
              onChange={(e) => setKind(e.target.value as ImportKind)}
              optionType="button"
              options={KINDS.map((k) => ({ value: k, label: t(`imports.kinds.${k}`) }))}
            />
            <TemplateButton kind={kind} />
          </Space>
          {!mayWrite && (
            <Typography.Text type="warning">{t('imports.noWritePermission')}</Typography.Text>
          )}
          <Upload.Dragger
            accept=".csv,.xlsx"
            maxCount={1}
            showUploadList={false}
            beforeUpload={(chosen) => {
              void readAsBase64(chosen).then((contentBase64) =>
                setFile({ name: chosen.name, contentBase64 }),
              );
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{file ? file.name : t('imports.dropFile')}</p>
            <p className="ant-upload-hint">{t('imports.fileHint')}</p>
          </Upload.Dragger>
          <Space wrap>
            <Typography.Text>{t('imports.mode')}</Typography.Text>
            <Radio.Group
              value={mode}
              onChange={(e) => setMode(e.target.value as ImportMode)}
              options={[
                { value: 'ALL_OR_NOTHING', label: t('imports.modes.ALL_OR_NOTHING') },
                { value: 'VALID_ROWS', label: t('imports.modes.VALID_ROWS') },
              ]}
            />
          </Space>
          <Button
            type="primary"
            disabled={!file || !mayWrite}
            loading={fetching}
            onClick={() => void start(true)}
          >
            {t('imports.check')}
          </Button>
        </Space>
      )}
      {step === 1 && checkJob && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <ImportReport jobId={checkJob} onFinished={onChecked} />
          <Space wrap>
            <Button onClick={restart}>{t('imports.chooseAnother')}</Button>
            <Button
              type="primary"
              loading={fetching}
              disabled={
                !checked ||
                checked.status !== 'COMPLETED' ||
                (mode === 'ALL_OR_NOTHING' && checked.errorRows > 0)
              }
              onClick={() => void start(false)}
            >
              {t('imports.commit', { mode: t(`imports.modes.${mode}`) })}
            </Button>
          </Space>
        </Space>
      )}
      {step === 2 && commitJob && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <ImportReport jobId={commitJob} onFinished={onCommitted} />
          <Button
            onClick={() => {
              restart();
              setFile(null);
            }}
          >
            {t('imports.another')}
          </Button>
        </Space>
      )}
    </Card>
  );
}

function PastImports({ version }: { version: number }) {
  const { t, i18n } = useTranslation();
  const { tenant } = useViewer();
  const pager = useCursorPager();
  const [open, setOpen] = useState<string | null>(null);
  const close = useCallback(() => setOpen(null), []);
  useEscapeToClose(!!open, close);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: ImportJobsList,
    variables: { first: 20, after: pager.after },
    requestPolicy: 'cache-and-network',
  });
  useEffect(() => {
    if (version > 0) refetch({ requestPolicy: 'network-only' });
  }, [version, refetch]);
  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  const connection = data?.importJobs;
  return (
    <>
      <ConnectionTable<JobRow>
        connection={connection}
        pager={pager}
        loading={fetching}
        empty={t('imports.empty')}
        columns={[
          {
            title: t('imports.started'),
            key: 'createdAt',
            render: (_, j) => formatDateTime(j.createdAt, i18n.language, tenant.timeZone),
          },
          { title: t('imports.file'), dataIndex: 'fileName', key: 'file' },
          { title: t('imports.kind'), key: 'kind', render: (_, j) => t(`imports.kinds.${j.kind}`) },
          {
            title: t('imports.mode'),
            key: 'mode',
            render: (_, j) =>
              j.dryRun ? <Tag>{t('imports.dryRunTag')}</Tag> : t(`imports.modes.${j.mode}`),
          },
          {
            title: t('imports.statusLabel'),
            key: 'status',
            render: (_, j) => <StatusTag status={j.status} />,
          },
          { title: t('imports.rows'), dataIndex: 'totalRows', key: 'rows', align: 'right' },
          { title: t('imports.written'), dataIndex: 'writtenRows', key: 'written', align: 'right' },
          { title: t('imports.errors'), dataIndex: 'errorRows', key: 'errors', align: 'right' },
          {
            title: t('common.actions'),
            key: 'view',
            render: (_, j) => (
              <Button type="link" size="small" onClick={() => setOpen(j.id)}>
                {t('imports.report')}
              </Button>
            ),
          },
        ]}
      />
      <Drawer open={!!open} width={760} title={t('imports.report')} onClose={close} destroyOnClose>
        {open && <ImportReport jobId={open} />}
      </Drawer>
    </>
  );
}

export default function ImportsPage() {
  const { t } = useTranslation();
  const canRead = useCan('imports', 'read');
  const canRun = useCan('imports', 'run');
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  if (!canRead) return <ForbiddenState />;
  return (
    <>
      <PageHeader title={t('imports.title')} />
      {canRun && <ImportWizard onStarted={bump} />}
      <Typography.Title level={4} style={{ marginTop: 24 }}>
        {t('imports.past')}
      </Typography.Title>
      <PastImports version={version} />
    </>
  );
}
