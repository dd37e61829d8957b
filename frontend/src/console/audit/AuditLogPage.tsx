import { Button, DatePicker, Form, Input, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { AuditLogFilter, AuditLogQuery } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/components/ConnectionTable';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, ForbiddenState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/format';
import { useCursorPager } from '../../shared/useCursorPager';
import { useCan, useViewer } from '../viewer';

const AuditLog = graphql(`
  query AuditLog($first: Int, $after: String, $filter: AuditLogFilter) {
    auditLog(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          id
          actorKind
          actorId
          actorLabel
          action
          targetType
          targetId
          changes
          requestId
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

type AuditRow = AuditLogQuery['auditLog']['edges'][number]['node'];

interface FilterValues {
  action?: string;
  targetType?: string;
  targetId?: string;
  period?: [Dayjs | null, Dayjs | null] | null;
}

/** Form values → the API's filter; empty fields filter nothing. */
function toAuditFilter(values: FilterValues): AuditLogFilter {
  const text = (value?: string) => (value?.trim() ? value.trim() : null);
  const [since, until] = values.period ?? [null, null];
  return {
    action: text(values.action),
    targetType: text(values.targetType),
    targetId: text(values.targetId),
    since: since ? since.startOf('day').toISOString() : null,
    until: until ? until.endOf('day').toISOString() : null,
  };
}

function ChangesView({ changes }: { changes: unknown }) {
  const entries =
    changes && typeof changes === 'object'
      ? Object.entries(changes as Record<string, unknown>)
      : [];
  if (entries.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <dl style={{ margin: 0 }}>
      {entries.map(([field, change]) => (
        <div key={field} style={{ display: 'flex', gap: 8 }}>
          <dt style={{ fontWeight: 600 }}>{field}</dt>
          <dd style={{ margin: 0 }}>
            <Typography.Text code>{JSON.stringify(change)}</Typography.Text>
          </dd>
        </div>
      ))}
    </dl>
  );
}

export default function AuditLogPage() {
  const { t, i18n } = useTranslation();
  const { tenant } = useViewer();
  const canRead = useCan('audit', 'read');
  const [form] = Form.useForm<FilterValues>();
  const pager = useCursorPager();
  const [filter, setFilter] = useState<AuditLogFilter>({});
  const [{ data, error, fetching }, refetch] = useQuery({
    query: AuditLog,
    variables: { first: 50, after: pager.after, filter },
    pause: !canRead,
  });

  if (!canRead) return <ForbiddenState />;
  if (error && !data)
    return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  return (
    <>
      <PageHeader title={t('audit.title')} />
      <Form
        form={form}
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(values) => {
          pager.reset();
          setFilter(toAuditFilter(values));
        }}
      >
        <Form.Item name="action" label={t('audit.action')}>
          <Input placeholder="users.invite" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="targetType" label={t('audit.targetType')}>
          <Input placeholder="user" style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="targetId" label={t('audit.targetId')}>
          <Input style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="period" label={t('audit.period')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('common.filter')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              pager.reset();
              setFilter({});
            }}
          >
            {t('common.reset')}
          </Button>
        </Space>
      </Form>
      <ConnectionTable<AuditRow>
        connection={data?.auditLog}
        loading={fetching}
        pager={pager}
        size="small"
        scroll={{ x: 1000 }}
        expandable={{
          expandedRowRender: (row) => <ChangesView changes={row.changes} />,
          rowExpandable: () => true,
        }}
        empty={t('audit.empty')}
        columns={[
          {
            title: t('audit.when'),
            key: 'when',
            width: 190,
            render: (_, r) => formatDateTime(r.createdAt, i18n.language, tenant.timeZone),
          },
          {
            title: t('audit.actor'),
            key: 'actor',
            render: (_, r) =>
              `${r.actorLabel} (${t(`audit.actorKinds.${r.actorKind}`, { defaultValue: r.actorKind })})`,
          },
          {
            title: t('audit.action'),
            key: 'action',
            render: (_, r) => <Typography.Text code>{r.action}</Typography.Text>,
          },
          {
            title: t('audit.target'),
            key: 'target',
            render: (_, r) => `${r.targetType}${r.targetId ? ` · ${r.targetId.slice(0, 8)}` : ''}`,
          },
          {
            title: t('audit.requestId'),
            key: 'request',
            render: (_, r) => (
              <Typography.Text type="secondary">{r.requestId?.slice(0, 12) ?? '—'}</Typography.Text>
            ),
          },
        ]}
      />
    </>
  );
}
