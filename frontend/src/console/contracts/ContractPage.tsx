import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import type { ContractDetailQuery } from '../../gql/graphql';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, ForbiddenState, LoadingState } from '../../shared/components/States';
import { formatDateTime, formatDay } from '../../shared/format';
import type { UserErrorLike } from '../../shared/userErrors';
import { useCan } from '../viewer';
import { ContractStatusTag } from './ContractStatusTag';
import { PdfUpload } from './PdfUpload';
import {
  AmendContract,
  ContractDetail,
  CountersignContract,
  RenewContract,
  RevokeContractVersion,
  SendContractVersion,
  TerminateContract,
} from './queries';

type Contract = NonNullable<ContractDetailQuery['contract']>;
type Version = Contract['versions'][number];
type Outcome = { error?: { message: string }; data?: unknown };

/** The user errors of a mutation's payload (its one field), if any. */
function problemsOf(result: Outcome): UserErrorLike[] {
  if (!result.data) return [];
  const [payload] = Object.values(result.data as Record<string, { userErrors?: UserErrorLike[] }>);
  return payload?.userErrors ?? [];
}

function useReport(onDone: () => void) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (result: Outcome): boolean => {
    const problems = problemsOf(result);
    if (result.error) message.error(result.error.message);
    else if (problems.length)
      message.error(
        problems.map((e) => t(`errors.${e.code}`, { defaultValue: e.message })).join(' '),
      );
    else {
      message.success(t('contracts.done'));
      onDone();
      return true;
    }
    return false;
  };
}

/** One contract: its terms, versions with their documents and signature records, and the
 * staff actions (send, withdraw, countersign, amend, terminate, renew). */
export default function ContractPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const mayRead = useCan('contracts', 'read');
  const [{ data, error, fetching }, refetch] = useQuery({
    query: ContractDetail,
    variables: { id },
    pause: !mayRead,
    requestPolicy: 'cache-and-network',
  });
  if (!mayRead) return <ForbiddenState />;
  const reload = () => refetch({ requestPolicy: 'network-only' });
  if (error && !data) return <ErrorState error={error} onRetry={reload} />;
  if (!data && fetching) return <LoadingState />;
  const contract = data?.contract;
  const back = (
    <Link to="/contracts">
      <ArrowLeftOutlined /> {t('contracts.back')}
    </Link>
  );
  if (!contract)
    return (
      <Space direction="vertical">
        {back}
        <Empty description={t('contracts.notFound')} />
      </Space>
    );
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="contract-page">
      {back}
      <PageHeader
        title={`${contract.number} · ${contract.title}`}
        extra={<ContractStatusTag status={contract.status} />}
      />
      <TermsCard contract={contract} onChanged={reload} />
      {contract.versions.map((version) => (
        <VersionCard key={version.id} contract={contract} version={version} onChanged={reload} />
      ))}
    </Space>
  );
}

function TermsCard({ contract, onChanged }: { contract: Contract; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const mayWrite = useCan('contracts', 'write');
  const day = (value: string) => formatDay(value, i18n.language);
  return (
    <Card
      size="small"
      title={t('contracts.terms')}
      extra={mayWrite && <ContractActions contract={contract} onChanged={onChanged} />}
    >
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} data-testid="contract-terms">
        <Descriptions.Item label={t('contracts.customer')}>
          {contract.customer ? (
            <Link to={`/customers/${contract.customer.id}`}>{contract.customer.name}</Link>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('contracts.startDate')}>
          {day(contract.startDate)}
        </Descriptions.Item>
        <Descriptions.Item label={t('contracts.initialTerm')}>
          {t('contracts.months', { count: contract.initialTermMonths })}
        </Descriptions.Item>
        <Descriptions.Item label={t('contracts.currentTerm')}>
          {day(contract.currentTermStart)} – {day(contract.currentTermEnd)}
        </Descriptions.Item>
        <Descriptions.Item label={t('contracts.noticeDeadline')}>
          <span data-testid="contract-notice-deadline">{day(contract.noticeDeadline)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('contracts.renewal')}>
          {t(`contracts.renewalTypes.${contract.renewalType}`)}
          {contract.renewalTermMonths
            ? ` · ${t('contracts.months', { count: contract.renewalTermMonths })}`
            : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('contracts.notice')}>
          {t('contracts.days', { count: contract.noticeDays })}
        </Descriptions.Item>
        {contract.minimumTermMonths ? (
          <Descriptions.Item label={t('contracts.minimumTerm')}>
            {t('contracts.months', { count: contract.minimumTermMonths })}
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('contracts.renewals')}>
          {contract.renewalCount}
        </Descriptions.Item>
        {contract.quoteNumber && (
          <Descriptions.Item label={t('contracts.links')}>
            {t('contracts.quote', { number: contract.quoteNumber })}
          </Descriptions.Item>
        )}
      </Descriptions>
      {contract.terminatedOn && (
        <Typography.Text type="danger" data-testid="contract-terminated">
          {t('contracts.terminated', {
            date: day(contract.terminatedOn),
            reason: contract.terminationReason ?? '',
          })}
        </Typography.Text>
      )}
    </Card>
  );
}

interface TerminateValues {
  effectiveDate: Dayjs;
  reason: string;
}

function ContractActions({ contract, onChanged }: { contract: Contract; onChanged: () => void }) {
  const { t } = useTranslation();
  const report = useReport(onChanged);
  const [, renew] = useMutation(RenewContract);
  const [, terminate] = useMutation(TerminateContract);
  const [, amend] = useMutation(AmendContract);
  const [terminating, setTerminating] = useState(false);
  const [amending, setAmending] = useState(false);
  const [terminateForm] = Form.useForm<TerminateValues>();
  const [amendForm] = Form.useForm<{ note?: string }>();
  const [upload, setUpload] = useState<{ id: string | null; busy: boolean }>({
    id: null,
    busy: false,
  });
  const uploaded = useCallback((id: string | null, busy: boolean) => setUpload({ id, busy }), []);
  const ended = contract.status === 'TERMINATED' || !!contract.terminatedOn;
  return (
    <Space wrap>
      <Button size="small" onClick={() => setAmending(true)} data-testid="contract-amend">
        {t('contracts.amend')}
      </Button>
      {!ended && (
        <>
          <Button
            size="small"
            data-testid="contract-renew"
            onClick={async () => report(await renew({ input: { contractId: contract.id } }))}
          >
            {t('contracts.renew')}
          </Button>
          <Button
            size="small"
            danger
            onClick={() => setTerminating(true)}
            data-testid="contract-terminate"
          >
            {t('contracts.terminate')}
          </Button>
        </>
      )}
      <Modal
        open={terminating}
        title={t('contracts.terminate')}
        onCancel={() => setTerminating(false)}
        onOk={() => terminateForm.submit()}
        okButtonProps={{ danger: true }}
      >
        <Form<TerminateValues>
          form={terminateForm}
          layout="vertical"
          onFinish={async (values) => {
            const done = report(
              await terminate({
                input: {
                  contractId: contract.id,
                  effectiveDate: values.effectiveDate.format('YYYY-MM-DD'),
                  reason: values.reason ?? '',
                },
              }),
            );
            if (done) setTerminating(false);
          }}
        >
          <Form.Item
            name="effectiveDate"
            label={t('contracts.terminateDate')}
            rules={[{ required: true }]}
          >
            <DatePicker data-testid="contract-terminate-date" />
          </Form.Item>
          <Form.Item name="reason" label={t('contracts.terminateReason')}>
            <Input.TextArea rows={2} data-testid="contract-terminate-reason" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={amending}
        title={t('contracts.amend')}
        onCancel={() => setAmending(false)}
        onOk={() => amendForm.submit()}
        okButtonProps={{ disabled: upload.busy }}
      >
        <Form<{ note?: string }>
          form={amendForm}
          layout="vertical"
          onFinish={async (values) => {
            const done = report(
              await amend({
                input: { contractId: contract.id, note: values.note ?? null, uploadId: upload.id },
              }),
            );
            if (done) setAmending(false);
          }}
        >
          <Form.Item name="note" label={t('contracts.amendNote')}>
            <Input.TextArea rows={2} data-testid="contract-amend-note" />
          </Form.Item>
          <PdfUpload onChange={uploaded} resetKey={amending} />
        </Form>
      </Modal>
    </Space>
  );
}

function VersionCard({
  contract,
  version,
  onChanged,
}: {
  contract: Contract;
  version: Version;
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const mayWrite = useCan('contracts', 'write');
  const mayCountersign = useCan('contracts', 'countersign');
  const report = useReport(onChanged);
  const [, send] = useMutation(SendContractVersion);
  const [, revoke] = useMutation(RevokeContractVersion);
  const [, countersign] = useMutation(CountersignContract);
  const customerSigned = version.signatures.some((s) => s.party === 'CUSTOMER');
  const companySigned = version.signatures.some((s) => s.party === 'COMPANY');
  const amended = contract.versions.find((v) => v.id === version.amendsVersionId);
  const input = { versionId: version.id };
  return (
    <Card
      size="small"
      data-testid={`contract-version-${version.number}`}
      title={
        <Space>
          {t('contracts.version', { number: version.number })}
          <Tag data-testid="contract-version-state">{t(`contracts.states.${version.state}`)}</Tag>
          {amended && (
            <Typography.Text type="secondary">
              {t('contracts.amends', { number: amended.number })}
            </Typography.Text>
          )}
        </Space>
      }
      extra={
        <Space wrap>
          {mayWrite && version.state === 'DRAFT' && (
            <Button
              size="small"
              type="primary"
              data-testid="contract-send"
              onClick={async () => report(await send({ input }))}
            >
              {t('contracts.send')}
            </Button>
          )}
          {mayWrite && (version.state === 'DRAFT' || version.state === 'SENT') && (
            <Button
              size="small"
              data-testid="contract-revoke"
              onClick={async () => report(await revoke({ input }))}
            >
              {t('contracts.revoke')}
            </Button>
          )}
          {mayCountersign && customerSigned && !companySigned && (
            <Button
              size="small"
              type="primary"
              data-testid="contract-countersign"
              onClick={async () => report(await countersign({ input }))}
            >
              {t('contracts.countersign')}
            </Button>
          )}
        </Space>
      }
    >
      {version.note && <Typography.Paragraph>{version.note}</Typography.Paragraph>}
      <Space wrap style={{ marginBottom: 8 }}>
        {version.documentUrl && (
          <a href={version.documentUrl} target="_blank" rel="noopener">
            <DownloadOutlined /> {t('contracts.document')}
          </a>
        )}
        {version.signedDocumentUrl && (
          <a href={version.signedDocumentUrl} target="_blank" rel="noopener">
            <DownloadOutlined /> {t('contracts.signedDocument')}
          </a>
        )}
        <Typography.Text type="secondary" copyable={{ text: version.sha256 }}>
          {t('contracts.sha256')}: {version.sha256.slice(0, 16)}…
        </Typography.Text>
      </Space>
      <Table
        size="small"
        rowKey="party"
        pagination={false}
        data-testid="contract-signatures"
        dataSource={version.signatures}
        locale={{ emptyText: t('contracts.noSignatures') }}
        columns={[
          {
            title: t('contracts.signatures'),
            key: 'signer',
            render: (_, s) =>
              t('contracts.signedBy', {
                name: s.signerTitle ? `${s.signerName}, ${s.signerTitle}` : s.signerName,
                party: t(`contracts.parties.${s.party}`),
              }),
          },
          {
            title: t('contracts.signedAt'),
            key: 'at',
            render: (_, s) => formatDateTime(s.signedAt, i18n.language),
          },
          { title: t('contracts.ipAddress'), key: 'ip', dataIndex: 'ipAddress' },
          { title: t('contracts.userAgent'), key: 'ua', dataIndex: 'userAgent', ellipsis: true },
          {
            title: t('contracts.sha256'),
            key: 'sha',
            render: (_, s) => (
              <Typography.Text code copyable={{ text: s.documentSha256 }}>
                {s.documentSha256.slice(0, 12)}…
              </Typography.Text>
            ),
          },
        ]}
      />
    </Card>
  );
}
