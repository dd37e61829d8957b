import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { ApiClientsListQuery } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/components/ConnectionTable';
import { roleName } from '../../shared/serverText';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, ForbiddenState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/format';
import { useCursorPager } from '../../shared/useCursorPager';
import { useUserErrors } from '../../shared/useUserErrors';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { RoleOptions } from '../users/queries';
import { useCan, useViewer } from '../viewer';

const ApiClientsList = graphql(`
  query ApiClientsList($first: Int, $after: String) {
    apiClients(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          name
          clientId
          status
          roles
          createdAt
          lastUsedAt
          revokedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const CreateApiClient = graphql(`
  mutation CreateApiClient($input: CreateApiClientInput!) {
    createApiClient(input: $input) {
      clientSecret
      apiClient {
        id
        name
        clientId
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

const RevokeApiClient = graphql(`
  mutation RevokeApiClient($apiClientId: ID!) {
    revokeApiClient(apiClientId: $apiClientId) {
      apiClient {
        id
        status
        revokedAt
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

const RotateApiClientSecret = graphql(`
  mutation RotateApiClientSecret($apiClientId: ID!) {
    rotateApiClientSecret(apiClientId: $apiClientId) {
      clientSecret
      apiClient {
        id
        name
        clientId
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

type ApiClientRow = ApiClientsListQuery['apiClients']['edges'][number]['node'];
interface IssuedSecret {
  name: string;
  clientId: string;
  clientSecret: string;
}

/** The secret is shown once, here; the API stores only its hash. */
function SecretModal({ secret, onClose }: { secret: IssuedSecret | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={!!secret}
      title={t('apiClients.secretTitle', { name: secret?.name ?? '' })}
      onOk={onClose}
      onCancel={onClose}
      okText={t('apiClients.secretSaved')}
      cancelButtonProps={{ style: { display: 'none' } }}
      destroyOnClose
    >
      <Alert
        type="warning"
        showIcon
        message={t('apiClients.secretOnce')}
        style={{ marginBottom: 16 }}
      />
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label={t('apiClients.clientId')}>
          <Typography.Text copyable code>
            {secret?.clientId}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('apiClients.clientSecret')}>
          <Typography.Text copyable code data-testid="client-secret">
            {secret?.clientSecret}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </Modal>
  );
}

function CreateApiClientModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (s: IssuedSecret) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; roleKeys: string[] }>();
  const [roles] = useQuery({ query: RoleOptions, pause: !open });
  const [{ fetching }, create] = useMutation(CreateApiClient);
  const showErrors = useUserErrors(form, ['name', 'roleKeys']);
  const [general, setGeneral] = useState<string[]>([]);

  const submit = async (values: { name: string; roleKeys: string[] }) => {
    setGeneral([]);
    const result = await create({ input: values });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const payload = result.data?.createApiClient;
    if (!payload?.apiClient || !payload.clientSecret)
      return setGeneral(showErrors(payload?.userErrors ?? []));
    form.resetFields();
    onCreated({
      name: payload.apiClient.name,
      clientId: payload.apiClient.clientId,
      clientSecret: payload.clientSecret,
    });
  };

  return (
    <Modal
      open={open}
      title={t('apiClients.newTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={fetching}
      destroyOnClose
    >
      <FormAlerts messages={general} />
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        initialValues={{ roleKeys: [] }}
      >
        <Form.Item
          name="name"
          label={t('apiClients.name')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="roleKeys"
          label={t('users.roles')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Select
            mode="multiple"
            loading={roles.fetching}
            options={(roles.data?.roles ?? []).map((r) => ({
              value: r.key,
              label: `${roleName(t, r)} (${r.key})`,
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function ApiClientsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { tenant } = useViewer();
  const canRead = useCan('api_clients', 'read');
  const canWrite = useCan('api_clients', 'write');
  const pager = useCursorPager();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: ApiClientsList,
    variables: { first: 25, after: pager.after },
    pause: !canRead,
  });
  const [, revoke] = useMutation(RevokeApiClient);
  const [, rotate] = useMutation(RotateApiClientSecret);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<IssuedSecret | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  if (!canRead) return <ForbiddenState />;
  if (error && !data) return <ErrorState error={error} onRetry={reload} />;

  const showProblem = (problem: { code: string; message: string } | undefined, fallback?: string) =>
    void message.error(
      problem ? t(`errors.${problem.code}`, { defaultValue: problem.message }) : fallback,
    );

  const onRevoke = async (row: ApiClientRow) => {
    const result = await revoke({ apiClientId: row.id });
    const problem = result.data?.revokeApiClient.userErrors[0];
    if (result.error || problem) return showProblem(problem, result.error?.message);
    void message.success(t('apiClients.revoked', { name: row.name }));
    reload();
  };
  const onRotate = async (row: ApiClientRow) => {
    const result = await rotate({ apiClientId: row.id });
    const payload = result.data?.rotateApiClientSecret;
    if (result.error || !payload?.clientSecret)
      return showProblem(payload?.userErrors[0], result.error?.message);
    setSecret({ name: row.name, clientId: row.clientId, clientSecret: payload.clientSecret });
  };

  const connection = data?.apiClients;
  return (
    <>
      <PageHeader
        title={t('apiClients.title')}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('apiClients.new')}
            </Button>
          )
        }
      />
      <Typography.Paragraph type="secondary">{t('apiClients.intro')}</Typography.Paragraph>
      <ConnectionTable<ApiClientRow>
        connection={connection}
        pager={pager}
        loading={fetching}
        scroll={{ x: 900 }}
        empty={t('apiClients.empty')}
        columns={[
          { title: t('apiClients.name'), dataIndex: 'name', key: 'name' },
          {
            title: t('apiClients.clientId'),
            key: 'clientId',
            render: (_, c) => <Typography.Text code>{c.clientId}</Typography.Text>,
          },
          {
            title: t('users.roles'),
            key: 'roles',
            render: (_, c) => c.roles.map((r) => <Tag key={r}>{r}</Tag>),
          },
          {
            title: t('users.status'),
            key: 'status',
            render: (_, c) => (
              <Tag color={c.status === 'ACTIVE' ? 'green' : 'default'}>
                {t(`apiClients.statuses.${c.status}`)}
              </Tag>
            ),
          },
          {
            title: t('apiClients.created'),
            key: 'created',
            render: (_, c) => formatDateTime(c.createdAt, i18n.language, tenant.timeZone),
          },
          {
            title: t('apiClients.lastUsed'),
            key: 'lastUsed',
            render: (_, c) => formatDateTime(c.lastUsedAt, i18n.language, tenant.timeZone),
          },
          ...(canWrite
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, c: ApiClientRow) =>
                    c.status === 'ACTIVE' && (
                      <Space size={0}>
                        <Popconfirm
                          title={t('apiClients.confirmRotate')}
                          onConfirm={() => onRotate(c)}
                          okText={t('common.yes')}
                          cancelText={t('common.no')}
                        >
                          <Button type="link" size="small">
                            {t('apiClients.rotate')}
                          </Button>
                        </Popconfirm>
                        <Popconfirm
                          title={t('apiClients.confirmRevoke', { name: c.name })}
                          onConfirm={() => onRevoke(c)}
                          okText={t('common.yes')}
                          cancelText={t('common.no')}
                        >
                          <Button type="link" size="small" danger>
                            {t('apiClients.revoke')}
                          </Button>
                        </Popconfirm>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      <CreateApiClientModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(issued) => {
          setCreating(false);
          setSecret(issued);
          reload();
        }}
      />
      <SecretModal secret={secret} onClose={() => setSecret(null)} />
    </>
  );
}
