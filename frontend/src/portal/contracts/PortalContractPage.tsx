import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import type { MyContractDetailQuery } from '../../gql/graphql';
import { ErrorState, LoadingState } from '../../shared/components/States';
import { formatDateTime, formatDay } from '../../shared/format';
import type { UserErrorLike } from '../../shared/userErrors';
import { DeclineContract, MyContractDetail, SignContract } from './queries';

type Contract = MyContractDetailQuery['myContract'];
type Version = Contract['versions'][number];

interface SignValues {
  signerName: string;
  signerTitle?: string;
  accept: boolean;
}

/** One of the customer's contracts: its terms, each version's document (and signed copy),
 * and the version awaiting their signature with the form to sign or decline it. */
export function PortalContractPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: MyContractDetail,
    variables: { id },
    requestPolicy: 'cache-and-network',
  });
  const back = (
    <Link to="/contracts">
      <ArrowLeftOutlined /> {t('portalContracts.back')}
    </Link>
  );
  if (error && !data) {
    if (error.graphQLErrors.some((e) => e.extensions?.code === 'NOT_FOUND'))
      return (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          {back}
          <Empty
            description={t('portalContracts.notFound')}
            data-testid="portal-contract-missing"
          />
        </Space>
      );
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  }
  if (!data && fetching) return <LoadingState />;
  const found = data?.myContract;
  if (!found) return <Empty description={t('portalContracts.notFound')} />;
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="portal-contract">
      {back}
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={2} style={{ margin: 0 }} data-testid="portal-contract-number">
          {found.number} · {found.title}
        </Typography.Title>
        <Tag data-testid="portal-contract-status">{t(`contracts.statuses.${found.status}`)}</Tag>
      </Flex>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, sm: 3 }}>
          <Descriptions.Item label={t('contracts.startDate')}>
            {formatDay(found.startDate, i18n.language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('portalContracts.termEnd')}>
            {formatDay(found.currentTermEnd, i18n.language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('portalContracts.noticeDeadline')}>
            {formatDay(found.noticeDeadline, i18n.language)}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {found.versions.map((version) => (
        <VersionCard key={version.id} version={version} onChanged={reload} />
      ))}
    </Space>
  );
}

function VersionCard({ version, onChanged }: { version: Version; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <Card
      size="small"
      title={t('portalContracts.version', { number: version.number })}
      extra={<Tag>{t(`contracts.states.${version.state}`)}</Tag>}
      data-testid={`portal-contract-version-${version.number}`}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          {version.documentUrl && (
            <a href={version.documentUrl} target="_blank" rel="noopener" data-testid="contract-pdf">
              <DownloadOutlined /> {t('portalContracts.download')}
            </a>
          )}
          {version.signedDocumentUrl && (
            <a
              href={version.signedDocumentUrl}
              target="_blank"
              rel="noopener"
              data-testid="contract-signed-pdf"
            >
              <DownloadOutlined /> {t('portalContracts.downloadSigned')}
            </a>
          )}
        </Space>
        {version.signatures.map((s) => (
          <Typography.Text key={s.party} type="secondary">
            {t('portalContracts.signedBy', {
              name: s.signerName,
              date: formatDateTime(s.signedAt, i18n.language),
            })}
          </Typography.Text>
        ))}
        {version.state === 'SENT' && <SignForm version={version} onSigned={onChanged} />}
      </Space>
    </Card>
  );
}

function SignForm({ version, onSigned }: { version: Version; onSigned: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SignValues>();
  const [errors, setErrors] = useState<string[]>([]);
  const [{ fetching: signing }, sign] = useMutation(SignContract);
  const [{ fetching: declining }, decline] = useMutation(DeclineContract);
  const describe = (e: UserErrorLike) => t(`errors.${e.code}`, { defaultValue: e.message });
  const submit = async (values: SignValues) => {
    const result = await sign({
      input: {
        versionId: version.id,
        documentSha256: version.sha256,
        signerName: values.signerName ?? '',
        signerTitle: values.signerTitle || null,
        accept: !!values.accept,
      },
    });
    const problems = result.data?.signContract.userErrors ?? [];
    setErrors(result.error ? [result.error.message] : problems.map(describe));
    if (!result.error && problems.length === 0) onSigned();
  };
  const refuse = async () => {
    const result = await decline({ input: { versionId: version.id, reason: null } });
    const problems = result.data?.declineContract.userErrors ?? [];
    setErrors(result.error ? [result.error.message] : problems.map(describe));
    if (!result.error && problems.length === 0) onSigned();
  };
  return (
    <Form<SignValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      data-testid="contract-sign-form"
      style={{ maxWidth: 480 }}
    >
      <Typography.Title level={5}>{t('portalContracts.signHeading')}</Typography.Title>
      {errors.length > 0 && (
        <Alert type="error" showIcon message={errors.join(' ')} data-testid="contract-sign-error" />
      )}
      <Form.Item name="signerName" label={t('portalContracts.signerName')}>
        <Input data-testid="contract-signer-name" autoComplete="name" />
      </Form.Item>
      <Form.Item name="signerTitle" label={t('portalContracts.signerTitle')}>
        <Input data-testid="contract-signer-title" />
      </Form.Item>
      <Form.Item name="accept" valuePropName="checked">
        <Checkbox data-testid="contract-accept">{t('portalContracts.accept')}</Checkbox>
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={signing} data-testid="contract-sign">
          {t('portalContracts.sign')}
        </Button>
        <Button
          danger
          onClick={() => void refuse()}
          loading={declining}
          data-testid="contract-decline"
        >
          {t('portalContracts.decline')}
        </Button>
      </Space>
    </Form>
  );
}
